// Visitor tokens: shown once, stored hashed, scoped to one tenant's customer — to the tickets they were issued
// with, or (after identify with a valid userHash) to all of that customer's tickets.
import type { Context } from 'hono';
import type { AppEnv } from '../types.ts';
import type { Queryable } from '../db/client.ts';
import { sha256 } from '../lib/crypto.ts';
import { randomToken } from '../lib/ids.ts';
import { unauthorized } from '../lib/problem.ts';

export type TokenScope = 'tickets' | 'customer';

export interface Visitor {
  tokenHash: string;
  token: string;
  customerId: string;
  scope: TokenScope;
}

export async function issueToken(
  q: Queryable,
  tenantId: string,
  customerId: string,
  scope: TokenScope,
  now: Date,
): Promise<Visitor> {
  const token = `hd_vt_${randomToken(40)}`;
  const tokenHash = sha256(token);
  await q.run(
    'INSERT INTO visitor_tokens (token_hash, tenant_id, customer_id, scope, created_at) VALUES (?, ?, ?, ?, ?)',
    [tokenHash, tenantId, customerId, scope, now.toISOString()],
  );
  return { token, tokenHash, customerId, scope };
}

export async function grantTicket(q: Queryable, tokenHash: string, ticketId: string) {
  await q.run('INSERT OR IGNORE INTO visitor_token_tickets (token_hash, ticket_id) VALUES (?, ?)', [
    tokenHash,
    ticketId,
  ]);
}

/** The token from `Authorization: Bearer` or, for EventSource which cannot send headers, `?token=`. */
export function presentedToken(c: Context<AppEnv>): string | null {
  const auth = c.req.header('authorization');
  if (auth) {
    const m = /^Bearer\s+(hd_vt_\w+)$/i.exec(auth);
    return m ? m[1] : '';
  }
  return c.req.query('token') ?? null;
}

export async function findVisitor(q: Queryable, tenantId: string, token: string): Promise<Visitor | null> {
  if (!token.startsWith('hd_vt_')) return null;
  const visitor = await visitorByHash(q, tenantId, sha256(token));
  return visitor && { ...visitor, token };
}

/** The visitor a stored token hash belongs to (e.g. the reader of a signed download link); the token itself is not known. */
export async function visitorByHash(q: Queryable, tenantId: string, tokenHash: string): Promise<Visitor | null> {
  const row = await q.get<{ customer_id: string; scope: TokenScope }>(
    'SELECT customer_id, scope FROM visitor_tokens WHERE token_hash = ? AND tenant_id = ?',
    [tokenHash, tenantId],
  );
  return row ? { token: '', tokenHash, customerId: row.customer_id, scope: row.scope } : null;
}

/** 401 unless a valid token of this tenant was presented; another tenant's token is simply unknown here. */
export async function requireVisitor(c: Context<AppEnv>, q: Queryable): Promise<Visitor> {
  const token = presentedToken(c);
  const visitor = token ? await findVisitor(q, c.get('tenantId'), token) : null;
  if (!visitor) throw unauthorized('Send your visitor token as "Authorization: Bearer hd_vt_…".');
  return visitor;
}

/** Ticket ids this visitor may read. */
export async function visitorTicketIds(q: Queryable, tenantId: string, v: Visitor): Promise<string[]> {
  const rows =
    v.scope === 'customer'
      ? await q.all<{ id: string }>(
          'SELECT id FROM tickets WHERE tenant_id = ? AND requester_id = ? ORDER BY updated_at DESC, id DESC',
          [tenantId, v.customerId],
        )
      : await q.all<{ id: string }>(
          `SELECT t.id FROM visitor_token_tickets vt JOIN tickets t ON t.id = vt.ticket_id
           WHERE vt.token_hash = ? AND t.tenant_id = ? AND t.requester_id = ? ORDER BY t.updated_at DESC, t.id DESC`,
          [v.tokenHash, tenantId, v.customerId],
        );
  return rows.map((r) => r.id);
}
