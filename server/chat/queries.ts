// Chat SQL for one tenant: presence rows, chat rows, read receipts. No events, no transactions.
import type { Queryable } from '../db/client.ts';
import type { Chat, ChatState, MessageRead, PresenceStatus } from './schemas.ts';

// ---- presence (read through effectivePresence / onlineAgents only, so another store can replace the rows) ----

export interface PresenceRow {
  agent_id: string;
  status: PresenceStatus;
  expires_at: string;
  last_assigned_at: string | null;
}

export async function upsertPresence(
  q: Queryable,
  tenantId: string,
  agentId: string,
  status: PresenceStatus,
  expiresAt: string,
  at: string,
) {
  await q.run(
    `INSERT INTO agent_presence (tenant_id, agent_id, status, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, agent_id) DO UPDATE SET status = excluded.status, expires_at = excluded.expires_at,
       updated_at = excluded.updated_at`,
    [tenantId, agentId, status, expiresAt, at],
  );
}

/** Every agent's status now: a lapsed heartbeat is offline. */
export async function effectivePresence(
  q: Queryable,
  tenantId: string,
  now: Date,
): Promise<Map<string, { status: PresenceStatus; expiresAt: string | null }>> {
  const rows = await q.all<PresenceRow>(
    'SELECT agent_id, status, expires_at, last_assigned_at FROM agent_presence WHERE tenant_id = ?',
    [tenantId],
  );
  const ts = now.toISOString();
  return new Map(
    rows.map((r) => [
      r.agent_id,
      r.expires_at > ts && r.status !== 'offline'
        ? { status: r.status, expiresAt: r.expires_at }
        : { status: 'offline' as const, expiresAt: null },
    ]),
  );
}

/** Online rows whose heartbeat lapsed by `now`, in every tenant, become offline; returns their tenants' ids. */
export async function expireLapsedOnline(q: Queryable, now: string): Promise<string[]> {
  const rows = await q.all<{ tenant_id: string }>(
    "UPDATE agent_presence SET status = 'offline', updated_at = ? WHERE status = 'online' AND expires_at <= ? RETURNING tenant_id",
    [now, now],
  );
  return rows.map((r) => r.tenant_id);
}

/**
 * Active agents who are online now, with their live chats, least recently assigned first: the round-robin order.
 */
export async function onlineAgents(q: Queryable, tenantId: string, now: Date) {
  return q.all<{ agent_id: string; active_chats: number }>(
    `SELECT p.agent_id,
            (SELECT COUNT(*) FROM chats c JOIN tickets t ON t.id = c.ticket_id
              WHERE c.tenant_id = p.tenant_id AND c.state = 'active' AND t.assignee_id = p.agent_id) AS active_chats
     FROM agent_presence p JOIN agents a ON a.id = p.agent_id AND a.tenant_id = p.tenant_id
     WHERE p.tenant_id = ? AND p.status = 'online' AND p.expires_at > ? AND a.status = 'active'
     ORDER BY COALESCE(p.last_assigned_at, '') ASC, p.agent_id ASC`,
    [tenantId, now.toISOString()],
  );
}

export async function markAssigned(q: Queryable, tenantId: string, agentId: string, at: string) {
  await q.run('UPDATE agent_presence SET last_assigned_at = ? WHERE tenant_id = ? AND agent_id = ?', [
    at,
    tenantId,
    agentId,
  ]);
}

export async function activeChatCounts(q: Queryable, tenantId: string): Promise<Map<string, number>> {
  const rows = await q.all<{ assignee_id: string; n: number }>(
    `SELECT t.assignee_id, COUNT(*) AS n FROM chats c JOIN tickets t ON t.id = c.ticket_id
     WHERE c.tenant_id = ? AND c.state = 'active' AND t.assignee_id IS NOT NULL GROUP BY t.assignee_id`,
    [tenantId],
  );
  return new Map(rows.map((r) => [r.assignee_id, Number(r.n)]));
}

// ---- chats ----

export interface ChatRow {
  ticket_id: string;
  tenant_id: string;
  state: ChatState;
  page_url: string | null;
  page_title: string | null;
  user_agent: string | null;
  visitor_seen_at: string;
  queued_at: string;
  assigned_at: string | null;
  ended_at: string | null;
  ended_reason: Chat['endedReason'];
  created_at: string;
  updated_at: string;
}

export async function insertChat(q: Queryable, r: ChatRow) {
  await q.run(
    `INSERT INTO chats (ticket_id, tenant_id, state, page_url, page_title, user_agent, visitor_seen_at, queued_at,
       assigned_at, ended_at, ended_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.ticket_id,
      r.tenant_id,
      r.state,
      r.page_url,
      r.page_title,
      r.user_agent,
      r.visitor_seen_at,
      r.queued_at,
      r.assigned_at,
      r.ended_at,
      r.ended_reason,
      r.created_at,
      r.updated_at,
    ],
  );
}

export async function saveChat(q: Queryable, r: ChatRow) {
  await q.run(
    `UPDATE chats SET state = ?, page_url = ?, page_title = ?, user_agent = ?, visitor_seen_at = ?, assigned_at = ?,
       ended_at = ?, ended_reason = ?, updated_at = ? WHERE tenant_id = ? AND ticket_id = ?`,
    [
      r.state,
      r.page_url,
      r.page_title,
      r.user_agent,
      r.visitor_seen_at,
      r.assigned_at,
      r.ended_at,
      r.ended_reason,
      r.updated_at,
      r.tenant_id,
      r.ticket_id,
    ],
  );
}

export async function getChatRow(q: Queryable, tenantId: string, ticketId: string): Promise<ChatRow | undefined> {
  return q.get<ChatRow>('SELECT * FROM chats WHERE tenant_id = ? AND ticket_id = ?', [tenantId, ticketId]);
}

/** Queued chats, first come first served. */
export async function queuedChats(q: Queryable, tenantId: string): Promise<ChatRow[]> {
  return q.all<ChatRow>(`SELECT * FROM chats WHERE tenant_id = ? AND state = 'queued' ORDER BY queued_at, ticket_id`, [
    tenantId,
  ]);
}

/** Queued and active chats, oldest first (the inbox's Chats view). */
export async function liveChats(q: Queryable, tenantId: string): Promise<ChatRow[]> {
  return q.all<ChatRow>(
    `SELECT * FROM chats WHERE tenant_id = ? AND state <> 'ended' ORDER BY queued_at, ticket_id LIMIT 500`,
    [tenantId],
  );
}

/** Tenants that have a live chat (for the sweeper). */
export async function tenantsWithLiveChats(q: Queryable): Promise<string[]> {
  const rows = await q.all<{ tenant_id: string }>(`SELECT DISTINCT tenant_id FROM chats WHERE state <> 'ended'`);
  return rows.map((r) => r.tenant_id);
}

/** Live chats nobody on the team answered since `before`, or whose visitor has not been seen (nor written) since then. */
export async function staleChats(q: Queryable, tenantId: string, before: string) {
  return q.all<ChatRow & { answered: number }>(
    `SELECT c.*, (t.first_response_at IS NOT NULL) AS answered FROM chats c JOIN tickets t ON t.id = c.ticket_id
     WHERE c.tenant_id = ? AND c.state <> 'ended'
       AND ((t.first_response_at IS NULL AND c.created_at <= ?)
         OR (c.visitor_seen_at <= ? AND NOT EXISTS (SELECT 1 FROM ticket_messages m WHERE m.tenant_id = c.tenant_id
               AND m.ticket_id = c.ticket_id AND m.author_type = 'customer' AND m.created_at > ?)))`,
    [tenantId, before, before, before],
  );
}

/** Whether mail to the requester about this ticket is held: the visitor reads it live in the chat. */
export async function chatIsLiveAt(q: Queryable, tenantId: string, ticketId: string, at: string): Promise<boolean> {
  const r = await q.get<{ ended_at: string | null }>(
    'SELECT ended_at FROM chats WHERE tenant_id = ? AND ticket_id = ?',
    [tenantId, ticketId],
  );
  return !!r && (r.ended_at === null || r.ended_at > at);
}

// ---- read receipts ----

export async function upsertRead(q: Queryable, tenantId: string, r: MessageRead) {
  await q.run(
    `INSERT INTO ticket_reads (tenant_id, ticket_id, side, up_to, read_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, ticket_id, side) DO UPDATE SET up_to = excluded.up_to, read_at = excluded.read_at`,
    [tenantId, r.ticketId, r.side, r.upTo, r.readAt],
  );
}

export async function readsOf(q: Queryable, tenantId: string, ticketIds: string[]) {
  if (!ticketIds.length) return [];
  return q.all<{ ticket_id: string; side: 'agent' | 'visitor'; up_to: string; read_at: string }>(
    `SELECT ticket_id, side, up_to, read_at FROM ticket_reads WHERE tenant_id = ? AND ticket_id IN (${ticketIds.map(() => '?').join(', ')})`,
    [tenantId, ...ticketIds],
  );
}

/** A message of the ticket (public only, for a visitor), with its position in the thread. */
export async function threadMessage(q: Queryable, tenantId: string, ticketId: string, id: string, publicOnly: boolean) {
  return q.get<{ id: string; created_at: string; rowid: number }>(
    `SELECT id, created_at, rowid FROM ticket_messages WHERE tenant_id = ? AND ticket_id = ? AND id = ?${publicOnly ? ' AND internal = 0' : ''}`,
    [tenantId, ticketId, id],
  );
}

export async function latestMessage(q: Queryable, tenantId: string, ticketId: string, publicOnly: boolean) {
  return q.get<{ id: string; created_at: string; rowid: number }>(
    `SELECT id, created_at, rowid FROM ticket_messages WHERE tenant_id = ? AND ticket_id = ?${publicOnly ? ' AND internal = 0' : ''}
     ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    [tenantId, ticketId],
  );
}

/** Visitor messages after the agents' read receipt, per ticket. */
export async function unreadByAgents(
  q: Queryable,
  tenantId: string,
  ticketIds: string[],
): Promise<Map<string, number>> {
  if (!ticketIds.length) return new Map();
  const rows = await q.all<{ ticket_id: string; n: number }>(
    `SELECT m.ticket_id, COUNT(*) AS n FROM ticket_messages m
     LEFT JOIN ticket_reads r ON r.tenant_id = m.tenant_id AND r.ticket_id = m.ticket_id AND r.side = 'agent'
     LEFT JOIN ticket_messages rm ON rm.tenant_id = m.tenant_id AND rm.id = r.up_to
     WHERE m.tenant_id = ? AND m.ticket_id IN (${ticketIds.map(() => '?').join(', ')}) AND m.author_type = 'customer'
       AND (rm.id IS NULL OR m.created_at > rm.created_at OR (m.created_at = rm.created_at AND m.rowid > rm.rowid))
     GROUP BY m.ticket_id`,
    [tenantId, ...ticketIds],
  );
  return new Map(rows.map((r) => [r.ticket_id, Number(r.n)]));
}
