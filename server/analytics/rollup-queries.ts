// Daily rollups of the metric ledger (ticket_metric_days): built per tenant and UTC day from the ledger rows, one
// row per kind for all tickets and per value of each report filter (agent, team, channel, priority). A day whose
// ledger changed is marked in ticket_metric_dirty_days by the ledger write and read from the ledger until rebuilt.
import type { Queryable } from '../db/client.ts';
import { METRIC_KINDS } from './ledger.ts';
import { addTo, decodeSketchInto, encodeSketch, type Sketch } from './sketch.ts';

/** Upper bounds (exclusive) of the distribution buckets: 1 h, 4 h, 8 h, 1 day, 3 days, 7 days, longer. */
export const DURATION_BUCKETS = [3600, 4 * 3600, 8 * 3600, 86_400, 3 * 86_400, 7 * 86_400, null] as const;

export function distributionBucket(seconds: number): number {
  const i = DURATION_BUCKETS.findIndex((upTo) => upTo === null || seconds < upTo);
  return i;
}

/** A day keeps its values themselves (so small reports stay exact) while a rollup row has at most this many. */
export const EXACT_UP_TO = 50;

export type RollupDim = '' | 'agent' | 'team' | 'channel' | 'priority';

export const dayOf = (iso: string) => iso.slice(0, 10);
export const monthOf = (day: string) => day.slice(0, 7);
export const nextMonth = (month: string) => {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 7);
};
/** Day rows (day 'YYYY-MM-DD') or month rows (day 'YYYY-MM'), the same columns. */
export type RollupTable = 'ticket_metric_days' | 'ticket_metric_months';
export const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
/** The instant a UTC day ('YYYY-MM-DD') begins. */
export const dayStartOf = (day: string) => `${day}T00:00:00.000Z`;
/** The first whole UTC day at or after an instant: its own day when it is a midnight, else the next. */
export const dayAtOrAfter = (at: string) => (dayStartOf(dayOf(at)) === at ? dayOf(at) : nextDay(dayOf(at)));

interface Group {
  dim: RollupDim;
  value: string;
  kind: string;
  n: number;
  met: number;
  dist: number[];
  calendar: Sketch;
  business: Sketch;
  exact: { c: number[]; b: number[] };
  /** False once a merged day had too many values to keep them. */
  exactKept: boolean;
}

const newGroup = (dim: RollupDim, value: string, kind: string): Group => ({
  dim,
  value,
  kind,
  n: 0,
  met: 0,
  dist: DURATION_BUCKETS.map(() => 0),
  calendar: new Map(),
  business: new Map(),
  exact: { c: [], b: [] },
  exactKept: true,
});

/** Rebuilds one tenant's rollup rows of one UTC day from its ledger rows. */
export async function buildRollupDay(q: Queryable, tenantId: string, day: string): Promise<void> {
  const rows = await q.all<{
    kind: string;
    agent_id: string | null;
    team_id: string | null;
    channel: string | null;
    priority: string | null;
    c: number | null;
    b: number | null;
    met: number | null;
  }>(
    `SELECT kind, agent_id, team_id, channel, priority, calendar_seconds AS c, business_seconds AS b, met
     FROM ticket_metrics WHERE tenant_id = ? AND kind IN (${METRIC_KINDS.map(() => '?').join(', ')}) AND at >= ? AND at < ?`,
    [tenantId, ...METRIC_KINDS, day, nextDay(day)],
  );
  const groups = new Map<string, Group>();
  const add = (dim: RollupDim, value: string | null, r: (typeof rows)[number]) => {
    if (value === null) return;
    const key = `${dim}\u0000${value}\u0000${r.kind}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = newGroup(dim, value, r.kind)));
    g.n++;
    if (r.met === 1) g.met++;
    if (r.c !== null) {
      g.dist[distributionBucket(r.c)]++;
      addTo(g.calendar, r.c);
      g.exact.c.push(r.c);
    }
    if (r.b !== null) {
      addTo(g.business, r.b);
      g.exact.b.push(r.b);
    }
  };
  for (const r of rows) {
    add('', '', r);
    add('agent', r.agent_id, r);
    add('team', r.team_id, r);
    add('channel', r.channel, r);
    add('priority', r.priority, r);
  }
  await writeGroups(q, 'ticket_metric_days', tenantId, day, groups.values());
}

async function writeGroups(q: Queryable, table: RollupTable, tenantId: string, day: string, groups: Iterable<Group>) {
  await q.run(`DELETE FROM ${table} WHERE tenant_id = ? AND day = ?`, [tenantId, day]);
  for (const g of groups) {
    const timed = g.exact.c.length + g.exact.b.length > 0 || g.calendar.size + g.business.size > 0;
    await q.run(
      `INSERT INTO ${table} (tenant_id, dim, value, kind, day, n, met, dist, calendar, business, exact)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        tenantId,
        g.dim,
        g.value,
        g.kind,
        day,
        g.n,
        g.met,
        timed ? JSON.stringify(g.dist) : null,
        timed ? encodeSketch(g.calendar) : null,
        timed ? encodeSketch(g.business) : null,
        timed && g.exactKept && g.exact.c.length + g.exact.b.length <= 2 * EXACT_UP_TO ? JSON.stringify(g.exact) : null,
      ],
    );
  }
}

/** Rebuilds one tenant's month rows from its day rows (called once no day of the month is dirty). */
export async function buildRollupMonth(q: Queryable, tenantId: string, month: string): Promise<void> {
  const rows = await q.all<RollupRow & { dim: RollupDim; value: string; kind: string }>(
    `SELECT dim, value, kind, day, n, met, dist, calendar, business, exact FROM ticket_metric_days
     WHERE tenant_id = ? AND day >= ? AND day < ?`,
    [tenantId, `${month}-01`, `${nextMonth(month)}-01`],
  );
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const key = `${r.dim}\u0000${r.value}\u0000${r.kind}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = newGroup(r.dim, r.value, r.kind)));
    g.n += r.n;
    g.met += r.met;
    if (r.dist) (JSON.parse(r.dist) as number[]).forEach((n, i) => (g.dist[i] += n));
    decodeSketchInto(g.calendar, r.calendar);
    decodeSketchInto(g.business, r.business);
    if (r.exact) {
      const e = JSON.parse(r.exact) as { c: number[]; b: number[] };
      g.exact.c.push(...e.c);
      g.exact.b.push(...e.b);
    } else if (r.dist) g.exactKept = false;
  }
  await writeGroups(q, 'ticket_metric_months', tenantId, month, groups.values());
}

export async function monthIsClean(q: Queryable, tenantId: string, month: string): Promise<boolean> {
  return !(await q.get('SELECT 1 FROM ticket_metric_dirty_days WHERE tenant_id = ? AND day >= ? AND day < ?', [
    tenantId,
    `${month}-01`,
    `${nextMonth(month)}-01`,
  ]));
}

export interface RollupRow {
  day: string;
  n: number;
  met: number;
  dist: string | null;
  calendar: ArrayBuffer | Uint8Array | null;
  business: ArrayBuffer | Uint8Array | null;
  exact: string | null;
}

/** A rollup row's duration columns, or nulls in their place when only counts are read. */
const durationColumns = (withDurations: boolean) =>
  withDurations
    ? ', dist, calendar, business, exact'
    : ', NULL AS dist, NULL AS calendar, NULL AS business, NULL AS exact';

/** The rollup rows of one kind and filter value over [fromDay, toDay). */
export function rollupRows(
  q: Queryable,
  table: RollupTable,
  tenantId: string,
  dim: RollupDim,
  value: string,
  kind: string,
  fromDay: string,
  toDay: string,
  withDurations: boolean,
): Promise<RollupRow[]> {
  return q.all<RollupRow>(
    `SELECT day, n, met${durationColumns(withDurations)}
     FROM ${table} WHERE tenant_id = ? AND dim = ? AND value = ? AND kind = ? AND day >= ? AND day < ?`,
    [tenantId, dim, value, kind, fromDay, toDay],
  );
}

/** The rollup rows of every value of a filter for one kind over [fromDay, toDay) (one per agent, per priority…). */
export function rollupRowsByValue(
  q: Queryable,
  table: RollupTable,
  tenantId: string,
  dim: RollupDim,
  kind: string,
  fromDay: string,
  toDay: string,
  withDurations = true,
): Promise<(RollupRow & { value: string })[]> {
  return q.all<RollupRow & { value: string }>(
    `SELECT value, day, n, met${durationColumns(withDurations)}
     FROM ${table} WHERE tenant_id = ? AND dim = ? AND kind = ? AND day >= ? AND day < ?`,
    [tenantId, dim, kind, fromDay, toDay],
  );
}

export async function dirtyDays(q: Queryable, tenantId: string, fromDay: string, toDay: string): Promise<Set<string>> {
  const rows = await q.all<{ day: string }>(
    'SELECT day FROM ticket_metric_dirty_days WHERE tenant_id = ? AND day >= ? AND day < ?',
    [tenantId, fromDay, toDay],
  );
  return new Set(rows.map((r) => r.day));
}

/** Dirty days to rebuild: one tenant's, or any tenant's (the worker). */
export function someDirtyDays(
  q: Queryable,
  limit: number,
  tenantId?: string,
): Promise<{ tenant_id: string; day: string }[]> {
  return q.all<{ tenant_id: string; day: string }>(
    `SELECT tenant_id, day FROM ticket_metric_dirty_days ${tenantId === undefined ? '' : 'WHERE tenant_id = ?'}
     ORDER BY tenant_id, day LIMIT ?`,
    tenantId === undefined ? [limit] : [tenantId, limit],
  );
}

export async function cleanDay(q: Queryable, tenantId: string, day: string): Promise<void> {
  await q.run('DELETE FROM ticket_metric_dirty_days WHERE tenant_id = ? AND day = ?', [tenantId, day]);
}

/** Marks the days of a ticket's ledger rows dirty: before its rows are deleted with the ticket (an erasure). */
export async function markTicketDaysDirty(q: Queryable, tenantId: string, ticketId: string): Promise<void> {
  await q.run(
    `INSERT OR IGNORE INTO ticket_metric_dirty_days (tenant_id, day)
     SELECT DISTINCT tenant_id, substr(at, 1, 10) FROM ticket_metrics WHERE tenant_id = ? AND ticket_id = ?`,
    [tenantId, ticketId],
  );
}

/** Marks every day of a tenant with ledger rows dirty (a rebuild). */
export async function markAllDaysDirty(q: Queryable, tenantId: string): Promise<void> {
  await q.run(
    `INSERT OR IGNORE INTO ticket_metric_dirty_days (tenant_id, day)
     SELECT DISTINCT tenant_id, substr(at, 1, 10) FROM ticket_metrics WHERE tenant_id = ?`,
    [tenantId],
  );
  await q.run(
    `INSERT OR IGNORE INTO ticket_metric_dirty_days (tenant_id, day)
     SELECT DISTINCT tenant_id, day FROM ticket_metric_days WHERE tenant_id = ?`,
    [tenantId],
  );
}
