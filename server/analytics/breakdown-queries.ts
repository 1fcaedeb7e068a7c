// The reports beside the headline metrics: the agent table, the weekday × hour heatmap of arrivals in the tenant's
// time zone, and the drill-down (the tickets behind a figure). All read the caller's ticket scope and filters.
import type { InValue } from '@libsql/client';
import type { Queryable } from '../db/client.ts';
import type { TicketScope } from '../tickets/scope.ts';
import type { MetricKind } from './ledger.ts';
import { placeholders } from '../db/placeholders.ts';
import { ledgerRowsOf, ticketFilter, type MetricsFilter } from './metrics-queries.ts';
import { overdueCondition } from './sla-queries.ts';
import { HANDLED_KINDS } from './ledger-queries.ts';
import { Durations, figuresByValue } from './rollup-reader.ts';
import { dayAtOrAfter, dayStartOf } from './rollup-queries.ts';
import type { AgentReportRow, DrillKind, DrillRow } from './schemas.ts';
import { zoneClock } from '../sla/zone-clock.ts';

const iso = (s: string) => new Date(s).toISOString();

/** Pairs counted up to here to choose the index that reads a period's straddling pairs. */
const STRADDLE_PROBE = 2_000;

/**
 * Tickets handled per agent in [from, to) for a caller who sees every ticket, without ticket filters. A pair's
 * touches lie in [first_at, last_at], so the pairs whose span meets the period number #(last_at >= from) -
 * #(first_at >= to): whole UTC days from agent_touch_days (0064, kept by triggers on ticket_agent_touches), the
 * partial day after `from` and after `to` from the touches. Of those, a pair touched before and after the period
 * (first_at < from, last_at >= to) counts only with a handled ledger row inside it. Such pairs are read through
 * last_at >= to (few when the period ends near now, as reports mostly do) or, when fewer pairs start before `from`
 * (a period near the start of the tenant's history), through first_at < from.
 */
async function handledFromDays(
  q: Queryable,
  tenantId: string,
  agentId: string | undefined,
  from: string,
  to: string,
): Promise<{ agent_id: string; handled: number }[]> {
  const agentOnly = agentId === undefined ? '' : ' AND agent_id = ?';
  const agentArgs = agentId === undefined ? [] : [agentId];
  const fromDay = dayAtOrAfter(from);
  const toDay = dayAtOrAfter(to);
  const n = new Map<string, number>();
  const add = (rows: { agent_id: string; n: number }[], sign: 1 | -1) => {
    for (const r of rows) n.set(r.agent_id, (n.get(r.agent_id) ?? 0) + sign * r.n);
  };
  // #(last_at >= fromDay) - #(first_at >= toDay)
  add(
    await q.all(
      `SELECT agent_id, sum(lasts) - sum(CASE WHEN day >= ? THEN firsts ELSE 0 END) AS n FROM agent_touch_days
       WHERE tenant_id = ? AND day >= ?${agentOnly} GROUP BY agent_id`,
      [toDay, tenantId, fromDay, ...agentArgs],
    ),
    1,
  );
  // + #(from <= last_at < fromDay) − #(to <= first_at < toDay): the partial days at the edges, from the pairs.
  const edge = async (column: 'last_at' | 'first_at', at: string, day: string, sign: 1 | -1) => {
    if (dayStartOf(day) === at) return;
    add(
      await q.all(
        `SELECT agent_id, count(*) AS n FROM ticket_agent_touches
         WHERE tenant_id = ?${agentOnly} AND ${column} >= ? AND ${column} < ? GROUP BY agent_id`,
        [tenantId, ...agentArgs, at, dayStartOf(day)],
      ),
      sign,
    );
  };
  await edge('last_at', from, fromDay, 1);
  await edge('first_at', to, toDay, -1);
  // - the straddling pairs with no handled ledger row in the period. One agent's are read through its index.
  const probe = async (cond: string, at: string) =>
    (await q.get<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ticket_agent_touches WHERE tenant_id = ? AND ${cond} LIMIT ${STRADDLE_PROBE})`,
      [tenantId, at],
    ))!.n;
  const late = agentId === undefined ? await probe('last_at >= ?', to) : 0;
  const early = late > STRADDLE_PROBE / 10 ? await probe('first_at < ?', from) : late;
  // The unary + keeps the other column's term off the index; without an agent the index is named, or the planner
  // walks the agent index whole for its GROUP BY order (100k pairs: ~11 ms for none to find).
  const byFirst = early < late;
  const straddle = byFirst ? 'p.first_at < ? AND +p.last_at >= ?' : '+p.first_at < ? AND p.last_at >= ?';
  const index = agentId === undefined ? ` INDEXED BY ticket_agent_touches_${byFirst ? 'first' : 'last'}` : '';
  add(
    await q.all(
      `SELECT agent_id, count(*) AS n FROM ticket_agent_touches p${index}
       WHERE p.tenant_id = ?${agentOnly} AND ${straddle} AND NOT EXISTS (
         SELECT 1 FROM ticket_metrics m WHERE m.tenant_id = p.tenant_id AND m.ticket_id = p.ticket_id
           AND m.agent_id = p.agent_id AND m.kind IN (${placeholders(HANDLED_KINDS.length)}) AND m.at >= ? AND m.at < ?)
       GROUP BY agent_id`,
      [tenantId, ...agentArgs, from, to, ...HANDLED_KINDS, from, to],
    ),
    -1,
  );
  return [...n].filter(([, k]) => k > 0).map(([id, k]) => ({ agent_id: id, handled: k }));
}

/** One row per agent with work in the period (or active): responses, resolutions, median response times, CSAT. */
export async function agentTable(
  q: Queryable,
  tenantId: string,
  f: MetricsFilter,
  scope: TicketScope,
): Promise<AgentReportRow[]> {
  const tf = ticketFilter(f, scope);
  // Without a tag, for a caller who sees every ticket, the ledger's indexes answer alone (its rows carry the team,
  // channel and priority); the touches carry none, so any ticket filter joins them with their ticket.
  const join = scope.limited || f.tag !== undefined;
  const touchesJoin = join || !!(f.teamId || f.channel || f.priority);
  const ledger = ledgerRowsOf(tenantId, f, scope);
  // Tickets handled are distinct tickets over the whole period, which no sum of days gives: read from one row per
  // agent × ticket with its first and last handled ledger row (ticket_agent_touches, kept by the ledger write). A
  // pair touched in the period has its first or last touch in it, or straddles both edges: only then is the ledger
  // asked whether a touch fell inside. Without ticket filters, for a caller who sees every ticket, whole days are
  // counted per agent from agent_touch_days (handledFromDays); the touches carry no ticket filter, so any other
  // case reads every pair of the period.
  const from = iso(f.from);
  const to = iso(f.to);
  const handled =
    !touchesJoin && from < to
      ? await handledFromDays(q, tenantId, f.agentId, from, to)
      : await q.all<{ agent_id: string; handled: number }>(
          `SELECT p.agent_id, count(*) AS handled
     FROM ticket_agent_touches p${touchesJoin ? ' JOIN tickets t ON t.tenant_id = p.tenant_id AND t.id = p.ticket_id' : ''}
     WHERE p.tenant_id = ?${f.agentId === undefined ? '' : ' AND p.agent_id = ?'} AND p.last_at >= ? AND p.first_at < ?
       AND (p.first_at >= ? OR p.last_at < ? OR EXISTS (
         SELECT 1 FROM ticket_metrics m WHERE m.tenant_id = p.tenant_id AND m.ticket_id = p.ticket_id
           AND m.agent_id = p.agent_id AND m.kind IN (${placeholders(HANDLED_KINDS.length)}) AND m.at >= ? AND m.at < ?))
       ${touchesJoin ? `AND ${tf.sql}` : ''}
     GROUP BY p.agent_id`,
          [
            tenantId,
            ...(f.agentId === undefined ? [] : [f.agentId]),
            from,
            to,
            from,
            to,
            ...HANDLED_KINDS,
            from,
            to,
            ...(touchesJoin ? tf.args : []),
          ],
        );
  const [first, next, resolutions] = await Promise.all([
    figuresByValue(q, tenantId, f, scope, 'agent', 'first_response', ledger),
    figuresByValue(q, tenantId, f, scope, 'agent', 'next_response', ledger),
    figuresByValue(q, tenantId, f, scope, 'agent', 'resolution', ledger),
  ]);
  // Ratings are ledger rows (met 1 good, 0 bad) credited to the ticket's assignee.
  const ratingsBy = await figuresByValue(q, tenantId, f, scope, 'agent', 'csat', ledger, false);
  const agents = await q.all<{ id: string; name: string; status: string }>(
    'SELECT id, name, status FROM agents WHERE tenant_id = ? ORDER BY name, id',
    [tenantId],
  );
  const handledBy = new Map(handled.map((h) => [h.agent_id, h.handled]));
  const worked = (id: string) =>
    handledBy.has(id) || first.has(id) || next.has(id) || resolutions.has(id) || ratingsBy.has(id);
  return agents
    .filter((a) => (f.agentId ? a.id === f.agentId : a.status === 'active' || worked(a.id)))
    .map((a) => {
      const firstTimes = first.get(a.id)?.calendar ?? new Durations();
      const all = new Durations();
      all.merge(firstTimes);
      all.merge(next.get(a.id)?.calendar ?? new Durations());
      const rated = ratingsBy.get(a.id);
      const good = rated?.met ?? 0;
      const bad = (rated?.count ?? 0) - good;
      return {
        agentId: a.id,
        name: a.name,
        handled: handledBy.get(a.id) ?? 0,
        responses: (first.get(a.id)?.count ?? 0) + (next.get(a.id)?.count ?? 0),
        resolutions: resolutions.get(a.id)?.count ?? 0,
        medianFirstResponseSeconds: firstTimes.percentile(50),
        medianResponseSeconds: all.percentile(50),
        csat: { score: good + bad ? Math.round((good / (good + bad)) * 1000) / 10 : null, good, bad },
      };
    });
}

/** The UTC hour ('YYYY-MM-DDTHH') after `h`. */
const nextHour = (h: string) => new Date(Date.parse(`${h}:00:00.000Z`) + 3600_000).toISOString().slice(0, 13);

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * The arrivals of whole UTC hours in [firstHour, lastHour), read as one packed string: a long period has thousands
 * of hours, and the driver's cost per row object (~1 µs) was most of the heatmap's time.
 */
async function packedHours(q: Queryable, tenantId: string, firstHour: string, lastHour: string) {
  const row = await q.get<{ s: string | null }>(
    `SELECT group_concat(hour || '=' || n) AS s FROM ticket_arrival_hours
     WHERE tenant_id = ? AND hour >= ? AND hour < ? AND n > 0`,
    [tenantId, firstHour, lastHour],
  );
  return (row?.s ? row.s.split(',') : []).map((x) => ({ h: x.slice(0, 13), n: Number(x.slice(14)) }));
}

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
  const from = iso(f.from);
  const to = iso(f.to);
  const count = (a: string, b: string) =>
    q.all<{ h: string; n: number }>(
      `SELECT substr(t.created_at, 1, 13) AS h, count(*) AS n FROM tickets t
       WHERE t.tenant_id = ? AND t.created_at >= ? AND t.created_at < ? AND ${tf.sql}
       GROUP BY h`,
      [tenantId, a, b, ...tf.args],
    );
  // Without filters, for a caller who sees every ticket, whole UTC hours come from ticket_arrival_hours (kept by
  // triggers on tickets) and only the period's partial first and last hour from the tickets.
  const rollup = !scope.limited && !(f.teamId || f.channel || f.tag || f.priority);
  const hourStart = (h: string) => `${h}:00:00.000Z`;
  const firstHour = hourStart(from.slice(0, 13)) === from ? from.slice(0, 13) : nextHour(from.slice(0, 13));
  const lastHour = to.slice(0, 13);
  let hours: { h: string; n: number }[];
  if (!rollup || firstHour >= lastHour) hours = await count(from, to);
  else
    hours = [
      ...(await count(from, hourStart(firstHour))),
      ...(await packedHours(q, tenantId, firstHour, lastHour)),
      ...(await count(hourStart(lastHour), to)),
    ];
  // Each UTC hour goes to the local weekday and hour of its start. A UTC day's hours share its first hour's offset
  // unless the offset changes that day (a DST change), which its last hour shows; offsets are read through the
  // zone's clock, once per process (formatting each of 250 days' hours cost ~30-45 ms, each day's two ~4 ms).
  const clock = zoneClock(tz);
  const days = new Map<string, { start: number; offset: number | null }>();
  const slotOf = (h: string): [number, number] => {
    const key = h.slice(0, 10);
    let day = days.get(key);
    if (!day) {
      const start = Date.parse(dayStartOf(key));
      const first = clock.offsetAt(start);
      day = { start, offset: clock.offsetAt(start + 23 * 3600_000) === first ? first : null };
      days.set(key, day);
    }
    const at = day.start + Number(h.slice(11, 13)) * 3600_000;
    const local = new Date(at + (day.offset ?? clock.offsetAt(at)));
    return [(local.getUTCDay() + 6) % 7, local.getUTCHours()];
  };
  const grid = WEEKDAYS.map(() => new Array<number>(24).fill(0));
  for (const { h, n } of hours) {
    const [day, hour] = slotOf(h);
    grid[day][hour] += n;
  }
  return grid;
}

/** Which ledger kinds a drill-down kind lists, whether only met (1) or breached (0) rows, and which overdue targets. */
const DRILLS: Record<
  DrillKind,
  { kinds: MetricKind[]; met?: 0 | 1; overdue?: ('first_response' | 'resolution')[]; created?: true }
> = {
  // The tickets created in the period (the backlog's Created): from the tickets, not the ledger.
  created: { kinds: [], created: true },
  first_response: { kinds: ['first_response'] },
  next_response: { kinds: ['next_response'] },
  resolution: { kinds: ['resolution'] },
  waiting: { kinds: ['waiting'] },
  reopen: { kinds: ['reopen'] },
  automated_reply: { kinds: ['automated_reply'] },
  sla_breached: {
    kinds: ['sla_first_response', 'sla_resolution'],
    met: 0,
    overdue: ['first_response', 'resolution'],
  },
  sla_first_response_met: { kinds: ['sla_first_response'], met: 1 },
  sla_first_response_breached: { kinds: ['sla_first_response'], met: 0, overdue: ['first_response'] },
  sla_resolution_met: { kinds: ['sla_resolution'], met: 1 },
  sla_resolution_breached: { kinds: ['sla_resolution'], met: 0, overdue: ['resolution'] },
};
const OVERDUE = {
  first_response: { due: 'first_response_due_at', kind: 'sla_first_response', seq: -1 },
  resolution: { due: 'resolution_due_at', kind: 'sla_resolution', seq: -2 },
} as const;

/**
 * The ledger rows behind a figure, newest first, with their ticket: what a click on a number opens. A breached SLA
 * figure also counts targets still unmet past their due time, which have no ledger row: they are listed at their due
 * time as `<kind>_overdue` (seq -1 / -2 keep the keyset unique), unless the list is one agent's (nobody's work yet).
 * The order is SQLite's string and integer order, which the merge below repeats.
 */
export async function drillDown(
  q: Queryable,
  tenantId: string,
  f: MetricsFilter,
  scope: TicketScope,
  kind: DrillKind,
  after: readonly [string, string, number] | null,
  limit: number,
  now: Date,
): Promise<(DrillRow & { seq: number })[]> {
  const tf = ticketFilter(f, scope);
  const drill = DRILLS[kind];
  const from = iso(f.from);
  const to = iso(f.to);
  const keyset = after ? ' AND (at, ticket_id, seq) < (?, ?, ?)' : '';
  const page = ` ORDER BY at DESC, ticket_id DESC, seq DESC LIMIT ${limit + 1}`;
  type Row = {
    at: string;
    ticket_id: string;
    seq: number;
    kind: string;
    c: number | null;
    b: number | null;
    agent_id: string | null;
    number: number;
    subject: string;
  };
  const args: InValue[] = [from, to, ...tf.args];
  let ledgerExtra = drill.met === undefined ? '' : ` AND m.met = ${drill.met}`;
  if (f.agentId && kind !== 'waiting') {
    ledgerExtra += ' AND m.agent_id = ?';
    args.push(f.agentId);
  }
  // Each source (each ledger kind, each overdue target) reads its own first page in its index order; the pages are
  // merged here, so no source is sorted whole (kinds read together were: 100k tickets, SLA breaches ~65-120 ms).
  const reads: Promise<Row[]>[] = drill.kinds.map((k) =>
    q.all<Row>(
      `SELECT * FROM (SELECT m.at, m.ticket_id, m.seq, m.kind, m.calendar_seconds AS c, m.business_seconds AS b,
                             m.agent_id, t.number, t.subject
       FROM ticket_metrics m JOIN tickets t ON t.tenant_id = m.tenant_id AND t.id = m.ticket_id
       WHERE m.tenant_id = ? AND m.kind = ? AND m.at >= ? AND m.at < ? AND ${tf.sql}${ledgerExtra})
       WHERE 1 = 1${keyset}${page}`,
      [tenantId, k, ...args, ...(after ?? [])],
    ),
  );
  // As the backlog counts them: `agentId` is the ticket's assignee.
  if (drill.created)
    reads.push(
      q.all<Row>(
        `SELECT * FROM (SELECT t.created_at AS at, t.id AS ticket_id, 0 AS seq, 'created' AS kind, NULL AS c, NULL AS b,
                               t.assignee_id AS agent_id, t.number, t.subject
         FROM tickets t WHERE t.tenant_id = ? AND t.created_at >= ? AND t.created_at < ? AND ${tf.sql}${
           f.agentId ? ' AND t.assignee_id = ?' : ''
         })
         WHERE 1 = 1${keyset}${page}`,
        [tenantId, from, to, ...tf.args, ...(f.agentId ? [f.agentId] : []), ...(after ?? [])],
      ),
    );
  for (const target of f.agentId ? [] : (drill.overdue ?? [])) {
    const o = OVERDUE[target];
    const c = overdueCondition(tf, o.due, o.kind, from, to, now.toISOString());
    reads.push(
      q.all<Row>(
        `SELECT * FROM (SELECT t.${o.due} AS at, t.id AS ticket_id, ${o.seq} AS seq, '${o.kind}_overdue' AS kind,
                               NULL AS c, NULL AS b, NULL AS agent_id, t.number, t.subject
         FROM tickets t WHERE t.tenant_id = ? AND ${c.sql})
         WHERE 1 = 1${keyset}${page}`,
        [tenantId, ...c.args, ...(after ?? [])],
      ),
    );
  }
  const newestFirst = (x: Row, y: Row) =>
    x.at !== y.at
      ? x.at < y.at
        ? 1
        : -1
      : x.ticket_id !== y.ticket_id
        ? x.ticket_id < y.ticket_id
          ? 1
          : -1
        : y.seq - x.seq;
  const rows = (await Promise.all(reads))
    .flat()
    .sort(newestFirst)
    .slice(0, limit + 1);
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
