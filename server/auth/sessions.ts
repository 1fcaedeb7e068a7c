// Agent sessions: random tokens in an HttpOnly cookie, stored only as hashes, expiring and revocable.
import type { Queryable } from '../db/client.ts';
import { sha256 } from '../lib/crypto.ts';
import { newId, randomToken } from '../lib/ids.ts';
import type { Actor } from '../audit/audit.ts';

export const SESSION_COOKIE = 'hd_session';
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** How a session was started: shown in the agent's list of sessions and kept in the audit trail. */
export type SignInMethod = 'password' | 'two-factor' | 'passkey' | 'oidc' | 'saml' | 'invitation' | 'password-reset';

/** Where a session comes from, as the agent's session list shows it. */
export interface SessionOrigin {
  ip: string | null;
  userAgent: string | null;
  method: SignInMethod;
}

/** The origin of a session started by this request's caller. */
export const sessionOrigin = (actor: Actor, method: SignInMethod): SessionOrigin => ({
  ip: actor.ip,
  userAgent: actor.userAgent ?? null,
  method,
});

export async function createSession(q: Queryable, tenantId: string, agentId: string, now: Date, origin: SessionOrigin) {
  const token = randomToken(43);
  const id = newId('ses');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await q.run(
    `INSERT INTO sessions (token_hash, id, agent_id, tenant_id, created_at, expires_at, ip, user_agent, method, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      sha256(token),
      id,
      agentId,
      tenantId,
      now.toISOString(),
      expiresAt,
      origin.ip,
      origin.userAgent?.slice(0, 512) ?? null,
      origin.method,
      now.toISOString(),
    ],
  );
  return { token, id, expiresAt };
}

export async function findSession(q: Queryable, token: string, now: Date) {
  return q.get<{ token_hash: string; agent_id: string; tenant_id: string }>(
    'SELECT token_hash, agent_id, tenant_id FROM sessions WHERE token_hash = ? AND expires_at > ?',
    [sha256(token), now.toISOString()],
  );
}

/** The session row by its hash, expired or not: the credential cache keeps it and checks expiry per request. */
export async function findSessionByHash(q: Queryable, tokenHash: string) {
  return q.get<{ token_hash: string; agent_id: string; tenant_id: string; expires_at: string }>(
    'SELECT token_hash, agent_id, tenant_id, expires_at FROM sessions WHERE token_hash = ?',
    [tokenHash],
  );
}

export async function deleteSession(q: Queryable, tokenHash: string) {
  await q.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
}

/** Used when an agent is disabled or their password changes: every device is signed out. */
export async function deleteAgentSessions(q: Queryable, tenantId: string, agentId: string) {
  await q.run('DELETE FROM sessions WHERE tenant_id = ? AND agent_id = ?', [tenantId, agentId]);
}

/** After a password change: every other device is signed out, the one that changed it stays. */
export async function deleteOtherAgentSessions(q: Queryable, tenantId: string, agentId: string, keepHash: string) {
  await q.run('DELETE FROM sessions WHERE tenant_id = ? AND agent_id = ? AND token_hash != ?', [
    tenantId,
    agentId,
    keepHash,
  ]);
}
