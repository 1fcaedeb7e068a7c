// Signed download links: bound to the attachment, its tenant, who may read it and an expiry, so a link
// copied elsewhere stops working when it expires and never opens another tenant's or another visitor's file.
import { createHmac } from 'node:crypto';
import { safeEqual } from '../lib/crypto.ts';

/** Who a link is for: an agent, an API key, a visitor token (by its hash), or a customer reading a mail. */
export type Reader =
  | { kind: 'agent'; id: string }
  | { kind: 'api-key'; id: string }
  | { kind: 'visitor'; tokenHash: string }
  | { kind: 'customer'; id: string };

const PREFIX = { agent: 'a', 'api-key': 'k', visitor: 'v', customer: 'c' } as const;

export function encodeReader(r: Reader): string {
  return `${PREFIX[r.kind]}.${r.kind === 'visitor' ? r.tokenHash : r.id}`;
}

export function decodeReader(s: string): Reader | null {
  const m = /^([akvc])\.([A-Za-z0-9_-]{1,80})$/.exec(s);
  if (!m) return null;
  const [, p, v] = m;
  if (p === 'a') return { kind: 'agent', id: v };
  if (p === 'k') return { kind: 'api-key', id: v };
  if (p === 'c') return { kind: 'customer', id: v };
  return /^[0-9a-f]{64}$/.test(v) ? { kind: 'visitor', tokenHash: v } : null;
}

function signature(key: string, tenantId: string, attachmentId: string, reader: string, expires: number) {
  return createHmac('sha256', key)
    .update(`${tenantId}\n${attachmentId}\n${reader}\n${expires}`)
    .digest('base64url')
    .slice(0, 32);
}

export interface LinkParams {
  r: string;
  e: string;
  s: string;
}

/** The query of a link valid until `expires` (epoch seconds). */
export function signLink(
  key: string,
  tenantId: string,
  attachmentId: string,
  reader: Reader,
  expires: number,
): LinkParams {
  const r = encodeReader(reader);
  return { r, e: String(expires), s: signature(key, tenantId, attachmentId, r, expires) };
}

export type LinkCheck = { ok: true; reader: Reader } | { ok: false; reason: 'invalid' | 'expired' };

export function checkLink(
  key: string,
  tenantId: string,
  attachmentId: string,
  params: Partial<LinkParams>,
  nowSeconds: number,
): LinkCheck {
  const { r, e, s } = params;
  if (!r || !e || !s || !/^\d{1,12}$/.test(e)) return { ok: false, reason: 'invalid' };
  const reader = decodeReader(r);
  if (!reader) return { ok: false, reason: 'invalid' };
  if (!safeEqual(signature(key, tenantId, attachmentId, r, Number(e)), s)) return { ok: false, reason: 'invalid' };
  if (Number(e) < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, reader };
}
