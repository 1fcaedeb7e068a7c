// GET /analytics/metrics: response, resolution, SLA and CSAT figures for a period, read from the metric ledger
// (ticket_metrics) joined with the tickets the caller may see, filtered by team, agent, channel, tag and priority.
import type { InValue } from '@libsql/client';
import type { Queryable } from '../db/client.ts';
import type { TicketScope } from '../tickets/scope.ts';
import type { MetricKind } from './ledger.ts';
import type { Metrics } from './schemas.ts';

export interface MetricsFilter {
  from: string;
  to: string;
  teamId?: string;
  agentId?: string;
  channel?: string;
  tag?: string;
  priority?: string;
}

/** Upper bounds (exclusive) of the distribution buckets: 1 h, 4 h, 8 h, 1 day, 3 days, 7 days, longer. */
export const DURATION_BUCKETS = [3600, 4 * 3600, 8 * 3600, 86_400, 3 * 86_400, 7 * 86_400, null] as const;

/** How many sorted durations fall in each bucket, in one pass. */
function bucketsOf(sorted: ArrayLike<number>) {
  const counts = DURATION_BUCKETS.map(() => 0);
  let b = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (DURATION_BUCKETS[b] !== null && sorted[i] >= (DURATION_BUCKETS[b] as number)) b++;
    counts[b]++;
  }
  return DURATION_BUCKETS.map((upTo, i) => ({ upToSeconds: upTo, count: counts[i] }));
}

/** The same rank the tickets list uses: p-th percentile of sorted values, nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The tickets condition (alias t): the caller's scope and the ticket filters. */
export function ticketFilter(f: MetricsFilter, scope: TicketScope): { sql: string; args: InValue[] } {
  const visible = scope.where('t');
  const parts = ['t.spam = 0', visible.sql];
  const args: InValue[] = [...(visible.args as InValue[])];
  const add = (sql: string, value: string | undefined) => {
    if (value === undefined) return;
    parts.push(sql);
    args.push(value);
  };
  add('t.team_id = ?', f.teamId);
  add('t.channel = ?', f.channel);
  add('t.priority = ?', f.priority);
  add(
    'EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tenant_id = t.tenant_id AND g.tag = ? AND g.ticket_id = t.id)',
    f.tag,
  );
  return { sql: parts.join(' AND '), args };
}

/** Ledger rows of one kind in the period, aggregated in SQL into one row: count, met, and the sorted durations. */
interface KindFigures {
  count: number;
  met: number;
  calendar: Float64Array;
  business: Float64Array;
}

/**
 * Reads the ledger by kind. Without ticket filters and for a caller who sees every ticket, the ledger alone answers
 * (spam tickets have no ledger rows); otherwise each row is joined with its ticket. The durations come back as
 * one text per column (group_concat), which costs far less than a row object per ticket.
 */
function ledgerReader(q: Queryable, tenantId: string, f: MetricsFilter, scope: TicketScope, from: string, to: string) {
  const tf = ticketFilter(f, scope);
  const join = scope.limited || !!(f.teamId || f.channel || f.tag || f.priority);
  const source = join
    ? 'ticket_metrics m JOIN tickets t ON t.tenant_id = m.tenant_id AND t.id = m.ticket_id'
    : 'ticket_metrics m';
  const numbers = (text: string | null) =>
    text ? Float64Array.from(text.split(','), Number).sort() : new Float64Array(0);
  return async (kind: MetricKind, byAgent: boolean, withDurations = true): Promise<KindFigures> => {
    const agent = byAgent && f.agentId ? [f.agentId] : [];
    const r = await q.get<{ n: number; met: number | null; c: string | null; b: string | null }>(
      `SELECT count(*) AS n, sum(m.met = 1) AS met
              ${withDurations ? ', group_concat(m.calendar_seconds) AS c, group_concat(m.business_seconds) AS b' : ''}
       FROM ${source}
       WHERE m.tenant_id = ? AND m.kind = ? AND m.at >= ? AND m.at < ?${join ? ` AND ${tf.sql}` : ''}
       ${agent.length ? 'AND m.agent_id = ?' : ''}`,
      [tenantId, kind, from, to, ...(join ? tf.args : []), ...agent],
    );
    return {
      count: r?.n ?? 0,
      met: r?.met ?? 0,
      calendar: numbers(r?.c ?? null),
      business: numbers(r?.b ?? null),
    };
  };
}

export async function metrics(
  q: Queryable,
  tenantId: string,
  f: MetricsFilter,
  scope: TicketScope,
  now: Date,
): Promise<Metrics> {
  const from = new Date(f.from).toISOString();
  const to = new Date(f.to).toISOString();
  const tf = ticketFilter(f, scope);
  const ledger = ledgerReader(q, tenantId, f, scope, from, to);
  const durations = async (kind: MetricKind) => {
    const r = await ledger(kind, kind !== 'waiting');
    const cal = r.calendar;
    const bus = r.business;
    return {
      count: r.count,
      buckets: bucketsOf(cal),
      medianSeconds: percentile(cal, 50),
      p90Seconds: percentile(cal, 90),
      businessMedianSeconds: percentile(bus, 50),
      businessP90Seconds: percentile(bus, 90),
    };
  };
  const [firstResponse, nextResponse, resolution, waitingOnCustomer] = await Promise.all([
    durations('first_response'),
    durations('next_response'),
    durations('resolution'),
    durations('waiting'),
  ]);
  const [reopens, automatedReplies] = await Promise.all([
    ledger('reopen', false, false).then((r) => r.count),
    ledger('automated_reply', false, false).then((r) => r.count),
  ]);

  // SLA targets reached in the period (met on time or late), and targets due in the period still unmet by now.
  const [slaFirst, slaResolution] = await Promise.all([
    ledger('sla_first_response', true, false),
    ledger('sla_resolution', true, false),
  ]);
  const reachedCount = slaFirst.count + slaResolution.count;
  const met = slaFirst.met + slaResolution.met;
  // An unmet target is nobody's work yet: it counts for the team, not for an agent.
  const overdue = f.agentId ? 0 : await overdueTargets(q, tenantId, from, to, tf, now.toISOString());
  const breached = reachedCount - met + overdue;

  const csat = await q.get<{ good: number; bad: number }>(
    `SELECT coalesce(sum(s.rating = 'good'), 0) AS good, coalesce(sum(s.rating = 'bad'), 0) AS bad
     FROM csat_surveys s JOIN tickets t ON t.tenant_id = s.tenant_id AND t.id = s.ticket_id
     WHERE s.tenant_id = ? AND s.rating IS NOT NULL AND s.rated_at >= ? AND s.rated_at < ? AND ${tf.sql}
     ${f.agentId ? 'AND t.assignee_id = ?' : ''}`,
    [tenantId, from, to, ...tf.args, ...(f.agentId ? [f.agentId] : [])],
  );
  const good = csat?.good ?? 0;
  const bad = csat?.bad ?? 0;
  return {
    period: { from, to },
    firstResponse,
    nextResponse,
    resolution,
    waitingOnCustomer,
    reopens,
    automatedReplies,
    sla: { compliance: met + breached ? Math.round((met / (met + breached)) * 1000) / 10 : null, met, breached },
    csat: {
      score: good + bad ? Math.round((good / (good + bad)) * 1000) / 10 : null,
      responses: good + bad,
      good,
      bad,
    },
  };
}

/** SLA targets due in the period (and before now) that no reply or resolution has reached yet. */
async function overdueTargets(
  q: Queryable,
  tenantId: string,
  from: string,
  to: string,
  tf: { sql: string; args: InValue[] },
  now: string,
): Promise<number> {
  const one = (due: string, kind: MetricKind) =>
    `(SELECT count(*) FROM tickets t WHERE t.tenant_id = ? AND ${tf.sql}
        AND t.${due} >= ? AND t.${due} < ? AND t.${due} < ?
        AND NOT EXISTS (SELECT 1 FROM ticket_metrics m
                        WHERE m.tenant_id = t.tenant_id AND m.ticket_id = t.id AND m.kind = '${kind}'))`;
  const args = [tenantId, ...tf.args, from, to, now];
  const r = await q.get<{ n: number }>(
    `SELECT ${one('first_response_due_at', 'sla_first_response')} + ${one('resolution_due_at', 'sla_resolution')} AS n`,
    [...args, ...args],
  );
  return r?.n ?? 0;
}
