// Absolute http(s) URLs we store and hand back: parsed by the WHATWG URL parser, kept as an RFC 3986 href.
import { z } from '@hono/zod-openapi';

// Quotes, angle brackets and backslashes break out of HTML attributes or are read differently by other parsers;
// whitespace is silently dropped by the URL parser, so what was checked would not be what is stored.
const REFUSED = /[\s"'`<>\\]/;

// What WHATWG leaves unescaped but RFC 3986 does not allow outside the host (`format: uri` validators refuse it).
const NOT_RFC3986 = /[{}|^[\]]|%(?![0-9A-Fa-f]{2})/g;

export type HttpUrlRefusal = 'characters' | 'not-url' | 'scheme' | 'credentials';

/** The normalised href of an absolute http(s) URL, or why it is refused. */
export function parseHttpUrl(input: string): { href: string } | { refused: HttpUrlRefusal } {
  if (REFUSED.test(input)) return { refused: 'characters' };
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { refused: 'not-url' };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return { refused: 'scheme' };
  // Anything stored here is shown to every visitor: a user name or password in it would be published.
  if (url.username || url.password) return { refused: 'credentials' };
  const rest = `${url.pathname}${url.search}${url.hash}`.replace(
    NOT_RFC3986,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return { href: `${url.protocol}//${url.host}${rest}` };
}

const MESSAGES: Record<HttpUrlRefusal, string> = {
  characters: 'must not contain spaces, quotes, angle brackets or backslashes',
  'not-url': 'must be an absolute URL like https://cdn.example.com/logo.png',
  scheme: 'must be an http:// or https:// URL',
  credentials: 'must not contain a user name or password',
};

/** A request field holding an http(s) URL; the parsed value is its normalised href. */
export function httpUrlField(maxLength = 2048) {
  return z
    .string()
    .max(maxLength)
    .transform((value, ctx) => {
      const parsed = parseHttpUrl(value);
      if ('href' in parsed) return parsed.href;
      ctx.addIssue({ code: 'custom', message: MESSAGES[parsed.refused] });
      return z.NEVER;
    })
    .openapi({ format: 'uri', description: 'An absolute http(s) URL; stored and answered normalised.' });
}
