// The rows of the metric ledger (ticket_metrics) and the history it is computed from.
import type { Queryable } from '../db/client.ts';
import { parseJson } from '../lib/json.ts';
import type { HistoryMessage, HistoryStatusChange, MetricRow, TicketHistory } from './ledger.ts';

/** A ticket's history as the ledger reads it, or undefined when the ticket is gone or is spam (it counts nowhere). */
export async function ticketHistory(
  q: Queryable,
  tenantId: string,
  ticketId: string,
): Promise<TicketHistory | undefined> {
  const t = await q.get<{
    created_at: string;
    first_response_due_at: string | null;
    resolution_due_at: string | null;
    spam: number;
  }>('SELECT created_at, first_response_due_at, resolution_due_at, spam FROM tickets WHERE tenant_id = ? AND id = ?', [
    tenantId,
    ticketId,
  ]);
  if (!t || t.spam) return undefined;
  const messages = await q.all<{ created_at: string; author_type: string; author_id: string | null; internal: number }>(
    `SELECT created_at, author_type, author_id, internal FROM ticket_messages
     WHERE tenant_id = ? AND ticket_id = ? ORDER BY created_at, id`,
    [tenantId, ticketId],
  );
  const activity = await q.all<{ created_at: string; actor_type: string; actor_id: string | null; changes: string }>(
    `SELECT created_at, actor_type, actor_id, changes FROM ticket_activity
     WHERE tenant_id = ? AND ticket_id = ? AND changes LIKE '%"status"%' ORDER BY seq`,
    [tenantId, ticketId],
  );
  const statusChanges: HistoryStatusChange[] = [];
  for (const a of activity) {
    const s = parseJson<{ status?: { from: unknown; to: unknown } }>(a.changes, {}).status;
    if (s && typeof s.from === 'string' && typeof s.to === 'string')
      statusChanges.push({ at: a.created_at, from: s.from, to: s.to, actorType: a.actor_type, actorId: a.actor_id });
  }
  return {
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
  };
}

export async function replaceTicketMetrics(q: Queryable, tenantId: string, ticketId: string, rows: MetricRow[]) {
  await q.run('DELETE FROM ticket_metrics WHERE tenant_id = ? AND ticket_id = ?', [tenantId, ticketId]);
  for (const [seq, r] of rows.entries())
    await q.run(
      `INSERT INTO ticket_metrics (tenant_id, ticket_id, seq, kind, at, calendar_seconds, business_seconds, agent_id, automated, met)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        tenantId,
        ticketId,
        seq,
        r.kind,
        r.at,
        r.calendarSeconds,
        r.businessSeconds,
        r.agentId,
        r.automated ? 1 : 0,
        r.met,
      ],
    );
}

export async function ticketIdsOf(q: Queryable, tenantId: string): Promise<string[]> {
  const rows = await q.all<{ id: string }>('SELECT id FROM tickets WHERE tenant_id = ? ORDER BY id', [tenantId]);
  return rows.map((r) => r.id);
}

export async function pendingLedgerTenants(q: Queryable): Promise<string[]> {
  const rows = await q.all<{ tenant_id: string }>('SELECT tenant_id FROM ticket_metrics_pending ORDER BY tenant_id');
  return rows.map((r) => r.tenant_id);
}

export async function donePendingLedger(q: Queryable, tenantId: string) {
  await q.run('DELETE FROM ticket_metrics_pending WHERE tenant_id = ?', [tenantId]);
}
