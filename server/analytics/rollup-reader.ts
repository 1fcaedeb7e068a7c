// Figures of one ledger kind over a period, from the daily rollups where they answer (whole UTC days, clean, at most
// one filter, a caller who sees every ticket, no tag) and from the ledger rows for the rest: the period's partial
// first and last day and the days changed since their rollup was built.
import type { InValue } from '@libsql/client';
import type { Queryable } from '../db/client.ts';
import type { TicketScope } from '../tickets/scope.ts';
import type { MetricKind } from './ledger.ts';
import {
  dayAtOrAfter,
  dayOf,
  dayStartOf,
  dirtyDays,
  monthOf,
  nextMonth,
  distributionBucket,
  DURATION_BUCKETS,
  nextDay,
  rollupRows,
  rollupRowsByValue,
  type RollupDim,
  type RollupRow,
  type RollupTable,
} from './rollup-queries.ts';
import { addTo, decodeSketchInto, sketchPercentile, type Sketch } from './sketch.ts';

export interface ReportFilter {
  from: string;
  to: string;
  teamId?: string;
  agentId?: string;
  channel?: string;
  tag?: string;
  priority?: string;
}

/** Durations gathered from rollups and ledger rows: exact while every part kept its values, else the sketch. */
export class Durations {
  exact: number[] | null = [];
  sketch: Sketch = new Map();
  addExact(values: number[]) {
    for (const v of values) addTo(this.sketch, v);
    if (this.exact) for (const v of values) this.exact.push(v);
  }
  addSketch(bytes: RollupRow['calendar'], exact: number[] | null) {
    decodeSketchInto(this.sketch, bytes);
    if (exact && this.exact) for (const v of exact) this.exact.push(v);
    else this.exact = null;
  }
  merge(other: Durations) {
    for (const [b, n] of other.sketch) this.sketch.set(b, (this.sketch.get(b) ?? 0) + n);
    if (this.exact && other.exact) for (const v of other.exact) this.exact.push(v);
    else this.exact = null;
  }
  #sorted: Float64Array | null = null;
  /** Nearest rank, as `percentile` in metrics-queries.ts; from the sketch (within SKETCH_RELATIVE_ERROR) once inexact. */
  percentile(p: number): number | null {
    if (!this.exact) return sketchPercentile(this.sketch, p);
    if (!this.#sorted || this.#sorted.length !== this.exact.length) this.#sorted = Float64Array.from(this.exact).sort();
    const s = this.#sorted;
    return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null;
  }
}

export interface KindFigures {
  count: number;
  met: number;
  /** Counts per DURATION_BUCKETS bucket of the calendar time. */
  dist: number[];
  calendar: Durations;
  business: Durations;
}

export const emptyFigures = (): KindFigures => ({
  count: 0,
  met: 0,
  dist: DURATION_BUCKETS.map(() => 0),
  calendar: new Durations(),
  business: new Durations(),
});

/** Which rollup answers a kind for this filter ('' = all tickets), or null when only the ledger can. */
function rollupFor(f: ReportFilter, scope: TicketScope, byAgent: boolean): [RollupDim, string] | null {
  if (scope.limited || f.tag !== undefined) return null;
  const set: [RollupDim, string][] = [];
  if (byAgent && f.agentId !== undefined) set.push(['agent', f.agentId]);
  if (f.teamId !== undefined) set.push(['team', f.teamId]);
  if (f.channel !== undefined) set.push(['channel', f.channel]);
  if (f.priority !== undefined) set.push(['priority', f.priority]);
  if (set.length > 1) return null;
  return set[0] ?? ['', ''];
}

/** A run of rollup rows to read: whole clean months, or a run of whole days (its dirty days skipped). */
export type RollupRun = { table: RollupTable; from: string; to: string };

/**
 * Splits [from, to) into what rollups answer — whole clean months, runs of whole days (those starting at or after
 * `from` and ending at or before `to`) — and the intervals the ledger must (partial days, dirty days; merged where
 * they touch).
 */
export async function splitPeriod(
  q: Queryable,
  tenantId: string,
  from: string,
  to: string,
): Promise<{ runs: RollupRun[]; dirty: Set<string>; ledger: [string, string][] }> {
  const fromDay = dayAtOrAfter(from);
  const toDay = dayOf(to);
  if (fromDay >= toDay) return { runs: [], dirty: new Set(), ledger: [[from, to]] };
  const dirty = await dirtyDays(q, tenantId, fromDay, toDay);
  const ledger: [string, string][] = [];
  const push = (a: string, b: string) => {
    if (a >= b) return;
    const last = ledger[ledger.length - 1];
    if (last && last[1] === a) last[1] = b;
    else ledger.push([a, b]);
  };
  push(from, dayStartOf(fromDay));
  for (const day of [...dirty].sort()) push(dayStartOf(day), dayStartOf(nextDay(day)));
  push(dayStartOf(toDay), to);

  const runs: RollupRun[] = [];
  const dirtyMonths = new Set([...dirty].map(monthOf));
  let day = fromDay;
  while (day < toDay) {
    const month = monthOf(day);
    const monthEnd = `${nextMonth(month)}-01`;
    if (day === `${month}-01` && monthEnd <= toDay && !dirtyMonths.has(month)) {
      const last = runs[runs.length - 1];
      if (last?.table === 'ticket_metric_months' && last.to === month) last.to = nextMonth(month);
      else runs.push({ table: 'ticket_metric_months', from: month, to: nextMonth(month) });
      day = monthEnd;
    } else {
      const end = monthEnd < toDay ? monthEnd : toDay;
      const last = runs[runs.length - 1];
      if (last?.table === 'ticket_metric_days' && last.to === day) last.to = end;
      else runs.push({ table: 'ticket_metric_days', from: day, to: end });
      day = end;
    }
  }
  return { runs, dirty, ledger };
}

export interface LedgerSource {
  /** The ledger rows' FROM clause and the ticket condition joined to it (null when the ledger alone answers). */
  source: string;
  join: { sql: string; args: InValue[] } | null;
}

/**
 * Reads a kind's figures: rollups for the whole clean days when one answers the filter, ledger rows (through
 * `ledger`, the caller's ticket conditions) for everything else.
 */
export async function kindFigures(
  q: Queryable,
  tenantId: string,
  f: ReportFilter,
  scope: TicketScope,
  ledger: LedgerSource,
  kind: MetricKind,
  byAgent: boolean,
  withDurations: boolean,
): Promise<KindFigures> {
  const from = new Date(f.from).toISOString();
  const to = new Date(f.to).toISOString();
  const out = emptyFigures();
  const rollup = rollupFor(f, scope, byAgent);
  const split = rollup ? await splitPeriod(q, tenantId, from, to) : null;
  const intervals: [string, string][] = split ? split.ledger : [[from, to]];
  if (rollup && split)
    for (const run of split.runs) {
      const rows = await rollupRows(
        q,
        run.table,
        tenantId,
        rollup[0],
        rollup[1],
        kind,
        run.from,
        run.to,
        withDurations,
      );
      for (const r of rows) if (!split.dirty.has(r.day)) addRollupRow(out, r);
    }
  const agent = byAgent && f.agentId !== undefined ? [f.agentId] : [];
  for (const [a, b] of intervals) {
    const r = await q.get<{ n: number; met: number | null; c: string | null; b: string | null }>(
      `SELECT count(*) AS n, sum(m.met = 1) AS met
              ${withDurations ? ', group_concat(m.calendar_seconds) AS c, group_concat(m.business_seconds) AS b' : ''}
       FROM ${ledger.source}
       WHERE m.tenant_id = ? AND m.kind = ? AND m.at >= ? AND m.at < ?${ledger.join ? ` AND ${ledger.join.sql}` : ''}
       ${agent.length ? 'AND m.agent_id = ?' : ''}`,
      [tenantId, kind, a, b, ...(ledger.join ? ledger.join.args : []), ...agent],
    );
    addLedgerFigures(out, r);
  }
  return out;
}

/** A filtered report's selection of ledger rows (alias m): its FROM clause and the conditions on the rows. */
export interface LedgerRows {
  source: string;
  where: string;
  args: InValue[];
}

const BY_DIM = {
  agent: { column: 'm.agent_id', filter: 'agentId' },
  team: { column: 'm.team_id', filter: 'teamId' },
  channel: { column: 'm.channel', filter: 'channel' },
  priority: { column: 'm.priority', filter: 'priority' },
} as const;
const FILTERS = ['agentId', 'teamId', 'channel', 'priority', 'tag'] as const;

/**
 * One kind's figures per value of a filter (each agent, each priority): the rollup rows of whole clean days when
 * they answer (no filter but this one, a caller who sees every ticket), and for the rest the ledger rows of
 * `ledger` (the caller's conditions) grouped by the filter's column. A value given in the filter keeps only its own.
 */
export async function figuresByValue(
  q: Queryable,
  tenantId: string,
  f: ReportFilter,
  scope: TicketScope,
  dim: keyof typeof BY_DIM,
  kind: MetricKind,
  ledger: LedgerRows,
  withDurations = true,
): Promise<Map<string, KindFigures>> {
  const { column, filter } = BY_DIM[dim];
  const only = f[filter];
  const out = new Map<string, KindFigures>();
  const of = (value: string) => {
    let r = out.get(value);
    if (!r) out.set(value, (r = emptyFigures()));
    return r;
  };
  const from = new Date(f.from).toISOString();
  const to = new Date(f.to).toISOString();
  const rollups = !scope.limited && FILTERS.every((k) => k === filter || f[k] === undefined);
  const split = rollups ? await splitPeriod(q, tenantId, from, to) : null;
  for (const run of split?.runs ?? [])
    for (const r of await rollupRowsByValue(q, run.table, tenantId, dim, kind, run.from, run.to, withDurations))
      if (!split!.dirty.has(r.day) && (only === undefined || r.value === only)) addRollupRow(of(r.value), r);
  for (const [a, b] of split ? split.ledger : [[from, to]]) {
    const rows = await q.all<{ value: string; n: number; met: number | null; c: string | null; b: string | null }>(
      `SELECT ${column} AS value, count(*) AS n, sum(m.met = 1) AS met
              ${withDurations ? ', group_concat(m.calendar_seconds) AS c, group_concat(m.business_seconds) AS b' : ''}
       FROM ${ledger.source} WHERE m.kind = ? AND m.at >= ? AND m.at < ? AND ${column} IS NOT NULL AND ${ledger.where}
       GROUP BY ${column}`,
      [kind, a, b, ...ledger.args],
    );
    for (const r of rows) if (only === undefined || r.value === only) addLedgerFigures(of(r.value), r);
  }
  return out;
}

/** Adds one group of ledger rows (count, met, the concatenated calendar and business seconds) to `out`. */
function addLedgerFigures(
  out: KindFigures,
  r: { n: number; met: number | null; c?: string | null; b?: string | null } | undefined,
): void {
  out.count += r?.n ?? 0;
  out.met += r?.met ?? 0;
  if (r?.c) {
    const values = r.c.split(',').map(Number);
    for (const v of values) out.dist[distributionBucket(v)]++;
    out.calendar.addExact(values);
  }
  if (r?.b) out.business.addExact(r.b.split(',').map(Number));
}

export function addRollupRow(out: KindFigures, r: RollupRow): void {
  out.count += r.n;
  out.met += r.met;
  if (!r.dist) return;
  const dist = JSON.parse(r.dist) as number[];
  for (let i = 0; i < dist.length; i++) out.dist[i] += dist[i];
  const exact = r.exact ? (JSON.parse(r.exact) as { c: number[]; b: number[] }) : null;
  out.calendar.addSketch(r.calendar, exact ? exact.c : null);
  out.business.addSketch(r.business, exact ? exact.b : null);
}
