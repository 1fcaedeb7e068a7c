// The plan's monthly ticket allowance: counted per tenant and calendar month (UTC) in the same transaction as each create.
import type { Queryable } from '../db/client.ts';
import { effectiveLimit, PLAN_DEFINITIONS, planLimitReached } from '../tenants/plans.ts';
import type { TenantRecord } from '../tenants/queries.ts';

export const monthOf = (d: Date) => d.toISOString().slice(0, 7);

export function ticketLimit(tenant: TenantRecord): number | null {
  return effectiveLimit(PLAN_DEFINITIONS[tenant.plan].maxTicketsPerMonth, tenant.settings.maxTickets);
}

export async function ticketsThisMonth(q: Queryable, tenantId: string, now: Date): Promise<number> {
  const row = await q.get<{ tickets: number }>('SELECT tickets FROM ticket_usage WHERE tenant_id = ? AND month = ?', [
    tenantId,
    monthOf(now),
  ]);
  return row?.tickets ?? 0;
}

/** Throws 402 naming the limit and usage when this create would exceed the month's allowance; else counts it. */
export async function countTicketCreate(q: Queryable, tenant: TenantRecord, now: Date) {
  const limit = ticketLimit(tenant);
  if (limit != null) {
    const used = await ticketsThisMonth(q, tenant.id, now);
    if (used >= limit) throw planLimitReached(tenant.plan, 'maxTickets', limit, used);
  }
  await q.run(
    'INSERT INTO ticket_usage (tenant_id, month, tickets) VALUES (?, ?, 1) ON CONFLICT (tenant_id, month) DO UPDATE SET tickets = tickets + 1',
    [tenant.id, monthOf(now)],
  );
}
