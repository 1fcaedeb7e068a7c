// GET /analytics/live: the dashboard's live tiles, read fresh on each call (the inbox calls again when the event
// stream says a ticket or chat changed): open now, the oldest ticket still waiting for its first answer, tickets
// whose SLA deadline falls within the hour, agents available for chat, chats in progress.
import type { Queryable } from '../db/client.ts';
import { onlineAgents } from '../chat/queries.ts';
import type { TicketScope } from '../tickets/scope.ts';
import type { LiveTiles } from './schemas.ts';

const HOUR = 3_600_000;

export async function liveTiles(q: Queryable, tenantId: string, scope: TicketScope, now: Date): Promise<LiveTiles> {
  const visible = scope.where('t');
  // Spelled as the partial indexes of migration 0051 are (tickets_live_open, tickets_live_unanswered), so each count
  // reads one of them alone; `due` is the expression the open index carries (no deadline sorts last, as '9999').
  const base = `t.tenant_id = ? AND t.spam = 0 AND t.merged_into IS NULL AND ${visible.sql}`;
  const due = "coalesce(t.sla_due_at, '9999')";
  const args = [tenantId, ...visible.args];
  const nowIso = now.toISOString();
  const counts = await q.get<{ open: number; breaching: number; breached: number; chats: number; queued: number }>(
    `SELECT
       (SELECT count(*) FROM tickets t WHERE ${base} AND t.status IN ('open', 'pending')) AS open,
       (SELECT count(*) FROM tickets t WHERE ${base} AND t.status IN ('open', 'pending')
          AND ${due} >= ? AND ${due} < ?) AS breaching,
       (SELECT count(*) FROM tickets t WHERE ${base} AND t.status IN ('open', 'pending') AND ${due} < ?) AS breached,
       (SELECT count(*) FROM chats c JOIN tickets t ON t.tenant_id = c.tenant_id AND t.id = c.ticket_id
          WHERE c.tenant_id = ? AND c.state = 'active' AND ${visible.sql}) AS chats,
       (SELECT count(*) FROM chats c JOIN tickets t ON t.tenant_id = c.tenant_id AND t.id = c.ticket_id
          WHERE c.tenant_id = ? AND c.state = 'queued' AND ${visible.sql}) AS queued`,
    [
      ...args,
      ...args,
      nowIso,
      new Date(now.getTime() + HOUR).toISOString(),
      ...args,
      nowIso,
      tenantId,
      ...visible.args,
      tenantId,
      ...visible.args,
    ],
  );
  const oldest = await q.get<{ id: string; number: number; subject: string; created_at: string }>(
    `SELECT t.id, t.number, t.subject, t.created_at FROM tickets t
     WHERE ${base} AND t.status = 'open' AND t.first_response_at IS NULL AND t.snoozed = 0
     ORDER BY t.created_at, t.id LIMIT 1`,
    args,
  );
  const available = await onlineAgents(q, tenantId, now);
  return {
    at: nowIso,
    openNow: counts?.open ?? 0,
    oldestWaiting: oldest
      ? {
          ticketId: oldest.id,
          number: oldest.number,
          subject: oldest.subject,
          since: oldest.created_at,
          waitingSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(oldest.created_at)) / 1000)),
        }
      : null,
    breachingWithinHour: counts?.breaching ?? 0,
    breached: counts?.breached ?? 0,
    agentsAvailable: available.length,
    chatsInProgress: counts?.chats ?? 0,
    chatsQueued: counts?.queued ?? 0,
  };
}
