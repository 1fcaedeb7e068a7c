// The rows of the metric ledger (ticket_metrics) and the history it is computed from.
import type { InValue } from '@libsql/client';
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';
import { parseJson } from '../lib/json.ts';
import type { HistoryMessage, HistoryStatusChange, MetricRow, TicketHistory } from './ledger.ts';

/** The ticket's filters each of its ledger rows carries, so a day's rollup is built from the ledger alone. */
export interface LedgerDims {
  teamId: string | null;
  channel: string | null;
  priority: string | null;
}

/** A ticket's history as the ledger reads it, or undefined when the ticket is gone or is spam (it counts nowhere). */
export async function ticketHistory(
  q: Queryable,
  tenantId: string,
  ticketId: string,
): Promise<(TicketHistory & { dims: LedgerDims }) | undefined> {
  const t = await q.get<{
    created_at: string;
    first_response_due_at: string | null;
    resolution_due_at: string | null;
    spam: number;
    team_id: string | null;
    channel: string | null;
    priority: string | null;
    assignee_id: string | null;
  }>(
    `SELECT created_at, first_response_due_at, resolution_due_at, spam, team_id, channel, priority, assignee_id
     FROM tickets WHERE tenant_id = ? AND id = ?`,
    [tenantId, ticketId],
  );
  if (!t || t.spam) return undefined;
  const messages = await q.all<{ created_at: string; author_type: string; author_id: string | null; internal: number }>(
    // Internal notes are no one's answer: the ledger skips them, so a thread of many notes is not read for them.
    `SELECT created_at, author_type, author_id, internal FROM ticket_messages
     WHERE tenant_id = ? AND ticket_id = ? AND internal = 0 ORDER BY created_at, id`,
    [tenantId, ticketId],
  );
  const activity = await q.all<{ created_at: string; actor_type: string; actor_id: string | null; changes: string }>(
    `SELECT created_at, actor_type, actor_id, changes FROM ticket_activity
     WHERE tenant_id = ? AND ticket_id = ? AND changes LIKE '%"status"%' ORDER BY seq`,
    [tenantId, ticketId],
  );
  const ratings = await q.all<{ rated_at: string; rating: string }>(
    `SELECT rated_at, rating FROM csat_surveys
     WHERE tenant_id = ? AND ticket_id = ? AND rating IS NOT NULL ORDER BY rated_at, id`,
    [tenantId, ticketId],
  );
  const statusChanges: HistoryStatusChange[] = [];
  for (const a of activity) {
    const s = parseJson<{ status?: { from: unknown; to: unknown } }>(a.changes, {}).status;
    if (s && typeof s.from === 'string' && typeof s.to === 'string')
      statusChanges.push({ at: a.created_at, from: s.from, to: s.to, actorType: a.actor_type, actorId: a.actor_id });
  }
  return {
    dims: { teamId: t.team_id, channel: t.channel, priority: t.priority },
    createdAt: t.created_at,
    firstResponseDueAt: t.first_response_due_at,
    resolutionDueAt: t.resolution_due_at,
    messages: messages.map((m): HistoryMessage => ({
      at: m.created_at,
      authorType: m.author_type as HistoryMessage['authorType'],
      authorId: m.author_id,
      internal: !!m.internal,
    })),
    statusChanges,
    ratings: ratings.map((r) => ({ at: r.rated_at, good: r.rating === 'good' })),
    assigneeId: t.assignee_id,
  };
}

const COLUMN_NAMES = [
  'kind',
  'at',
  'calendar_seconds',
  'business_seconds',
  'agent_id',
  'automated',
  'met',
  'team_id',
  'channel',
  'priority',
] as const;
const COLUMNS = COLUMN_NAMES.join(', ');
const valuesOf = (r: MetricRow, d: LedgerDims) => [
  r.kind,
  r.at,
  r.calendarSeconds,
  r.businessSeconds,
  r.agentId,
  r.automated ? 1 : 0,
  r.met,
  d.teamId,
  d.channel,
  d.priority,
];

/**
 * Rewrites a ticket's ledger rows from the first one that differs from the stored ones (a reply appends a row: the
 * rows before it stay, so a long thread costs one insert, not all its rows again), and marks the UTC days of the
 * rows taken out and put in dirty so their rollups are rebuilt (analytics/rollups.ts); an unchanged ledger writes
 * nothing.
 */
export async function replaceTicketMetrics(
  q: Queryable,
  tenantId: string,
  ticketId: string,
  rows: MetricRow[],
  dims: LedgerDims = { teamId: null, channel: null, priority: null },
) {
  const old = await q.all<Record<string, InValue>>(
    `SELECT ${COLUMNS} FROM ticket_metrics WHERE tenant_id = ? AND ticket_id = ? ORDER BY seq`,
    [tenantId, ticketId],
  );
  const next = rows.map((r) => valuesOf(r, dims));
  let from = 0;
  while (
    from < old.length &&
    from < next.length &&
    COLUMN_NAMES.every((name, k) => old[from]![name] === next[from]![k])
  )
    from++;
  if (from === old.length && from === next.length) return;
  if (from < old.length)
    await q.run('DELETE FROM ticket_metrics WHERE tenant_id = ? AND ticket_id = ? AND seq >= ?', [
      tenantId,
      ticketId,
      from,
    ]);
  for (let seq = from; seq < next.length; seq++)
    await q.run(
      `INSERT INTO ticket_metrics (tenant_id, ticket_id, seq, ${COLUMNS}) VALUES (?, ?, ?, ${placeholders(next[seq]!.length)})`,
      [tenantId, ticketId, seq, ...next[seq]!],
    );
  const days = new Set([
    ...old.slice(from).map((o) => String(o.at).slice(0, 10)),
    ...rows.slice(from).map((r) => r.at.slice(0, 10)),
  ]);
  for (const day of days)
    await q.run('INSERT OR IGNORE INTO ticket_metric_dirty_days (tenant_id, day) VALUES (?, ?)', [tenantId, day]);
  await replaceAgentTouches(q, tenantId, ticketId, rows);
  // Whether the ticket's SLA targets have their ledger row, which the "still unmet" counts read from the ticket
  // (partial indexes tickets_*_unmet, 0060) instead of probing the ledger per ticket.
  await q.run(
    `UPDATE tickets SET sla_first_response_reached = ?, sla_resolution_reached = ?
     WHERE tenant_id = ? AND id = ? AND (sla_first_response_reached, sla_resolution_reached) IS NOT (?, ?)`,
    [...slaReached(rows), tenantId, ticketId, ...slaReached(rows)],
  );
}

/** The ledger kinds that count a ticket as handled by their agent (the agent table's `handled`). */
export const HANDLED_KINDS = ['first_response', 'next_response', 'resolution'] as const;
const HANDLED_IN = HANDLED_KINDS.map((k) => `'${k}'`).join(', ');

/** The ticket's first and last handled row per agent (ticket_agent_touches, 0061), from its new ledger rows. */
async function replaceAgentTouches(q: Queryable, tenantId: string, ticketId: string, rows: MetricRow[]) {
  const touches = new Map<string, { first: string; last: string }>();
  for (const r of rows) {
    if (!r.agentId || !(HANDLED_KINDS as readonly string[]).includes(r.kind)) continue;
    const t = touches.get(r.agentId);
    if (!t) touches.set(r.agentId, { first: r.at, last: r.at });
    else {
      if (r.at < t.first) t.first = r.at;
      if (r.at > t.last) t.last = r.at;
    }
  }
  await q.run('DELETE FROM ticket_agent_touches WHERE tenant_id = ? AND ticket_id = ?', [tenantId, ticketId]);
  for (const [agentId, t] of touches)
    await q.run(
      'INSERT INTO ticket_agent_touches (tenant_id, ticket_id, agent_id, first_at, last_at) VALUES (?, ?, ?, ?, ?)',
      [tenantId, ticketId, agentId, t.first, t.last],
    );
}

/** Recounts a tenant's non-spam tickets per UTC hour (ticket_arrival_hours, which triggers keep; rebuildRollups). */
export async function syncArrivalHours(q: Queryable, tenantId: string): Promise<void> {
  await q.run('DELETE FROM ticket_arrival_hours WHERE tenant_id = ?', [tenantId]);
  await q.run(
    `INSERT INTO ticket_arrival_hours (tenant_id, hour, n)
     SELECT tenant_id, substr(created_at, 1, 13), count(*) FROM tickets WHERE tenant_id = ? AND spam = 0
     GROUP BY tenant_id, substr(created_at, 1, 13)`,
    [tenantId],
  );
}

/** Recounts a tenant's ledger resolutions and reopens per UTC hour (ticket_metric_hours, which triggers keep). */
export async function syncMetricHours(q: Queryable, tenantId: string): Promise<void> {
  await q.run('DELETE FROM ticket_metric_hours WHERE tenant_id = ?', [tenantId]);
  await q.run(
    `INSERT INTO ticket_metric_hours (tenant_id, kind, hour, n)
     SELECT tenant_id, kind, substr(at, 1, 13), count(*) FROM ticket_metrics
     WHERE tenant_id = ? AND kind IN ('resolution', 'reopen')
     GROUP BY tenant_id, kind, substr(at, 1, 13)`,
    [tenantId],
  );
}

/**
 * Rebuilds a tenant's agent × ticket touches from its ledger rows (rebuildRollups: after a rebuild, or rows seeded).
 * Only pairs that differ are written: each write moves agent_touch_days through its triggers (0064), which for
 * every pair of 100k tickets doubled the time.
 */
export async function syncAgentTouches(q: Queryable, tenantId: string): Promise<void> {
  await q.run(
    `DELETE FROM ticket_agent_touches AS p WHERE p.tenant_id = ? AND NOT EXISTS (
       SELECT 1 FROM ticket_metrics m WHERE m.tenant_id = p.tenant_id AND m.agent_id = p.agent_id
         AND m.ticket_id = p.ticket_id AND m.kind IN (${HANDLED_IN}))`,
    [tenantId],
  );
  await q.run(
    `INSERT INTO ticket_agent_touches (tenant_id, ticket_id, agent_id, first_at, last_at)
     SELECT tenant_id, ticket_id, agent_id, min(at), max(at) FROM ticket_metrics
     WHERE tenant_id = ? AND agent_id IS NOT NULL AND kind IN (${HANDLED_IN})
     GROUP BY tenant_id, ticket_id, agent_id
     ON CONFLICT (tenant_id, ticket_id, agent_id) DO UPDATE SET first_at = excluded.first_at, last_at = excluded.last_at
     WHERE (first_at, last_at) IS NOT (excluded.first_at, excluded.last_at)`,
    [tenantId],
  );
}

/**
 * Recounts a tenant's first and last touches per agent and UTC day (agent_touch_days, 0064, which triggers on
 * ticket_agent_touches keep; rebuildRollups, after syncAgentTouches).
 */
export async function syncAgentTouchDays(q: Queryable, tenantId: string): Promise<void> {
  await q.run('DELETE FROM agent_touch_days WHERE tenant_id = ?', [tenantId]);
  await q.run(
    `INSERT INTO agent_touch_days (tenant_id, day, agent_id, firsts, lasts)
     SELECT tenant_id, day, agent_id, sum(f), sum(l) FROM (
       SELECT tenant_id, substr(first_at, 1, 10) AS day, agent_id, 1 AS f, 0 AS l FROM ticket_agent_touches
       WHERE tenant_id = ?
       UNION ALL
       SELECT tenant_id, substr(last_at, 1, 10), agent_id, 0, 1 FROM ticket_agent_touches WHERE tenant_id = ?
     ) GROUP BY tenant_id, day, agent_id`,
    [tenantId, tenantId],
  );
}

const slaReached = (rows: MetricRow[]): [number, number] => [
  rows.some((r) => r.kind === 'sla_first_response') ? 1 : 0,
  rows.some((r) => r.kind === 'sla_resolution') ? 1 : 0,
];

/**
 * Sets every ticket's SLA-reached marks from its ledger rows (rebuildRollups: after a rebuild, or rows seeded). Each
 * kind's tickets are read once (an IN list), not probed per ticket: without statistics the planner may probe a
 * correlated EXISTS through the kind index, a scan per ticket.
 */
export async function syncSlaReached(q: Queryable, tenantId: string): Promise<void> {
  for (const [column, kind] of [
    ['sla_first_response_reached', 'sla_first_response'],
    ['sla_resolution_reached', 'sla_resolution'],
  ] as const)
    await q.run(
      `UPDATE tickets SET ${column} = (id IN (SELECT ticket_id FROM ticket_metrics WHERE tenant_id = ? AND kind = ?))
       WHERE tenant_id = ? AND ${column} IS NOT (id IN (SELECT ticket_id FROM ticket_metrics WHERE tenant_id = ? AND kind = ?))`,
      [tenantId, kind, tenantId, tenantId, kind],
    );
}

/** Recounts a tenant's still-unmet SLA targets per due day and priority (sla_unmet_days, which triggers keep). */
export async function syncSlaUnmetDays(q: Queryable, tenantId: string): Promise<void> {
  await q.run('DELETE FROM sla_unmet_days WHERE tenant_id = ?', [tenantId]);
  for (const [target, due, reached] of [
    ['first_response', 'first_response_due_at', 'sla_first_response_reached'],
    ['resolution', 'resolution_due_at', 'sla_resolution_reached'],
  ] as const)
    await q.run(
      `INSERT INTO sla_unmet_days (tenant_id, target, day, priority, n)
       SELECT tenant_id, ?, substr(${due}, 1, 10), priority, count(*) FROM tickets
       WHERE tenant_id = ? AND ${due} IS NOT NULL AND spam = 0 AND ${reached} = 0
       GROUP BY substr(${due}, 1, 10), priority`,
      [target, tenantId],
    );
}

export async function ticketIdsOf(q: Queryable, tenantId: string): Promise<string[]> {
  const rows = await q.all<{ id: string }>('SELECT id FROM tickets WHERE tenant_id = ? ORDER BY id', [tenantId]);
  return rows.map((r) => r.id);
}

/** A tenant whose ledger is to be rebuilt, and how many times it was marked when read. */
export interface PendingLedger {
  tenantId: string;
  marks: number;
}

export async function pendingLedgerTenants(q: Queryable): Promise<PendingLedger[]> {
  const rows = await q.all<{ tenant_id: string; marks: number }>(
    'SELECT tenant_id, marks FROM ticket_metrics_pending ORDER BY tenant_id',
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, marks: r.marks }));
}

/** The tenant's ledger is to be rebuilt from the history (its business hours changed): the ledger worker does it. */
export async function markLedgerPending(q: Queryable, tenantId: string) {
  await q.run(
    `INSERT INTO ticket_metrics_pending (tenant_id, marks) VALUES (?, 1)
     ON CONFLICT (tenant_id) DO UPDATE SET marks = marks + 1`,
    [tenantId],
  );
}

/** Clears the mark a rebuild started from; a mark made since (another change during the rebuild) stays. */
export async function donePendingLedger(q: Queryable, p: PendingLedger) {
  await q.run('DELETE FROM ticket_metrics_pending WHERE tenant_id = ? AND marks = ?', [p.tenantId, p.marks]);
}
