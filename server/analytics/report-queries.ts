// Per-day ticket flow (created / resolved) in the tenant's time zone, and the inbox's per-view counts.
import type { Queryable } from '../db/client.ts';
import { localDate, localDayStart } from '../sla/business-hours.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import type { TicketScope } from '../tickets/scope.ts';
import type { DayFlow, QueueCounts } from './schemas.ts';
import { VIEW_IDS, viewCondition } from '../tickets/views.ts';

/** Local midnights, oldest first, walking back one local day at a time so DST days stay whole. */
function dayStarts(now: Date, tz: string, days: number): Date[] {
  const starts: Date[] = [];
  let start = localDayStart(now, tz);
  for (let i = 0; i < days; i++) {
    starts.unshift(start);
    start = localDayStart(new Date(start.getTime() - 1), tz);
  }
  return starts;
}

/** One indexed range count per day and measure: cheap even on a large ticket table. */
export async function dailyFlow(
  q: Queryable,
  tenant: TenantRecord,
  now: Date,
  days: number,
  ticketScope: TicketScope,
): Promise<DayFlow[]> {
  const tz = tenant.settings.businessHours?.timezone ?? 'UTC';
  const visible = ticketScope.where();
  const scope = `tenant_id = ? AND spam = 0 AND ${visible.sql}`;
  const sargs = [tenant.id, ...visible.args];
  const starts = dayStarts(now, tz, days);
  return Promise.all(
    starts.map(async (start, i) => {
      const from = start.toISOString();
      const to = (starts[i + 1] ?? new Date(now.getTime() + 1)).toISOString();
      const row = await q.get<{ created: number; resolved: number }>(
        `SELECT (SELECT count(*) FROM tickets WHERE ${scope} AND created_at >= ? AND created_at < ?) AS created,
                (SELECT count(*) FROM tickets WHERE ${scope} AND resolved_at >= ? AND resolved_at < ?) AS resolved`,
        [...sargs, from, to, ...sargs, from, to],
      );
      return { date: localDate(start, tz), start: from, created: row?.created ?? 0, resolved: row?.resolved ?? 0 };
    }),
  );
}

/** Counts for the inbox's views (Mine, Unassigned, All open, Pending, Resolved, Spam), by the definitions the list uses. */
export async function queueCounts(
  q: Queryable,
  tenantId: string,
  agentId: string | null,
  ticketScope: TicketScope,
): Promise<QueueCounts> {
  const visible = ticketScope.where('t');
  const args: string[] = [];
  const columns = VIEW_IDS.map((id) => {
    const view = viewCondition(id, agentId);
    args.push(tenantId, ...visible.args, ...view.args);
    return `(SELECT count(*) FROM tickets t WHERE t.tenant_id = ? AND ${visible.sql} AND ${view.sql}) AS ${id}`;
  });
  const row = await q.get<QueueCounts>(`SELECT ${columns.join(', ')}`, args);
  return row ?? (Object.fromEntries(VIEW_IDS.map((id) => [id, 0])) as QueueCounts);
}
