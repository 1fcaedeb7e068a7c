// The weekly summary mail (issue 21): from Monday 08:00 in the tenant's time zone, each agent who asked for it
// (`weeklySummary` in their notification choices) and whose role may read reports gets last week's figures for the
// tickets that role lets them see, beside the week before. One transaction per tenant and week queues every mail
// and records the week as sent, so a restart, a second node or a worker pass that overlaps never sends it twice.
import type { Queryable } from '../db/client.ts';
import type { Deps } from '../types.ts';
import { localDate, localDayStart, zonedTimeToUtc } from '../sla/business-hours.ts';
import { getTenant, type TenantRecord } from '../tenants/queries.ts';
import { getRole } from '../roles/queries.ts';
import { teamIdsOfAgent } from '../teams/queries.ts';
import { agentTicketScope, type TicketScope } from '../tickets/scope.ts';
import { queueNotice, type NoticeDeps } from '../mail/notice.ts';
import { startPeriodic } from '../lib/periodic-worker.ts';
import { metrics } from './metrics-queries.ts';
import { renderWeeklySummary, type WeekFigures } from './weekly-summary-mail.ts';

/** When in the local Monday the mail goes out. */
export const SEND_AT_MINUTES = 8 * 60;

const weekday = (d: Date, tz: string) => new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short' }).format(d);

/**
 * The local week `now` falls in: its Monday (as a local date), when its mail is due, and the two weeks before it
 * (last week, reported, and the one before, compared). Days are walked one local midnight at a time, so a week
 * with a daylight-saving change is 167 or 169 hours long, as the clock on the wall says.
 */
export function summaryWeek(now: Date, tz: string) {
  let monday = localDayStart(now, tz);
  while (weekday(monday, tz) !== 'Mon') monday = localDayStart(new Date(monday.getTime() - 1), tz);
  const back = (start: Date) => {
    let d = start;
    for (let i = 0; i < 7; i++) d = localDayStart(new Date(d.getTime() - 1), tz);
    return d;
  };
  const lastWeek = back(monday);
  const [y, m, d] = localDate(monday, tz).split('-').map(Number);
  return {
    weekStart: localDate(lastWeek, tz),
    due: new Date(zonedTimeToUtc(y, m, d, SEND_AT_MINUTES, tz)),
    from: lastWeek,
    to: monday,
    previousFrom: back(lastWeek),
  };
}

async function weekFigures(
  q: Queryable,
  tenant: TenantRecord,
  scope: TicketScope,
  from: Date,
  to: Date,
  now: Date,
): Promise<WeekFigures> {
  const visible = scope.where('t');
  const range = [from.toISOString(), to.toISOString()];
  const counts = await q.get<{ created: number; resolved: number }>(
    `SELECT
       (SELECT count(*) FROM tickets t WHERE t.tenant_id = ? AND t.spam = 0 AND ${visible.sql}
          AND t.created_at >= ? AND t.created_at < ?) AS created,
       (SELECT count(*) FROM tickets t WHERE t.tenant_id = ? AND t.spam = 0 AND ${visible.sql}
          AND t.resolved_at >= ? AND t.resolved_at < ?) AS resolved`,
    [tenant.id, ...visible.args, ...range, tenant.id, ...visible.args, ...range],
  );
  const m = await metrics(q, tenant.id, { from: range[0], to: range[1] }, scope, now);
  const business = !!tenant.settings.businessHours;
  return {
    created: counts?.created ?? 0,
    resolved: counts?.resolved ?? 0,
    firstResponseSeconds: business ? m.firstResponse.businessMedianSeconds : m.firstResponse.medianSeconds,
    resolutionSeconds: business ? m.resolution.businessMedianSeconds : m.resolution.medianSeconds,
    slaCompliance: m.sla.compliance,
    csatScore: m.csat.score,
    csatResponses: m.csat.responses,
  };
}

async function openNow(q: Queryable, tenantId: string, scope: TicketScope): Promise<number> {
  const visible = scope.where('t');
  const r = await q.get<{ n: number }>(
    `SELECT count(*) AS n FROM tickets t
     WHERE t.tenant_id = ? AND t.spam = 0 AND t.status IN ('open', 'pending') AND ${visible.sql}`,
    [tenantId, ...visible.args],
  );
  return r?.n ?? 0;
}

/**
 * Queues the week's summary for one tenant when it is due and not yet sent; returns how many mails were queued
 * (0: not due, sent already, or nobody asked).
 */
export async function sendWeeklySummary(
  deps: Pick<Deps, 'db'> & NoticeDeps,
  tenantId: string,
  now: Date,
): Promise<number> {
  return deps.db.tx(async (tx) => {
    const tenant = await getTenant(tx, tenantId);
    if (!tenant || tenant.status !== 'active') return 0;
    const tz = tenant.settings.businessHours?.timezone ?? 'UTC';
    const week = summaryWeek(now, tz);
    if (now < week.due) return 0;
    const agents = await tx.all<{ id: string; name: string; email: string; role_id: string }>(
      `SELECT a.id, a.name, a.email, a.role_id FROM agent_notification_prefs p
       JOIN agents a ON a.tenant_id = p.tenant_id AND a.id = p.agent_id
       WHERE p.tenant_id = ? AND p.weekly_summary = 1 AND a.status = 'active' ORDER BY a.created_at, a.id`,
      [tenantId],
    );
    const claimed = await tx.run(
      `INSERT INTO weekly_summaries_sent (tenant_id, week_start, recipients, created_at) VALUES (?, ?, 0, ?)
       ON CONFLICT (tenant_id, week_start) DO NOTHING`,
      [tenantId, week.weekStart, now.toISOString()],
    );
    if (claimed.changes === 0) return 0;
    let sent = 0;
    // Every agent whose role sees every ticket gets the same figures: read them once.
    let everyTicket: Promise<[WeekFigures, WeekFigures, number]> | null = null;
    const figuresFor = (scope: TicketScope) =>
      Promise.all([
        weekFigures(tx, tenant, scope, week.from, week.to, now),
        weekFigures(tx, tenant, scope, week.previousFrom, week.from, now),
        openNow(tx, tenantId, scope),
      ]);
    for (const a of agents) {
      const role = await getRole(tx, tenantId, a.role_id);
      // A role changed since the agent asked: no reports, no summary.
      if (!role?.permissions.includes('analytics:read')) continue;
      const scope = agentTicketScope(role, a.id, await teamIdsOfAgent(tx, tenantId, a.id));
      const [thisWeek, weekBefore, open] = await (scope.limited
        ? figuresFor(scope)
        : (everyTicket ??= figuresFor(scope)));
      const mail = renderWeeklySummary({
        tenant: { name: tenant.name },
        weekStart: week.weekStart,
        timezone: tz,
        business: !!tenant.settings.businessHours,
        week: thisWeek,
        before: weekBefore,
        openNow: open,
        limited: scope.limited,
        reportsUrl: `${deps.env.PUBLIC_URL}/inbox/#/reports`,
        settingsUrl: `${deps.env.PUBLIC_URL}/inbox/#/settings/notifications`,
      });
      await queueNotice(
        tx,
        deps,
        tenantId,
        { kind: 'weekly_summary', fromName: tenant.name, to: { name: a.name, address: a.email }, ...mail },
        now,
      );
      sent++;
    }
    await tx.run('UPDATE weekly_summaries_sent SET recipients = ? WHERE tenant_id = ? AND week_start = ?', [
      sent,
      tenantId,
      week.weekStart,
    ]);
    return sent;
  });
}

/** One pass over the tenants with at least one agent who asked; each tenant in its own transaction. */
export async function sendDueWeeklySummaries(deps: Pick<Deps, 'db'> & NoticeDeps, now: Date): Promise<number> {
  const tenants = await deps.db.all<{ tenant_id: string }>(
    'SELECT DISTINCT tenant_id FROM agent_notification_prefs WHERE weekly_summary = 1',
  );
  let sent = 0;
  for (const t of tenants) sent += await sendWeeklySummary(deps, t.tenant_id, now);
  return sent;
}

export function startWeeklySummaryWorker(deps: Deps, everyMs = 10 * 60_000) {
  return startPeriodic(deps.logger, 'weekly summary failed', everyMs, () => sendDueWeeklySummaries(deps, deps.now()));
}
