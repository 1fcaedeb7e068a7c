// GET /analytics/sla: compliance per SLA target (each priority's first-response and resolution target), read from
// the ledger's SLA rows (reached in the period: met on time or late) and the tickets whose target fell due in the
// period and is still unreached now — the same figures as /analytics/metrics' `sla`, split per target.
import type { InValue } from '@libsql/client';
import type { Queryable } from '../db/client.ts';
import type { TicketScope } from '../tickets/scope.ts';
import { PRIORITIES } from '../tickets/schemas.ts';
import { getSlaPolicies } from '../sla/queries.ts';
import { ledgerReader, ticketFilter, type MetricsFilter } from './metrics-queries.ts';
import type { MetricKind } from './ledger.ts';
import type { SlaReport, SlaTargetName, SlaTargetRow } from './schemas.ts';

const TARGETS: {
  name: SlaTargetName;
  kind: string;
  due: string;
  minutes: 'firstResponseMinutes' | 'resolutionMinutes';
}[] = [
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

export async function slaReport(
  q: Queryable,
  tenantId: string,
  f: MetricsFilter,
  scope: TicketScope,
  now: Date,
): Promise<SlaReport> {
  const from = new Date(f.from).toISOString();
  const to = new Date(f.to).toISOString();
  const tf = ticketFilter(f, scope);
  const agent = f.agentId === undefined ? [] : [f.agentId];
  const priorities = PRIORITIES.filter((p) => f.priority === undefined || f.priority === p);
  // Reached targets per priority through the daily rollups where they answer (one filter: the priority), as /metrics.
  const reached = (
    await Promise.all(
      priorities.flatMap((priority) => {
        const ledger = ledgerReader(q, tenantId, { ...f, priority }, scope);
        return TARGETS.map(async (target) => {
          const r = await ledger(target.kind as MetricKind, true, false);
          return { priority, kind: target.kind, n: r.count, met: r.met };
        });
      }),
    )
  ).filter((r) => r.n > 0);
  // An unmet target is nobody's work yet: it counts for the team, not for an agent (as in /analytics/metrics).
  const overdue = agent.length
    ? []
    : (
        await Promise.all(
          TARGETS.map(async (target) => {
            const c = overdueCondition(tf, target.due, target.kind, from, to, now.toISOString());
            const rows = await q.all<{ priority: string; n: number }>(
              `SELECT t.priority, count(*) AS n FROM tickets t WHERE t.tenant_id = ? AND ${c.sql} GROUP BY t.priority`,
              [tenantId, ...c.args],
            );
            return rows.map((r) => ({ ...r, kind: target.kind }));
          }),
        )
      ).flat();
  const policies = await getSlaPolicies(q, tenantId);
  const rows: SlaTargetRow[] = [];
  for (const priority of PRIORITIES) {
    if (f.priority !== undefined && f.priority !== priority) continue;
    for (const target of TARGETS) {
      const r = reached.find((x) => x.priority === priority && x.kind === target.kind);
      const open = overdue.find((x) => x.priority === priority && x.kind === target.kind)?.n ?? 0;
      const targetMinutes = policies[priority]?.[target.minutes] ?? null;
      const met = r?.met ?? 0;
      const breached = (r ? r.n - r.met : 0) + open;
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
