// Placeholders in canned responses and macro replies: `{{customer.name}}` … checked when saved, filled in per ticket.
import type { Ticket } from '../tickets/schemas.ts';

export const PLACEHOLDERS = [
  'customer.name',
  'customer.email',
  'ticket.number',
  'ticket.subject',
  'agent.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const KNOWN = new Set<string>(PLACEHOLDERS);
/** `{{ name }}`: letters, digits, dots and underscores between double braces, spaces allowed around the name. */
const TOKEN = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

export const PLACEHOLDER_HELP = `Placeholders filled in for the ticket: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}. A customer without a name gets their email address; any other {{…}} is refused when saved (422 naming it).`;

/** The placeholders of `text` that are none of PLACEHOLDERS, each once, in order of appearance. */
export function unknownPlaceholders(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN)) if (!KNOWN.has(m[1]) && !out.includes(m[1])) out.push(m[1]);
  return out;
}

export interface RenderContext {
  ticket: Pick<Ticket, 'number' | 'subject' | 'requester'>;
  /** The agent (or API key) the text is written as. */
  agentName: string | null;
}

export function placeholderValues(ctx: RenderContext): Record<Placeholder, string> {
  return {
    'customer.name': ctx.ticket.requester.name ?? ctx.ticket.requester.email,
    'customer.email': ctx.ticket.requester.email,
    'ticket.number': String(ctx.ticket.number),
    'ticket.subject': ctx.ticket.subject,
    'agent.name': ctx.agentName ?? '',
  };
}

/** Fills in every known placeholder; an unknown one (saved before it was refused) stays as written. */
export function renderPlaceholders(text: string, ctx: RenderContext): string {
  const values: Record<string, string> = placeholderValues(ctx);
  return text.replace(TOKEN, (whole, name: string) => (Object.hasOwn(values, name) ? values[name] : whole));
}
