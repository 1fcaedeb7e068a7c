// Per-day ticket flow (created / resolved) in the tenant's time zone, and the inbox's per-view counts.
import type { Queryable } from '../db/client.ts';
import { localDayStart } from '../sla/business-hours.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import type { TicketScope } from '../tickets/scope.ts';
import type { DayFlow, QueueCounts } from './schemas.ts';

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

function localDate(d: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    d,
  );
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
  const scope = `tenant_id = ? AND ${visible.sql}`;
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

/** Counts for the inbox's views (Mine, Unassigned, All open, Pending, Resolved). */
export async function queueCounts(
  q: Queryable,
  tenantId: string,
  agentId: string | null,
  ticketScope: TicketScope,
): Promise<QueueCounts> {
  const visible = ticketScope.where();
  const scope = `tenant_id = ? AND ${visible.sql}`;
  const s = [tenantId, ...visible.args];
  const row = await q.get<QueueCounts>(
    `SELECT
       (SELECT count(*) FROM tickets WHERE ${scope} AND status IN ('open', 'pending') AND assignee_id = ?) AS mine,
       (SELECT count(*) FROM tickets WHERE ${scope} AND status IN ('open', 'pending') AND assignee_id IS NULL) AS unassigned,
       (SELECT count(*) FROM tickets WHERE ${scope} AND status = 'open') AS open,
       (SELECT count(*) FROM tickets WHERE ${scope} AND status = 'pending') AS pending,
       (SELECT count(*) FROM tickets WHERE ${scope} AND status IN ('resolved', 'closed')) AS resolved`,
    [...s, agentId ?? '', ...s, ...s, ...s, ...s],
  );
  return row ?? { mine: 0, unassigned: 0, open: 0, pending: 0, resolved: 0 };
}
