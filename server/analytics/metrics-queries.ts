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

/** The same rank the tickets list uses: p-th percentile of sorted values, nearest rank. */
export function percentile(sorted: number[], p: number): number | null {
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
  const rows = (kind: MetricKind, byAgent: boolean) =>
    q.all<{ c: number | null; b: number | null; met: number | null }>(
      `SELECT m.calendar_seconds AS c, m.business_seconds AS b, m.met AS met
       FROM ticket_metrics m JOIN tickets t ON t.tenant_id = m.tenant_id AND t.id = m.ticket_id
       WHERE m.tenant_id = ? AND m.kind = ? AND m.at >= ? AND m.at < ? AND ${tf.sql}
       ${byAgent && f.agentId ? 'AND m.agent_id = ?' : ''}`,
      [tenantId, kind, from, to, ...tf.args, ...(byAgent && f.agentId ? [f.agentId] : [])],
    );
  const durations = async (kind: MetricKind) => {
    const r = await rows(kind, kind !== 'waiting');
    const cal = r.map((x) => x.c ?? 0).sort((a, b) => a - b);
    const bus = r.map((x) => x.b ?? 0).sort((a, b) => a - b);
    return {
      count: r.length,
      buckets: DURATION_BUCKETS.map((upTo, i) => ({
        upToSeconds: upTo,
        count: cal.filter((v) => v >= (DURATION_BUCKETS[i - 1] ?? 0) && (upTo === null || v < upTo)).length,
      })),
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
  const count = async (kind: MetricKind) => (await rows(kind, false)).length;
  const [reopens, automatedReplies] = await Promise.all([count('reopen'), count('automated_reply')]);

  // SLA targets reached in the period (met on time or late), and targets due in the period still unmet by now.
  const reached = [...(await rows('sla_first_response', true)), ...(await rows('sla_resolution', true))];
  const met = reached.filter((r) => r.met === 1).length;
  // An unmet target is nobody's work yet: it counts for the team, not for an agent.
  const overdue = f.agentId ? 0 : await overdueTargets(q, tenantId, from, to, tf, now.toISOString());
  const breached = reached.length - met + overdue;

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
