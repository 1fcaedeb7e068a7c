// The due times SLA policies give a ticket, counted in the tenant's business hours, and whether they are breached.
import type { Queryable } from '../db/client.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { addBusinessMinutes } from './business-hours.ts';
import { getSlaTarget } from './queries.ts';
import type { Priority } from './schemas.ts';

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
  const target = await getSlaTarget(q, tenant.id, priority);
  const bh = tenant.settings.businessHours;
  const due = (m: number | null | undefined) =>
    m == null ? null : (addBusinessMinutes(createdAt, m, bh)?.toISOString() ?? null);
  return { firstResponseDueAt: due(target?.firstResponseMinutes), resolutionDueAt: due(target?.resolutionMinutes) };
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
