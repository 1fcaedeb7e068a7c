// GET /analytics/backlog: per local day (the tenant's time zone) tickets created, resolved and reopened, and how many
// were open (not resolved or closed) at the end of the day. Open at an instant is created − resolutions + reopens
// before it, from the ledger's resolution and reopen rows, so past days stay right after later reopens.
import type { InValue } from '@libsql/client';
import type { Queryable } from '../db/client.ts';
import type { TicketScope } from '../tickets/scope.ts';
import { zoneClock } from '../sla/zone-clock.ts';
import { ticketFilter, type MetricsFilter } from './metrics-queries.ts';
import type { BacklogDay } from './schemas.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/**
 * Per time zone, each day start's local date and the next day's start: the same for every report and tenant in the
 * zone, so a period's days are computed once (a zone's offsets never change while the process runs). Bounded: a
 * zone's map is dropped past 50,000 days, all of them past 100 zones.
 */
const steps = new Map<string, Map<number, { date: string; end: number }>>();

/**
 * The local days of the period: a date-only `from`/`to` is a local date (`to` exclusive), an instant the local day
 * containing it (`to` exclusive: the day starting at it is left out). Each day is whole, so DST days are 23 or 25 hours.
 */
export function localDays(from: string, to: string, tz: string): { date: string; start: Date; end: Date }[] {
  const z = zoneClock(tz);
  const dateMidnight = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return z.midnight(y!, m!, d!);
  };
  const first = DATE_ONLY.test(from) ? dateMidnight(from) : z.dayStart(new Date(from).getTime());
  const limit = DATE_ONLY.test(to) ? dateMidnight(to) : new Date(to).getTime();
  if (steps.size > 100) steps.clear();
  let known = steps.get(tz);
  if (!known || known.size > 50_000) steps.set(tz, (known = new Map()));
  const days: { date: string; start: Date; end: Date }[] = [];
  for (let start = first; start < limit && days.length <= 401;) {
    let step = known.get(start);
    // +26 h lands inside the next local day whether this one has 23, 24 or 25 hours.
    if (!step) known.set(start, (step = { date: z.dateOf(start), end: z.dayStart(start + 26 * 3600_000) }));
    days.push({ date: step.date, start: new Date(start), end: new Date(step.end) });
    start = step.end;
  }
  return days;
}

/** Created, resolved and reopened in each range or before an instant. */
interface Counts {
  created: number;
  resolved: number;
  reopened: number;
}
const ZERO: Counts = { created: 0, resolved: 0, reopened: 0 };
const hourOf = (iso: string) => iso.slice(0, 13);
/** The part of its UTC hour before an instant, empty when the instant begins an hour. */
const partialHour = (iso: string): [string, string] | null =>
  iso.slice(13) === ':00:00.000Z' ? null : [`${hourOf(iso)}:00:00.000Z`, iso];

export async function backlog(
  q: Queryable,
  tenantId: string,
  f: MetricsFilter,
  scope: TicketScope,
  tz: string,
): Promise<{ openAtStart: number; days: BacklogDay[] }> {
  const days = localDays(f.from, f.to, tz);
  if (!days.length) return { openAtStart: 0, days: [] };
  const tf = ticketFilter(f, scope);
  const agent = f.agentId === undefined ? '' : ' AND t.assignee_id = ?';
  const cond = { sql: `${tf.sql}${agent}`, args: [...tf.args, ...(f.agentId === undefined ? [] : [f.agentId])] };
  // Without filters, for a caller who sees every ticket, the ledger alone answers (spam tickets have no rows).
  const join = scope.limited || !!(f.teamId || f.channel || f.tag || f.priority || f.agentId);
  const ledger = (kind: 'resolution' | 'reopen', range: string) =>
    join
      ? `(SELECT count(*) FROM ticket_metrics m JOIN tickets t ON t.tenant_id = m.tenant_id AND t.id = m.ticket_id
          WHERE m.tenant_id = ? AND m.kind = '${kind}' AND ${range} AND ${cond.sql})`
      : `(SELECT count(*) FROM ticket_metrics m WHERE m.tenant_id = ? AND m.kind = '${kind}' AND ${range})`;
  const created = (range: string) =>
    `(SELECT count(*) FROM tickets t WHERE t.tenant_id = ? AND ${range} AND ${cond.sql})`;
  const counts = (range: (col: string) => string) =>
    `${created(range('t.created_at'))} AS created, ${ledger('resolution', range('m.at'))} AS resolved,
     ${ledger('reopen', range('m.at'))} AS reopened`;
  const args = (extra: InValue[]): InValue[] => [
    tenantId,
    ...extra,
    ...cond.args,
    tenantId,
    ...extra,
    ...(join ? cond.args : []),
    tenantId,
    ...extra,
    ...(join ? cond.args : []),
  ];
  /** The counts in each [a, b) of `ranges`, in one statement. */
  const inRanges = async (ranges: [string, string][]): Promise<Counts[]> => {
    if (!ranges.length) return [];
    const rows = await q.all<Counts & { i: number }>(
      `WITH d(i, a, b) AS (VALUES ${ranges.map(() => '(?, ?, ?)').join(', ')})
       SELECT d.i, ${counts((col) => `${col} >= d.a AND ${col} < d.b`)} FROM d ORDER BY d.i`,
      [...ranges.flatMap(([a, b], i) => [i, a, b]), ...args([])],
    );
    return rows.map(({ created, resolved, reopened }) => ({ created, resolved, reopened }));
  };
  const bounds = [days[0]!.start.toISOString(), ...days.map((d) => d.end.toISOString())];
  let before: Counts;
  let perDay: Counts[];
  if (join) {
    before = (await q.get<Counts>(`SELECT ${counts((col) => `${col} < ?`)}`, args([bounds[0]!]))) ?? ZERO;
    perDay = await inRanges(days.map((_, i) => [bounds[i]!, bounds[i + 1]!]));
  } else {
    // Whole UTC hours from the hour tables (ticket_arrival_hours, ticket_metric_hours: kept by triggers), so the
    // counts before each day bound are its hours' sums plus, in a zone whose offset is not whole hours (Asia/Kolkata
    // +5:30), the part of its hour before it from the tickets and the ledger (a few rows per bound).
    const hours = await q.all<Counts & { i: number }>(
      `WITH d(i, a, b) AS (VALUES ${bounds.map(() => '(?, ?, ?)').join(', ')})
       SELECT d.i,
         (SELECT coalesce(sum(h.n), 0) FROM ticket_arrival_hours h
          WHERE h.tenant_id = ? AND h.hour >= d.a AND h.hour < d.b) AS created,
         (SELECT coalesce(sum(h.n), 0) FROM ticket_metric_hours h
          WHERE h.tenant_id = ? AND h.kind = 'resolution' AND h.hour >= d.a AND h.hour < d.b) AS resolved,
         (SELECT coalesce(sum(h.n), 0) FROM ticket_metric_hours h
          WHERE h.tenant_id = ? AND h.kind = 'reopen' AND h.hour >= d.a AND h.hour < d.b) AS reopened
       FROM d ORDER BY d.i`,
      [
        // Row 0: every hour before the first bound's; row i: the hours from bound i - 1's to bound i's.
        ...bounds.flatMap((b, i) => [i, i ? hourOf(bounds[i - 1]!) : '', hourOf(b)]),
        tenantId,
        tenantId,
        tenantId,
      ],
    );
    const edges = bounds.map(partialHour);
    const edgeCounts = await inRanges(edges.filter((e) => e !== null));
    let k = 0;
    const partial = edges.map((e) => (e ? edgeCounts[k++]! : ZERO));
    const at = (i: number, key: keyof Counts) => hours[i]![key] - partial[i - 1]![key] + partial[i]![key];
    const range = (i: number): Counts => ({
      created: at(i, 'created'),
      resolved: at(i, 'resolved'),
      reopened: at(i, 'reopened'),
    });
    before = {
      created: hours[0]!.created + partial[0]!.created,
      resolved: hours[0]!.resolved + partial[0]!.resolved,
      reopened: hours[0]!.reopened + partial[0]!.reopened,
    };
    perDay = days.map((_, i) => range(i + 1));
  }
  const openAtStart = before.created - before.resolved + before.reopened;
  let open = openAtStart;
  return {
    openAtStart,
    days: days.map((d, i) => {
      const r = perDay[i]!;
      open += r.created - r.resolved + r.reopened;
      return {
        date: d.date,
        start: bounds[i]!,
        end: bounds[i + 1]!,
        created: r.created,
        resolved: r.resolved,
        reopened: r.reopened,
        openAtEnd: open,
      };
    }),
  };
}
