// html-to-text ships no types; this is the one call inbound mail makes.
declare module 'html-to-text' {
  export function convert(html: string, options?: Record<string, unknown>): string;
}
