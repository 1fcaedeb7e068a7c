// SLA policies per priority and the due times they give a ticket, counted in the tenant's business hours.
import { z } from '@hono/zod-openapi';
import type { Queryable } from '../db/client.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { addBusinessMinutes } from './business-hours.ts';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

const minutes = z.number().int().min(1).max(525_600).nullable();
export const SlaTargetSchema = z
  .object({
    firstResponseMinutes: minutes.openapi({
      description: 'Business minutes until the first public reply; null = no target.',
    }),
    resolutionMinutes: minutes.openapi({ description: 'Business minutes until resolved; null = no target.' }),
  })
  .strict()
  .openapi('SlaTarget');
export type SlaTarget = z.infer<typeof SlaTargetSchema>;

export const SlaPoliciesSchema = z
  .object({ low: SlaTargetSchema, normal: SlaTargetSchema, high: SlaTargetSchema, urgent: SlaTargetSchema })
  .partial()
  .strict()
  .openapi('SlaPolicies');
export type SlaPolicies = Partial<Record<Priority, SlaTarget>>;

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

export interface DueTimes {
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
}

/** Due times for a ticket of `priority` opened at `createdAt`; none unless the tenant enabled SLAs. */
export async function dueTimesFor(
  q: Queryable,
  tenant: TenantRecord,
  priority: Priority,
  createdAt: Date,
): Promise<DueTimes> {
  if (!tenant.settings.slaEnabled) return { firstResponseDueAt: null, resolutionDueAt: null };
  const row = await q.get<{ first_response_minutes: number | null; resolution_minutes: number | null }>(
    'SELECT first_response_minutes, resolution_minutes FROM sla_policies WHERE tenant_id = ? AND priority = ?',
    [tenant.id, priority],
  );
  const bh = tenant.settings.businessHours;
  const due = (m: number | null | undefined) =>
    m == null ? null : (addBusinessMinutes(createdAt, m, bh)?.toISOString() ?? null);
  return { firstResponseDueAt: due(row?.first_response_minutes), resolutionDueAt: due(row?.resolution_minutes) };
}

/** The next deadline still running: first response until answered, then resolution until resolved. */
export function nextDue(t: {
  status: string;
  firstResponseAt: string | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
}): string | null {
  if (t.status === 'resolved' || t.status === 'closed') return null;
  if (!t.firstResponseAt && t.firstResponseDueAt) {
    if (!t.resolutionDueAt) return t.firstResponseDueAt;
    return t.firstResponseDueAt < t.resolutionDueAt ? t.firstResponseDueAt : t.resolutionDueAt;
  }
  return t.resolutionDueAt;
}

/** A target is breached when it was met late, or is still unmet after its due time. */
export function breached(dueAt: string | null, metAt: string | null, now: Date): boolean {
  if (!dueAt) return false;
  return (metAt ?? now.toISOString()) > dueAt;
}
