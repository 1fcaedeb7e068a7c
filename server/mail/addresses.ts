// Mail addresses: a tenant's inbound address and the per-ticket reply address whose token proves the
// reply belongs to that ticket (an HMAC under a server secret, so nobody can make one from a number).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `<slug>@<INBOUND_DOMAIN>`: mail sent or forwarded here becomes the tenant's tickets. */
export function inboundAddress(slug: string, inboundDomain: string): string {
  return `${slug}@${inboundDomain}`;
}

const TAG_LENGTH = 20;

function tag(key: string, tenantId: string, ticketNumber: number): string {
  return createHmac('sha256', key).update(`reply:${tenantId}:${ticketNumber}`).digest('hex').slice(0, TAG_LENGTH);
}

/** The plus-address token for one ticket: `<number>-<hmac>`, lowercase, so MTAs that fold case keep it. */
export function replyToken(key: string, tenantId: string, ticketNumber: number): string {
  return `${ticketNumber}-${tag(key, tenantId, ticketNumber)}`;
}

/** `<slug>+<token>@<INBOUND_DOMAIN>`: the Reply-To of every mail about a ticket. */
export function replyAddress(
  key: string,
  tenant: { id: string; slug: string },
  ticketNumber: number,
  inboundDomain: string,
): string {
  return `${tenant.slug}+${replyToken(key, tenant.id, ticketNumber)}@${inboundDomain}`;
}

/** The ticket number a token names, or null when the token was not made by us for this tenant. */
export function verifyReplyToken(key: string, tenantId: string, token: string): number | null {
  const m = /^(\d{1,12})-([0-9a-f]+)$/.exec(token.toLowerCase());
  if (!m) return null;
  const number = Number(m[1]);
  const expected = Buffer.from(tag(key, tenantId, number));
  const given = Buffer.from(m[2]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? number : null;
}

export interface LocalAddress {
  slug: string;
  /** The part after `+`, when there is one. */
  token: string | null;
}

/**
 * Reads one of our addresses (`slug@domain` or `slug+token@domain`, any case); null when the address
 * is not at INBOUND_DOMAIN or is not shaped like ours.
 */
export function parseLocalAddress(address: string, inboundDomain: string): LocalAddress | null {
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  const local = address.slice(0, at).trim().toLowerCase();
  const domain = address
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  if (domain !== inboundDomain.toLowerCase()) return null;
  const plus = local.indexOf('+');
  const slug = plus === -1 ? local : local.slice(0, plus);
  const token = plus === -1 ? null : local.slice(plus + 1) || null;
  return /^[a-z0-9-]{1,40}$/.test(slug) ? { slug, token } : null;
}
