// GET /analytics/sla: compliance per SLA target (each priority's first-response and resolution target), read from
// the ledger's SLA rows (reached in the period: met on time or late) and the tickets whose target fell due in the
// period and is still unreached now — the same figures as /analytics/metrics' `sla`, split per target.
import type { InValue } from '@libsql/client';
import type { Queryable } from '../db/client.ts';
import type { TicketScope } from '../tickets/scope.ts';
import { PRIORITIES } from '../tickets/schemas.ts';
import { getSlaPolicies } from '../sla/queries.ts';
import { ledgerRowsOf, ticketFilter, type MetricsFilter } from './metrics-queries.ts';
import { figuresByValue } from './rollup-reader.ts';
import { dayAtOrAfter, dayOf, dayStartOf } from './rollup-queries.ts';
import type { SlaReport, SlaTargetName, SlaTargetRow } from './schemas.ts';

export interface SlaTarget {
  name: SlaTargetName;
  kind: 'sla_first_response' | 'sla_resolution';
  due: 'first_response_due_at' | 'resolution_due_at';
  minutes: 'firstResponseMinutes' | 'resolutionMinutes';
}
export const SLA_TARGETS: SlaTarget[] = [
  { name: 'first_response', kind: 'sla_first_response', due: 'first_response_due_at', minutes: 'firstResponseMinutes' },
  { name: 'resolution', kind: 'sla_resolution', due: 'resolution_due_at', minutes: 'resolutionMinutes' },
];

/** Percent with one decimal, null when nothing counted. */
export const percentOf = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

/** The ticket column saying whether its ledger holds the target's row (kept by the ledger write, 0060). */
const REACHED: Record<string, string> = {
  sla_first_response: 'sla_first_response_reached',
  sla_resolution: 'sla_resolution_reached',
};

/**
 * The condition on tickets (alias t) whose `due` column fell in [from, to) and before `now` with no ledger row of
 * `kind`: a target still unmet past its deadline. Shared with the drill-down and /metrics, so a number and its list
 * agree. Read from the ticket's reached mark, so the partial index tickets_*_unmet answers without the ledger.
 */
export function overdueCondition(
  tf: { sql: string; args: InValue[] },
  due: string,
  kind: string,
  from: string,
  to: string,
  now: string,
): { sql: string; args: InValue[] } {
  return {
    sql: `${tf.sql} AND t.${due} >= ? AND t.${due} < ? AND t.${due} < ?
          AND t.${due} IS NOT NULL AND t.${REACHED[kind]} = 0`,
    args: [...tf.args, from, to, now],
  };
}

/**
 * Targets of one kind due in [from, to) and before `now` still unmet, per priority. Without ticket filters and for a
 * caller who sees every ticket, whole UTC days are read from their counts (sla_unmet_days, kept by triggers, 0066)
 * and only the partial days at the edges from the index; otherwise one pass over the index tickets_*_unmet.
 */
export async function unmetTargets(
  q: Queryable,
  tenantId: string,
  f: MetricsFilter,
  scope: TicketScope,
  target: SlaTarget,
  from: string,
  to: string,
  now: string,
): Promise<Record<string, number>> {
  const out: Record<string, number> = Object.fromEntries(PRIORITIES.map((p) => [p, 0]));
  const tf = ticketFilter(f, scope);
  const end = to < now ? to : now;
  if (end <= from) return out;
  // Sums per priority rather than GROUP BY: the index is in due order, so grouping would sort every row.
  const scan = async (a: string, b: string) => {
    const c = overdueCondition(tf, target.due, target.kind, a, b, now);
    const row = await q.get<Record<string, number | null>>(
      `SELECT ${PRIORITIES.map((p, i) => `sum(t.priority = '${p}') AS p${i}`).join(', ')}
       FROM tickets t WHERE t.tenant_id = ? AND ${c.sql}`,
      [tenantId, ...c.args],
    );
    PRIORITIES.forEach((p, i) => (out[p]! += row?.[`p${i}`] ?? 0));
  };
  const counted = !scope.limited && f.teamId === undefined && f.channel === undefined && f.tag === undefined;
  const fromDay = dayAtOrAfter(from);
  const toDay = dayOf(end);
  if (!counted || fromDay >= toDay) {
    await scan(from, end);
    return out;
  }
  const days = await q.all<{ priority: string; n: number }>(
    `SELECT priority, sum(n) AS n FROM sla_unmet_days
     WHERE tenant_id = ? AND target = ? AND day >= ? AND day < ?${f.priority === undefined ? '' : ' AND priority = ?'}
     GROUP BY priority`,
    [tenantId, target.name, fromDay, toDay, ...(f.priority === undefined ? [] : [f.priority])],
  );
  for (const d of days) if (d.priority in out) out[d.priority]! += d.n;
  if (from < dayStartOf(fromDay)) await scan(from, dayStartOf(fromDay));
  if (dayStartOf(toDay) < end) await scan(dayStartOf(toDay), end);
  return out;
}

export async function slaReport(
  q: Queryable,
  tenantId: string,
  f: MetricsFilter,
  scope: TicketScope,
  now: Date,
): Promise<SlaReport> {
  const from = new Date(f.from).toISOString();
  const to = new Date(f.to).toISOString();
  const agent = f.agentId === undefined ? [] : [f.agentId];
  // Reached targets per priority: the daily rollups' priority rows where they answer, else the ledger rows grouped by
  // priority (the same figures as /metrics'). Still unmet targets per priority from the tickets' partial indexes.
  const ledger = ledgerRowsOf(tenantId, f, scope);
  const [reached, overdue] = await Promise.all([
    Promise.all(SLA_TARGETS.map((t) => figuresByValue(q, tenantId, f, scope, 'priority', t.kind, ledger, false))),
    // An unmet target is nobody's work yet: it counts for the team, not for an agent (as in /analytics/metrics).
    agent.length
      ? null
      : Promise.all(SLA_TARGETS.map((t) => unmetTargets(q, tenantId, f, scope, t, from, to, now.toISOString()))),
  ]);
  const policies = await getSlaPolicies(q, tenantId);
  const rows: SlaTargetRow[] = [];
  for (const priority of PRIORITIES) {
    if (f.priority !== undefined && f.priority !== priority) continue;
    for (const target of SLA_TARGETS) {
      const i = SLA_TARGETS.indexOf(target);
      const r = reached[i]!.get(priority);
      const open = overdue?.[i]![priority] ?? 0;
      const targetMinutes = policies[priority]?.[target.minutes] ?? null;
      const met = r?.met ?? 0;
      const breached = (r ? r.count - r.met : 0) + open;
      // A priority with no target now and nothing due in the period is no row.
      if (targetMinutes === null && met + breached === 0) continue;
      rows.push({
        priority,
        target: target.name,
        targetMinutes,
        met,
        breached,
        stillOpen: open,
        compliance: percentOf(met, met + breached),
      });
    }
  }
  const total = (name: SlaTargetName) => {
    const of = rows.filter((r) => r.target === name);
    const met = of.reduce((s, r) => s + r.met, 0);
    const breached = of.reduce((s, r) => s + r.breached, 0);
    return {
      met,
      breached,
      stillOpen: of.reduce((s, r) => s + r.stillOpen, 0),
      compliance: percentOf(met, met + breached),
    };
  };
  return {
    period: { from, to },
    targets: rows,
    firstResponse: total('first_response'),
    resolution: total('resolution'),
  };
}
