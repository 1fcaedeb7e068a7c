// Auto-assignment: round-robin, least recently assigned first, over the active agents who may update tickets (the
// ticket's team's members when it has a team), skipping agents at capacity and, when the tenant uses live-chat
// presence, agents who are away or offline.
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';
import { getRole } from '../roles/queries.ts';
import { effectivePresence } from '../chat/queries.ts';
import type { TenantRecord } from '../tenants/queries.ts';

/**
 * Picks (and records the turn of) the next agent for a new ticket, or null when nobody can take it. `teamId`:
 * only that team's members. Fair over time: the agent whose last turn is oldest goes first (never assigned: first
 * of all), so an agent back from away takes the next ticket and then rejoins the rotation.
 */
export async function pickAssignee(
  q: Queryable,
  tenant: TenantRecord,
  teamId: string | null,
  now: Date,
): Promise<string | null> {
  const tenantId = tenant.id;
  const agents = await q.all<{ id: string; role_id: string; max_open_tickets: number | null }>(
    `SELECT a.id, a.role_id, a.max_open_tickets FROM agents a
       LEFT JOIN assignment_turns t ON t.tenant_id = a.tenant_id AND t.agent_id = a.id
     WHERE a.tenant_id = ? AND a.status = 'active'
       ${teamId ? 'AND a.id IN (SELECT agent_id FROM team_members WHERE tenant_id = ? AND team_id = ?)' : ''}
     ORDER BY coalesce(t.turn, 0), a.created_at, a.id`,
    teamId ? [tenantId, tenantId, teamId] : [tenantId],
  );
  const canWork = new Map<string, boolean>();
  let eligible = [];
  for (const a of agents) {
    if (!canWork.has(a.role_id))
      canWork.set(a.role_id, !!(await getRole(q, tenantId, a.role_id))?.permissions.includes('tickets:update'));
    if (canWork.get(a.role_id)) eligible.push(a);
  }
  if (tenant.settings.chat?.enabled) {
    const presence = await effectivePresence(q, tenantId, now);
    eligible = eligible.filter((a) => presence.get(a.id)?.status === 'online');
  }
  if (!eligible.length) return null;
  const open = await openTicketCounts(
    q,
    tenantId,
    eligible.map((a) => a.id),
  );
  const tenantCap = tenant.settings.maxOpenTicketsPerAgent ?? null;
  const chosen = eligible.find((a) => {
    const cap = a.max_open_tickets ?? tenantCap;
    return cap == null || (open.get(a.id) ?? 0) < cap;
  });
  if (!chosen) return null;
  await q.run(
    `INSERT INTO assignment_turns (tenant_id, agent_id, turn)
     VALUES (?, ?, (SELECT coalesce(max(turn), 0) + 1 FROM assignment_turns WHERE tenant_id = ?))
     ON CONFLICT (tenant_id, agent_id) DO UPDATE SET turn = excluded.turn`,
    [tenantId, chosen.id, tenantId],
  );
  return chosen.id;
}

async function openTicketCounts(q: Queryable, tenantId: string, agentIds: string[]): Promise<Map<string, number>> {
  const rows = await q.all<{ assignee_id: string; n: number }>(
    `SELECT assignee_id, count(*) AS n FROM tickets
     WHERE tenant_id = ? AND spam = 0 AND status IN ('open', 'pending') AND assignee_id IN (${placeholders(agentIds.length)})
     GROUP BY assignee_id`,
    [tenantId, ...agentIds],
  );
  return new Map(rows.map((r) => [r.assignee_id, r.n]));
}

/** An assignee must be an active agent of the tenant. */
export async function isAssignable(q: Queryable, tenantId: string, agentId: string): Promise<boolean> {
  return !!(await q.get("SELECT 1 FROM agents WHERE tenant_id = ? AND id = ? AND status = 'active'", [
    tenantId,
    agentId,
  ]));
}
