// The reports beside the headline metrics: the agent table, the weekday × hour heatmap of arrivals in the tenant's
// time zone, and the drill-down (the tickets behind a figure). All read the caller's ticket scope and filters.
import type { InValue } from '@libsql/client';
import type { Queryable } from '../db/client.ts';
import type { TicketScope } from '../tickets/scope.ts';
import { percentile, ticketFilter, type MetricsFilter } from './metrics-queries.ts';
import type { AgentReportRow, DrillKind, DrillRow } from './schemas.ts';

const iso = (s: string) => new Date(s).toISOString();

/** One row per agent with work in the period (or active): responses, resolutions, median response times, CSAT. */
export async function agentTable(
  q: Queryable,
  tenantId: string,
  f: MetricsFilter,
  scope: TicketScope,
): Promise<AgentReportRow[]> {
  const tf = ticketFilter(f, scope);
  // Without ticket filters, for a caller who sees every ticket, the ledger's covering index answers alone.
  const join = scope.limited || !!(f.teamId || f.channel || f.tag || f.priority);
  const source = join
    ? 'ticket_metrics m JOIN tickets t ON t.tenant_id = m.tenant_id AND t.id = m.ticket_id'
    : 'ticket_metrics m';
  const where = `m.tenant_id = ? AND m.at >= ? AND m.at < ? AND m.agent_id IS NOT NULL${join ? ` AND ${tf.sql}` : ''}`;
  const args = [tenantId, iso(f.from), iso(f.to), ...(join ? tf.args : [])];
  const totals = await q.all<{ agent_id: string; handled: number; resolutions: number }>(
    `SELECT m.agent_id, count(DISTINCT m.ticket_id) AS handled, sum(m.kind = 'resolution') AS resolutions
     FROM ${source} WHERE m.kind IN ('first_response', 'next_response', 'resolution') AND ${where}
     GROUP BY m.agent_id`,
    args,
  );
  const times = await q.all<{ agent_id: string; kind: string; c: string | null }>(
    `SELECT m.agent_id, m.kind, group_concat(m.calendar_seconds) AS c
     FROM ${source} WHERE m.kind IN ('first_response', 'next_response') AND ${where}
     GROUP BY m.agent_id, m.kind`,
    args,
  );
  const ratings = await q.all<{ agent_id: string; good: number; bad: number }>(
    `SELECT t.assignee_id AS agent_id, sum(s.rating = 'good') AS good, sum(s.rating = 'bad') AS bad
     FROM csat_surveys s JOIN tickets t ON t.tenant_id = s.tenant_id AND t.id = s.ticket_id
     WHERE s.tenant_id = ? AND s.rating IS NOT NULL AND s.rated_at >= ? AND s.rated_at < ? AND t.assignee_id IS NOT NULL
       AND ${tf.sql}
     GROUP BY t.assignee_id`,
    [tenantId, iso(f.from), iso(f.to), ...tf.args],
  );
  const agents = await q.all<{ id: string; name: string; status: string }>(
    'SELECT id, name, status FROM agents WHERE tenant_id = ? ORDER BY name, id',
    [tenantId],
  );
  const rows = new Map<
    string,
    { handled: number; first: number[]; all: number[]; resolutions: number; good: number; bad: number }
  >();
  const of = (id: string) => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { handled: 0, first: [], all: [], resolutions: 0, good: 0, bad: 0 }));
    return r;
  };
  for (const w of totals) Object.assign(of(w.agent_id), { handled: w.handled, resolutions: w.resolutions });
  for (const w of times) {
    const values = w.c ? w.c.split(',').map(Number) : [];
    const r = of(w.agent_id);
    r.all = r.all.concat(values);
    if (w.kind === 'first_response') r.first = r.first.concat(values);
  }
  for (const g of ratings) Object.assign(of(g.agent_id), { good: g.good, bad: g.bad });
  const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
  return agents
    .filter((a) => (f.agentId ? a.id === f.agentId : a.status === 'active' || rows.has(a.id)))
    .map((a) => {
      const r = rows.get(a.id) ?? of(a.id);
      return {
        agentId: a.id,
        name: a.name,
        handled: r.handled,
        responses: r.all.length,
        resolutions: r.resolutions,
        medianFirstResponseSeconds: percentile(sorted(r.first), 50),
        medianResponseSeconds: percentile(sorted(r.all), 50),
        csat: {
          score: r.good + r.bad ? Math.round((r.good / (r.good + r.bad)) * 1000) / 10 : null,
          good: r.good,
          bad: r.bad,
        },
      };
    });
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Tickets created per local weekday (Monday first) and hour in `tz`: counted per UTC hour in SQL, each UTC hour then
 * placed in local time (at most 24 per day of the period, so the time-zone arithmetic never runs per ticket).
 */
export async function arrivalHeatmap(
  q: Queryable,
  tenantId: string,
  f: MetricsFilter,
  scope: TicketScope,
  tz: string,
): Promise<number[][]> {
  const tf = ticketFilter(f, scope);
  const hours = await q.all<{ h: string; n: number }>(
    `SELECT substr(t.created_at, 1, 13) AS h, count(*) AS n FROM tickets t
     WHERE t.tenant_id = ? AND t.created_at >= ? AND t.created_at < ? AND ${tf.sql}
     GROUP BY h`,
    [tenantId, iso(f.from), iso(f.to), ...tf.args],
  );
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
  const grid = WEEKDAYS.map(() => new Array<number>(24).fill(0));
  for (const { h, n } of hours) {
    const parts = fmt.formatToParts(new Date(`${h}:00:00Z`));
    const day = WEEKDAYS.indexOf(
      parts
        .find((p) => p.type === 'weekday')!
        .value.toLowerCase()
        .slice(0, 3) as never,
    );
    const hour = Number(parts.find((p) => p.type === 'hour')!.value) % 24;
    grid[day][hour] += n;
  }
  return grid;
}

/** The ledger rows behind a figure, newest first, with their ticket: what a click on a number opens. */
export async function drillDown(
  q: Queryable,
  tenantId: string,
  f: MetricsFilter,
  scope: TicketScope,
  kind: DrillKind,
  after: readonly [string, string, number] | null,
  limit: number,
): Promise<(DrillRow & { seq: number })[]> {
  const tf = ticketFilter(f, scope);
  const kinds = kind === 'sla_breached' ? ['sla_first_response', 'sla_resolution'] : [kind];
  const args: InValue[] = [tenantId, ...kinds, iso(f.from), iso(f.to), ...tf.args];
  let extra = kind === 'sla_breached' ? ' AND m.met = 0' : '';
  if (f.agentId && kind !== 'waiting') {
    extra += ' AND m.agent_id = ?';
    args.push(f.agentId);
  }
  if (after) {
    extra += ' AND (m.at, m.ticket_id, m.seq) < (?, ?, ?)';
    args.push(...after);
  }
  const rows = await q.all<{
    at: string;
    ticket_id: string;
    seq: number;
    kind: string;
    c: number | null;
    b: number | null;
    agent_id: string | null;
    number: number;
    subject: string;
  }>(
    `SELECT m.at, m.ticket_id, m.seq, m.kind, m.calendar_seconds AS c, m.business_seconds AS b, m.agent_id,
            t.number, t.subject
     FROM ticket_metrics m JOIN tickets t ON t.tenant_id = m.tenant_id AND t.id = m.ticket_id
     WHERE m.tenant_id = ? AND m.kind IN (${kinds.map(() => '?').join(', ')}) AND m.at >= ? AND m.at < ? AND ${tf.sql}${extra}
     ORDER BY m.at DESC, m.ticket_id DESC, m.seq DESC LIMIT ?`,
    [...args, limit + 1],
  );
  return rows.map((r) => ({
    ticketId: r.ticket_id,
    number: r.number,
    subject: r.subject,
    kind: r.kind,
    at: r.at,
    calendarSeconds: r.c,
    businessSeconds: r.b,
    agentId: r.agent_id,
    seq: r.seq,
  }));
}
