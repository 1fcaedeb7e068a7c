// SLA policy rows per tenant and priority.
import type { Queryable } from '../db/client.ts';
import { PRIORITIES, type Priority, type SlaPolicies, type SlaTarget } from './schemas.ts';

export async function getSlaPolicies(q: Queryable, tenantId: string): Promise<SlaPolicies> {
  const rows = await q.all<{
    priority: Priority;
    first_response_minutes: number | null;
    resolution_minutes: number | null;
  }>('SELECT priority, first_response_minutes, resolution_minutes FROM sla_policies WHERE tenant_id = ?', [tenantId]);
  const out: SlaPolicies = {};
  for (const r of rows)
    out[r.priority] = { firstResponseMinutes: r.first_response_minutes, resolutionMinutes: r.resolution_minutes };
  return out;
}

/** Replaces the whole policy set: a priority left out has no targets afterwards. */
export async function putSlaPolicies(q: Queryable, tenantId: string, p: SlaPolicies, now: string) {
  await q.run('DELETE FROM sla_policies WHERE tenant_id = ?', [tenantId]);
  for (const prio of PRIORITIES) {
    const t = p[prio];
    if (!t) continue;
    await q.run(
      'INSERT INTO sla_policies (tenant_id, priority, first_response_minutes, resolution_minutes, updated_at) VALUES (?, ?, ?, ?, ?)',
      [tenantId, prio, t.firstResponseMinutes, t.resolutionMinutes, now],
    );
  }
}

export async function getSlaTarget(q: Queryable, tenantId: string, priority: Priority): Promise<SlaTarget | undefined> {
  const row = await q.get<{ first_response_minutes: number | null; resolution_minutes: number | null }>(
    'SELECT first_response_minutes, resolution_minutes FROM sla_policies WHERE tenant_id = ? AND priority = ?',
    [tenantId, priority],
  );
  return row && { firstResponseMinutes: row.first_response_minutes, resolutionMinutes: row.resolution_minutes };
}
