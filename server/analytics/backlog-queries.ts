// GET /analytics/backlog: per local day (the tenant's time zone) tickets created, resolved and reopened, and how many
// were open (not resolved or closed) at the end of the day. Open at an instant is created − resolutions + reopens
// before it, from the ledger's resolution and reopen rows, so past days stay right after later reopens.
import type { InValue } from '@libsql/client';
import type { Queryable } from '../db/client.ts';
import { localDate, localDayStart, zonedTimeToUtc } from '../sla/business-hours.ts';
import type { TicketScope } from '../tickets/scope.ts';
import { ticketFilter, type MetricsFilter } from './metrics-queries.ts';
import type { BacklogDay } from './schemas.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const midnightOf = (date: string, tz: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(zonedTimeToUtc(y!, m!, d!, 0, tz));
};

/**
 * The local days of the period: a date-only `from`/`to` is a local date (`to` exclusive), an instant the local day
 * containing it (`to` exclusive: the day starting at it is left out). Each day is whole, so DST days are 23 or 25 hours.
 */
export function localDays(from: string, to: string, tz: string): { date: string; start: Date; end: Date }[] {
  const first = DATE_ONLY.test(from) ? midnightOf(from, tz) : localDayStart(new Date(from), tz);
  const limit = DATE_ONLY.test(to) ? midnightOf(to, tz) : new Date(to);
  const days: { date: string; start: Date; end: Date }[] = [];
  // +26 h lands inside the next local day whether this one has 23, 24 or 25 hours.
  for (let start = first; start < limit && days.length <= 401;) {
    const end = localDayStart(new Date(start.getTime() + 26 * 3600_000), tz);
    days.push({ date: localDate(start, tz), start, end });
    start = end;
  }
  return days;
}

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
  const start = days[0]!.start.toISOString();
  const before = await q.get<{ created: number; resolved: number; reopened: number }>(
    `SELECT ${counts((col) => `${col} < ?`)}`,
    args([start]),
  );
  const values = days.map(() => '(?, ?, ?)').join(', ');
  const perDay = await q.all<{ i: number; created: number; resolved: number; reopened: number }>(
    `WITH d(i, a, b) AS (VALUES ${values})
     SELECT d.i, ${counts((col) => `${col} >= d.a AND ${col} < d.b`)} FROM d ORDER BY d.i`,
    [...days.flatMap((d, i) => [i, d.start.toISOString(), d.end.toISOString()]), ...args([])],
  );
  const openAtStart = (before?.created ?? 0) - (before?.resolved ?? 0) + (before?.reopened ?? 0);
  let open = openAtStart;
  return {
    openAtStart,
    days: days.map((d, i) => {
      const r = perDay[i]!;
      open += r.created - r.resolved + r.reopened;
      return {
        date: d.date,
        start: d.start.toISOString(),
        end: d.end.toISOString(),
        created: r.created,
        resolved: r.resolved,
        reopened: r.reopened,
        openAtEnd: open,
      };
    }),
  };
}
