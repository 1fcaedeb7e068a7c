// The dashboard figures over the tickets a caller may see: counts, today's flow, response times, SLA breaches, CSAT.
import type { Queryable } from '../db/client.ts';
import { localDayStart } from '../sla/business-hours.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import type { TicketScope } from '../tickets/scope.ts';
import type { Dashboard } from './schemas.ts';
import { viewCondition } from '../tickets/views.ts';

const WINDOW_DAYS = 30;

/** "Today" starts at midnight in the tenant's business-hours time zone (UTC when unset). */
export async function dashboard(
  q: Queryable,
  tenant: TenantRecord,
  now: Date,
  ticketScope: TicketScope,
): Promise<Dashboard> {
  const visible = ticketScope.where();
  const scope = `tenant_id = ? AND spam = 0 AND ${visible.sql}`;
  const sargs = [tenant.id, ...visible.args];
  const today = localDayStart(now, tenant.settings.businessHours?.timezone ?? 'UTC').toISOString();
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000).toISOString();
  const nowIso = now.toISOString();

  const unassigned = viewCondition('unassigned', null, '');
  const [statusRows, priorityRows, flow, responseCount, ratings] = await Promise.all([
    q.all<{ status: string; n: number }>(
      `SELECT status, count(*) AS n FROM tickets WHERE ${scope} GROUP BY status`,
      sargs,
    ),
    q.all<{ priority: string; n: number }>(
      `SELECT priority, count(*) AS n FROM tickets WHERE ${scope} AND status IN ('open', 'pending') GROUP BY priority`,
      sargs,
    ),
    q.get<{ unassigned: number; created: number; resolved: number; breaches: number }>(
      `SELECT
         (SELECT count(*) FROM tickets WHERE ${scope} AND ${unassigned.sql}) AS unassigned,
         (SELECT count(*) FROM tickets WHERE ${scope} AND created_at >= ?) AS created,
         (SELECT count(*) FROM tickets WHERE ${scope} AND resolved_at >= ?) AS resolved,
         (SELECT count(*) FROM tickets WHERE ${scope} AND created_at >= ? AND (
            (first_response_due_at IS NOT NULL AND coalesce(first_response_at, ?) > first_response_due_at) OR
            (resolution_due_at IS NOT NULL AND coalesce(resolved_at, closed_at, ?) > resolution_due_at))) AS breaches`,
      [...sargs, ...unassigned.args, ...sargs, today, ...sargs, today, ...sargs, since, nowIso, nowIso],
    ),
    q.get<{ n: number }>(
      `SELECT count(*) AS n FROM tickets WHERE ${scope} AND first_response_at IS NOT NULL AND created_at >= ?`,
      [...sargs, since],
    ),
    q.get<{ good: number | null; bad: number | null }>(
      `SELECT sum(s.rating = 'good') AS good, sum(s.rating = 'bad') AS bad FROM csat_surveys s
       WHERE s.tenant_id = ? AND s.rating IS NOT NULL AND s.rated_at >= ?
         AND s.ticket_id IN (SELECT id FROM tickets WHERE ${scope})`,
      [tenant.id, since, ...sargs],
    ),
  ]);
  const good = ratings?.good ?? 0;
  const bad = ratings?.bad ?? 0;

  let median: number | null = null;
  const n = responseCount?.n ?? 0;
  if (n > 0) {
    const seconds = `(julianday(first_response_at) - julianday(created_at)) * 86400.0`;
    const mid = await q.all<{ s: number }>(
      `SELECT ${seconds} AS s FROM tickets WHERE ${scope} AND first_response_at IS NOT NULL AND created_at >= ? ORDER BY s LIMIT ? OFFSET ?`,
      [...sargs, since, n % 2 ? 1 : 2, Math.floor((n - 1) / 2)],
    );
    median = Math.round(mid.reduce((a, r) => a + r.s, 0) / mid.length);
  }

  const byStatus: Record<string, number> = { open: 0, pending: 0, resolved: 0, closed: 0 };
  for (const r of statusRows) byStatus[r.status] = r.n;
  const byPriority: Record<string, number> = { low: 0, normal: 0, high: 0, urgent: 0 };
  for (const r of priorityRows) byPriority[r.priority] = r.n;
  return {
    open: byStatus.open,
    pending: byStatus.pending,
    unassigned: flow?.unassigned ?? 0,
    createdToday: flow?.created ?? 0,
    resolvedToday: flow?.resolved ?? 0,
    medianFirstResponseSeconds: median,
    slaBreaches: flow?.breaches ?? 0,
    byStatus,
    byPriority,
    since,
    today,
    csat: {
      score: good + bad ? Math.round((good / (good + bad)) * 1000) / 10 : null,
      good,
      bad,
      responses: good + bad,
    },
  };
}
