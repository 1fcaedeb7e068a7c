// Round-robin auto-assignment over active agents who may update tickets, skipping those at capacity.
import type { Queryable } from '../db/client.ts';
import { getRole } from '../roles/queries.ts';

/** Picks (and records) the next agent after the last one assigned, or null when nobody can take a ticket. */
export async function pickAssignee(q: Queryable, tenantId: string): Promise<string | null> {
  const agents = await q.all<{ id: string; role_id: string; max_open_tickets: number | null }>(
    "SELECT id, role_id, max_open_tickets FROM agents WHERE tenant_id = ? AND status = 'active' ORDER BY created_at, id",
    [tenantId],
  );
  const canWork = new Map<string, boolean>();
  const eligible = [];
  for (const a of agents) {
    if (!canWork.has(a.role_id))
      canWork.set(a.role_id, !!(await getRole(q, tenantId, a.role_id))?.permissions.includes('tickets:update'));
    if (canWork.get(a.role_id)) eligible.push(a);
  }
  if (!eligible.length) return null;
  const state = await q.get<{ last_agent_id: string | null }>(
    'SELECT last_agent_id FROM assignment_state WHERE tenant_id = ?',
    [tenantId],
  );
  const start = eligible.findIndex((a) => a.id === state?.last_agent_id) + 1;
  for (let i = 0; i < eligible.length; i++) {
    const a = eligible[(start + i) % eligible.length];
    if (a.max_open_tickets != null) {
      const open = await q.get<{ n: number }>(
        "SELECT count(*) AS n FROM tickets WHERE tenant_id = ? AND spam = 0 AND status IN ('open', 'pending') AND assignee_id = ?",
        [tenantId, a.id],
      );
      if ((open?.n ?? 0) >= a.max_open_tickets) continue;
    }
    await q.run(
      'INSERT INTO assignment_state (tenant_id, last_agent_id) VALUES (?, ?) ON CONFLICT (tenant_id) DO UPDATE SET last_agent_id = excluded.last_agent_id',
      [tenantId, a.id],
    );
    return a.id;
  }
  return null;
}

/** An assignee must be an active agent of the tenant. */
export async function isAssignable(q: Queryable, tenantId: string, agentId: string): Promise<boolean> {
  return !!(await q.get("SELECT 1 FROM agents WHERE tenant_id = ? AND id = ? AND status = 'active'", [
    tenantId,
    agentId,
  ]));
}
