// Idempotency-Key for POSTs: a retry with the same key and body within 24 h gets the first answer and creates nothing.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { sha256 } from '../lib/crypto.ts';
import { invalidField, Problem } from '../lib/problem.ts';
import { clientIp } from './client-ip.ts';

const TTL_MS = 24 * 60 * 60 * 1000;
const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Who the key belongs to: two callers may use the same key without seeing each other's answers
 * (a widget answer carries a visitor token). A widget visitor is their token; an anonymous one
 * has nothing only they know, so the key is bound to their address and browser: a retry from the
 * same browser is replayed, the same key from anyone else is a new request.
 */
export function principalKey(c: Context<AppEnv>): string {
  const p = c.get('principal');
  if (p?.kind === 'agent') return `agent:${p.agentId}`;
  if (p?.kind === 'api-key') return `key:${p.apiKeyId}`;
  if (p?.kind === 'platform') return 'platform';
  const auth = c.req.header('authorization');
  if (auth) return `visitor:${sha256(auth)}`;
  return `anonymous:${sha256(`${clientIp(c)}\n${c.req.header('user-agent') ?? ''}`)}`;
}

/**
 * Only 2xx answers are stored: a failed attempt may be retried with the same key once fixed.
 * Concurrent retries in this process wait for the first to finish instead of creating twice.
 */
export function idempotency(
  deps: Deps,
  owner: (c: Context<AppEnv>) => string = principalKey,
): MiddlewareHandler<AppEnv> {
  const inFlight = new Map<string, Promise<void>>();
  return async function idempotencyMiddleware(c, next) {
    const key = c.req.header('idempotency-key');
    if (key === undefined || c.req.method !== 'POST') return next();
    if (!KEY.test(key)) throw invalidField('Idempotency-Key', 'must be 1–255 visible ASCII characters');
    const tenantId = c.get('tenantId');
    const who = owner(c);
    const slot = `${tenantId}\n${who}\n${key}`;
    while (inFlight.has(slot)) await inFlight.get(slot);
    // Claimed synchronously after the check, so a concurrent retry cannot slip in between.
    let done!: () => void;
    inFlight.set(slot, new Promise<void>((r) => (done = r)));
    try {
      const hash = sha256(`${c.req.method} ${c.req.path}\n${await c.req.text()}`);
      const now = deps.now();
      const stored = await deps.db.get<{ request_hash: string; status: number; body: string; created_at: string }>(
        'SELECT request_hash, status, body, created_at FROM idempotency_keys WHERE tenant_id = ? AND principal = ? AND key = ?',
        [tenantId, who, key],
      );
      if (stored && new Date(stored.created_at).getTime() + TTL_MS > now.getTime()) {
        if (stored.request_hash !== hash) {
          throw new Problem(
            422,
            'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
            {
              type: 'https://helpdesk.dev/problems/idempotency-key-reused',
            },
          );
        }
        return c.body(stored.body, stored.status as 200, {
          'Content-Type': 'application/json',
          'Idempotent-Replayed': 'true',
        });
      }
      await next();
      if (c.res.status >= 200 && c.res.status < 300) {
        const body = await c.res.clone().text();
        await deps.db.run(
          `INSERT INTO idempotency_keys (tenant_id, principal, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (tenant_id, principal, key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
             body = excluded.body, created_at = excluded.created_at`,
          [tenantId, who, key, hash, c.res.status, body, now.toISOString()],
        );
      }
    } finally {
      inFlight.delete(slot);
      done();
    }
  };
}
