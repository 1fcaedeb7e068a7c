// GET /analytics/metrics: response, resolution, SLA and CSAT figures for a period, read from the metric ledger
// (ticket_metrics) joined with the tickets the caller may see, filtered by team, agent, channel, tag and priority.
import type { InValue } from '@libsql/client';
import type { Queryable } from '../db/client.ts';
import type { TicketScope } from '../tickets/scope.ts';
import type { MetricKind } from './ledger.ts';
import type { Metrics } from './schemas.ts';
import { DURATION_BUCKETS } from './rollup-queries.ts';
import { SLA_TARGETS, unmetTargets } from './sla-queries.ts';
import {
  kindFigures,
  type KindFigures,
  type LedgerRows,
  type LedgerSource,
  type ReportFilter,
} from './rollup-reader.ts';

export type MetricsFilter = ReportFilter;
export { DURATION_BUCKETS };

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

/**
 * The team, channel and priority filters on the ledger rows' own copies of them (alias m), which every change of the
 * ticket keeps current as the daily rollups rely on: with no tag and a caller who sees every ticket, a report
 * filtered by them reads the ledger (index ticket_metrics_agent or ticket_metrics_kind_at) without joining tickets.
 */
export function ledgerDimsFilter(f: MetricsFilter): { sql: string; args: InValue[] } {
  const parts: string[] = [];
  const args: InValue[] = [];
  for (const [col, value] of [
    ['m.team_id', f.teamId],
    ['m.channel', f.channel],
    ['m.priority', f.priority],
  ] as const)
    if (value !== undefined) {
      parts.push(`${col} = ?`);
      args.push(value);
    }
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', args };
}

const LEDGER_WITH_TICKETS = 'ticket_metrics m JOIN tickets t ON t.tenant_id = m.tenant_id AND t.id = m.ticket_id';

/**
 * The ledger rows (alias m) of a report grouped by a filter (figuresByValue): the caller's scope and filters, on the
 * rows' own team, channel and priority unless a tag or a limited scope needs their tickets; the agent's own rows.
 */
export function ledgerRowsOf(tenantId: string, f: MetricsFilter, scope: TicketScope): LedgerRows {
  const join = scope.limited || f.tag !== undefined;
  const on = join ? ticketFilter(f, scope) : ledgerDimsFilter(f);
  const agent = f.agentId === undefined ? [] : [f.agentId];
  return {
    source: join ? LEDGER_WITH_TICKETS : 'ticket_metrics m',
    where: `m.tenant_id = ?${agent.length ? ' AND m.agent_id = ?' : ''} AND ${on.sql}`,
    args: [tenantId, ...agent, ...on.args],
  };
}

/**
 * Reads the ledger by kind, through the daily rollups where they answer (rollup-reader.ts). Without ticket filters
 * and for a caller who sees every ticket, the ledger alone answers the rest (spam tickets have no ledger rows; team,
 * channel and priority are on its rows); a tag or a limited scope joins each row with its ticket.
 */
export function ledgerReader(q: Queryable, tenantId: string, f: MetricsFilter, scope: TicketScope) {
  const tf = ticketFilter(f, scope);
  const join = scope.limited || f.tag !== undefined;
  const dims = ledgerDimsFilter(f);
  const ledger: LedgerSource = join
    ? { source: LEDGER_WITH_TICKETS, join: tf }
    : { source: 'ticket_metrics m', join: dims.args.length ? dims : null };
  return (kind: MetricKind, byAgent: boolean, withDurations = true): Promise<KindFigures> =>
    kindFigures(q, tenantId, f, scope, ledger, kind, byAgent, withDurations);
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
  const ledger = ledgerReader(q, tenantId, f, scope);
  const durations = async (kind: MetricKind) => {
    const r = await ledger(kind, kind !== 'waiting');
    return {
      count: r.count,
      buckets: DURATION_BUCKETS.map((upTo, i) => ({ upToSeconds: upTo, count: r.dist[i] })),
      medianSeconds: r.calendar.percentile(50),
      p90Seconds: r.calendar.percentile(90),
      businessMedianSeconds: r.business.percentile(50),
      businessP90Seconds: r.business.percentile(90),
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
  const overdue = f.agentId
    ? 0
    : (await Promise.all(SLA_TARGETS.map((t) => unmetTargets(q, tenantId, f, scope, t, from, to, now.toISOString()))))
        .flatMap((perPriority) => Object.values(perPriority))
        .reduce((a, b) => a + b, 0);
  const breached = reachedCount - met + overdue;

  // Ratings are ledger rows (met 1 good, 0 bad) credited to the ticket's assignee, so the rollups answer them too.
  const ratings = await ledger('csat', true, false);
  const good = ratings.met;
  const bad = ratings.count - ratings.met;
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
