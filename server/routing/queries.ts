// Routing rule rows of a tenant, in their order.
import type { Queryable } from '../db/client.ts';
import { parseJson } from '../lib/json.ts';
import type { RoutingRule, RuleActions, RuleConditions } from './schemas.ts';

interface RuleRow {
  id: string;
  name: string;
  enabled: number;
  position: number;
  conditions: string;
  actions: string;
  stop_processing: number;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: RuleRow): RoutingRule => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled === 1,
  position: r.position,
  conditions: parseJson<RuleConditions>(r.conditions, {}),
  actions: parseJson<RuleActions>(r.actions, {}),
  stopProcessing: r.stop_processing === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listRules(q: Queryable, tenantId: string): Promise<RoutingRule[]> {
  const rows = await q.all<RuleRow>('SELECT * FROM routing_rules WHERE tenant_id = ? ORDER BY position, id', [
    tenantId,
  ]);
  return rows.map(fromRow);
}

export async function getRule(q: Queryable, tenantId: string, id: string): Promise<RoutingRule | undefined> {
  const row = await q.get<RuleRow>('SELECT * FROM routing_rules WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  return row && fromRow(row);
}

export async function nextRulePosition(q: Queryable, tenantId: string): Promise<number> {
  const row = await q.get<{ n: number | null }>('SELECT max(position) AS n FROM routing_rules WHERE tenant_id = ?', [
    tenantId,
  ]);
  return (row?.n ?? 0) + 1;
}

export async function insertRule(
  q: Queryable,
  tenantId: string,
  r: Omit<RoutingRule, 'createdAt' | 'updatedAt'>,
  now: string,
) {
  await q.run(
    `INSERT INTO routing_rules (id, tenant_id, name, enabled, position, conditions, actions, stop_processing, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.id,
      tenantId,
      r.name,
      r.enabled ? 1 : 0,
      r.position,
      JSON.stringify(r.conditions),
      JSON.stringify(r.actions),
      r.stopProcessing ? 1 : 0,
      now,
      now,
    ],
  );
}

export async function saveRule(q: Queryable, tenantId: string, r: RoutingRule, now: string) {
  await q.run(
    `UPDATE routing_rules SET name = ?, enabled = ?, position = ?, conditions = ?, actions = ?, stop_processing = ?, updated_at = ?
     WHERE tenant_id = ? AND id = ?`,
    [
      r.name,
      r.enabled ? 1 : 0,
      r.position,
      JSON.stringify(r.conditions),
      JSON.stringify(r.actions),
      r.stopProcessing ? 1 : 0,
      now,
      tenantId,
      r.id,
    ],
  );
}

export async function deleteRuleRow(q: Queryable, tenantId: string, id: string) {
  await q.run('DELETE FROM routing_rules WHERE tenant_id = ? AND id = ?', [tenantId, id]);
}

export async function setRulePosition(q: Queryable, tenantId: string, id: string, position: number, now: string) {
  await q.run('UPDATE routing_rules SET position = ?, updated_at = ? WHERE tenant_id = ? AND id = ?', [
    position,
    now,
    tenantId,
    id,
  ]);
}

/** A deleted team: rules that set it stop setting a team (the rest of each rule stays). */
export async function removeTeamFromRules(q: Queryable, tenantId: string, teamId: string, now: string) {
  await q.run(
    `UPDATE routing_rules SET actions = json_remove(actions, '$.teamId'), updated_at = ?
     WHERE tenant_id = ? AND json_extract(actions, '$.teamId') = ?`,
    [now, tenantId, teamId],
  );
}

/** A removed agent: rules that assign them stop assigning. */
export async function removeAssigneeFromRules(q: Queryable, tenantId: string, agentId: string, now: string) {
  await q.run(
    `UPDATE routing_rules SET actions = json_remove(actions, '$.assigneeId'), updated_at = ?
     WHERE tenant_id = ? AND json_extract(actions, '$.assigneeId') = ?`,
    [now, tenantId, agentId],
  );
}
