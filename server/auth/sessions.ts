// Agent sessions: random tokens in an HttpOnly cookie, stored only as hashes, expiring and revocable.
import type { Queryable } from '../db/client.ts';
import { sha256 } from '../lib/crypto.ts';
import { newId, randomToken } from '../lib/ids.ts';
import type { Actor } from '../audit/audit.ts';
import { addressAllowed } from '../middleware/ip-allowlist.ts';
import { getTenant } from '../tenants/queries.ts';
import { describeDevice } from './device.ts';
import type { Session } from './session-schemas.ts';
import { SignInRefused } from './sign-in-refused.ts';

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

/**
 * Every way of signing in ends here, so this is where the tenant's agent IP allowlist refuses a sign-in from outside
 * it (403 naming the rule; the caller's transaction, and so the sign-in, does not happen; the refusal is audited
 * after it: sign-in-refused.ts).
 */
export async function createSession(q: Queryable, tenantId: string, agentId: string, now: Date, origin: SessionOrigin) {
  const tenant = await getTenant(q, tenantId);
  if (tenant && !addressAllowed(tenant.security.agentIpAllowlist, origin.ip))
    throw new SignInRefused(tenantId, agentId, origin.method, origin.ip);
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
export async function deleteAgentSessions(q: Queryable, tenantId: string, agentId: string): Promise<number> {
  const r = await q.run('DELETE FROM sessions WHERE tenant_id = ? AND agent_id = ?', [tenantId, agentId]);
  return r.changes;
}

/** After a password change: every other device is signed out, the one that changed it stays. */
export async function deleteOtherAgentSessions(
  q: Queryable,
  tenantId: string,
  agentId: string,
  keepHash: string,
): Promise<number> {
  const r = await q.run('DELETE FROM sessions WHERE tenant_id = ? AND agent_id = ? AND token_hash != ?', [
    tenantId,
    agentId,
    keepHash,
  ]);
  return r.changes;
}

/** One row of an agent's session list (never the token or its hash). */
export interface SessionRecord {
  id: string;
  agentId: string;
  tokenHash: string;
  ip: string | null;
  userAgent: string | null;
  method: SignInMethod;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

interface SessionRow {
  id: string;
  agent_id: string;
  token_hash: string;
  ip: string | null;
  user_agent: string | null;
  method: string;
  created_at: string;
  last_seen_at: string | null;
  expires_at: string;
}

const fromRow = (r: SessionRow): SessionRecord => ({
  id: r.id,
  agentId: r.agent_id,
  tokenHash: r.token_hash,
  ip: r.ip,
  userAgent: r.user_agent,
  method: r.method as SignInMethod,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at ?? r.created_at,
  expiresAt: r.expires_at,
});

/** The agent's live sessions, most recently used first. */
export async function listAgentSessions(q: Queryable, tenantId: string, agentId: string, now: Date) {
  const rows = await q.all<SessionRow>(
    `SELECT id, agent_id, token_hash, ip, user_agent, method, created_at, last_seen_at, expires_at FROM sessions
     WHERE tenant_id = ? AND agent_id = ? AND expires_at > ? ORDER BY COALESCE(last_seen_at, created_at) DESC, id DESC LIMIT 200`,
    [tenantId, agentId, now.toISOString()],
  );
  return rows.map(fromRow);
}

/** One live session of the agent by its public id. */
export async function getAgentSession(q: Queryable, tenantId: string, agentId: string, id: string, now: Date) {
  const row = await q.get<SessionRow>(
    `SELECT id, agent_id, token_hash, ip, user_agent, method, created_at, last_seen_at, expires_at FROM sessions
     WHERE tenant_id = ? AND agent_id = ? AND id = ? AND expires_at > ?`,
    [tenantId, agentId, id, now.toISOString()],
  );
  return row && fromRow(row);
}

/** Ends one session of the agent by its public id; how many ended (0 or 1). */
export async function deleteAgentSession(q: Queryable, tenantId: string, agentId: string, id: string) {
  const r = await q.run('DELETE FROM sessions WHERE tenant_id = ? AND agent_id = ? AND id = ?', [
    tenantId,
    agentId,
    id,
  ]);
  return r.changes;
}

/** Last seen is informational: written at most once a minute per session (the WHERE clause covers other processes). */
export async function setSessionLastSeen(q: Queryable, tokenHash: string, now: Date) {
  const cutoff = new Date(now.getTime() - 60_000).toISOString();
  await q.run(
    'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND (last_seen_at IS NULL OR last_seen_at < ?)',
    [now.toISOString(), tokenHash, cutoff],
  );
}

/** The answer's shape of a session: never its token or hash; `current` when it is the caller's own. */
export const toSessionDto = (s: SessionRecord, currentHash: string | null): Session => ({
  id: s.id,
  current: s.tokenHash === currentHash,
  device: describeDevice(s.userAgent),
  userAgent: s.userAgent,
  ip: s.ip,
  method: s.method,
  createdAt: s.createdAt,
  lastSeenAt: s.lastSeenAt,
  expiresAt: s.expiresAt,
});
