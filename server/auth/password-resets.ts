// Password reset rows: one live link per agent, kept as the token's hash; using, replacing or expiring it voids it.
import type { Queryable } from '../db/client.ts';

export interface PasswordResetRecord {
  agentId: string;
  tenantId: string;
  expiresAt: string;
}

/** Replaces the agent's link, if any: the previous one stops working. */
export async function putPasswordReset(
  q: Queryable,
  tenantId: string,
  agentId: string,
  tokenHash: string,
  expiresAt: string,
  now: string,
) {
  await q.run(
    `INSERT INTO password_resets (agent_id, tenant_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (agent_id) DO UPDATE SET tenant_id = excluded.tenant_id, token_hash = excluded.token_hash,
       created_at = excluded.created_at, expires_at = excluded.expires_at`,
    [agentId, tenantId, tokenHash, now, expiresAt],
  );
}

/** The link a token opens, if it is still live. A reset starts before the tenant is known: the token names it. */
export async function findPasswordReset(
  q: Queryable,
  tokenHash: string,
  now: string,
): Promise<PasswordResetRecord | undefined> {
  const row = await q.get<{ agent_id: string; tenant_id: string; expires_at: string }>(
    'SELECT agent_id, tenant_id, expires_at FROM password_resets WHERE token_hash = ? AND expires_at > ?',
    [tokenHash, now],
  );
  return row && { agentId: row.agent_id, tenantId: row.tenant_id, expiresAt: row.expires_at };
}

/** Voids one link by its token; true when this call took it (so two uses of one link cannot both win). */
export async function takePasswordReset(q: Queryable, tokenHash: string, now: string): Promise<boolean> {
  const r = await q.run('DELETE FROM password_resets WHERE token_hash = ? AND expires_at > ?', [tokenHash, now]);
  return r.changes === 1;
}

/** Voids the agent's link, if any (password changed, agent disabled or removed). */
export async function deletePasswordReset(q: Queryable, tenantId: string, agentId: string) {
  await q.run('DELETE FROM password_resets WHERE tenant_id = ? AND agent_id = ?', [tenantId, agentId]);
}
