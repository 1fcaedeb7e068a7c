// Live chat use cases: presence, starting a chat, assignment, the visitor's contact and page, ending, read
// receipts and the sweep of unanswered chats. Each owns its one transaction and its events.
import type { Db, Queryable } from '../db/client.ts';
import type { Deps } from '../types.ts';
import { appendEvent } from '../events/log.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { conflict, notFound } from '../lib/problem.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { findCustomerByEmail, getCustomer, updateCustomerRow } from '../customers/queries.ts';
import { getTicketRow, saveTicket, toTicket, type TicketRow } from '../tickets/queries.ts';
import { insertTicket, type Created } from '../tickets/service.ts';
import type { Author, Ticket } from '../tickets/schemas.ts';
import { EVERY_TICKET, type TicketScope } from '../tickets/scope.ts';
import { grantTicket, issueToken, type Visitor } from '../widget/visitor-tokens.ts';
import {
  chatSettings,
  isPlaceholderEmail,
  PLACEHOLDER_DOMAIN,
  PRESENCE_TTL_MS,
  type Chat,
  type MessageRead,
  type PresenceStatus,
  type WidgetChatStatus,
} from './schemas.ts';
import {
  effectivePresence,
  expireLapsedOnline,
  getChatRow,
  insertChat,
  latestMessage,
  markAssigned,
  onlineAgents,
  queuedChats,
  readsOf,
  saveChat,
  staleChats,
  tenantsWithLiveChats,
  threadMessage,
  upsertPresence,
  upsertRead,
  type ChatRow,
} from './queries.ts';
import { getTenant } from '../tenants/queries.ts';
import { availability } from '../widget/availability.ts';
import { recordActivity } from '../tickets/activity.ts';

const SYSTEM: Author = { type: 'system', id: null, name: 'Chat assignment' };

export function toChat(r: ChatRow, reads: { side: string; up_to: string; read_at: string }[] = []): Chat {
  const read = (side: string) => {
    const x = reads.find((y) => y.side === side);
    return x ? { upTo: x.up_to, readAt: x.read_at } : null;
  };
  return {
    ticketId: r.ticket_id,
    state: r.state,
    visitor: {
      page: r.page_url ? { url: r.page_url, title: r.page_title } : null,
      userAgent: r.user_agent,
      lastSeenAt: r.visitor_seen_at,
    },
    reads: { agent: read('agent'), visitor: read('visitor') },
    queuedAt: r.queued_at,
    assignedAt: r.assigned_at,
    endedAt: r.ended_at,
    endedReason: r.ended_reason,
  };
}

async function agentName(q: Queryable, tenantId: string, agentId: string | null): Promise<string | null> {
  if (!agentId) return null;
  const a = await q.get<{ name: string }>('SELECT name FROM agents WHERE tenant_id = ? AND id = ?', [
    tenantId,
    agentId,
  ]);
  return a?.name ?? null;
}

/** chat.updated: agents see the chat; the requester's stream sees its state and who answers. */
async function emitChat(q: Queryable, tenantId: string, chat: ChatRow, ticket: TicketRow, now: Date) {
  const reads = await readsOf(q, tenantId, [chat.ticket_id]);
  await appendEvent(
    q,
    tenantId,
    {
      type: 'chat.updated',
      data: {
        ticketId: chat.ticket_id,
        chat: toChat(chat, reads),
        agentName: await agentName(q, tenantId, ticket.assignee_id),
      },
      audience: 'public',
      visitorScope: ticket.requester_id,
    },
    now,
  );
}

async function emitTicketUpdated(q: Queryable, tenantId: string, row: TicketRow, now: Date) {
  const t = toTicket(row, now);
  await appendEvent(
    q,
    tenantId,
    { type: 'ticket.updated', data: t, audience: 'public', visitorScope: t.requester.id },
    now,
  );
  return t;
}

// ---- presence ----

const someoneOnline = async (q: Queryable, tenantId: string, now: Date) =>
  [...(await effectivePresence(q, tenantId, now)).values()].some((p) => p.status === 'online');

/** What the widget is told: chat is on, within business hours, and an agent is online (GET /widget/chat). */
export async function chatStatus(q: Queryable, tenant: TenantRecord, now: Date): Promise<WidgetChatStatus> {
  const { enabled } = chatSettings(tenant.settings);
  const hours = availability(tenant.settings.businessHours, now, 'en');
  const online = enabled && hours.open && (await someoneOnline(q, tenant.id, now));
  return { enabled, available: online, nextOpenAt: hours.opensAt };
}

/** Every visitor's stream hears at once that chat became available or stopped being so. */
async function announceStatus(deps: Pick<Deps, 'db' | 'signals'>, tenant: TenantRecord, now: Date) {
  if (!chatSettings(tenant.settings).enabled) return;
  deps.signals.publish(tenant.id, {
    type: 'chat.availability',
    data: await chatStatus(deps.db, tenant, now),
    audience: 'visitors',
  });
}

/**
 * Sets (and, sent again, renews) an agent's availability; an agent coming online takes waiting chats. When this
 * makes the first agent online or the last one not, the visitors' streams are told (chat.availability).
 */
export async function setAvailability(
  deps: Pick<Deps, 'db' | 'signals'>,
  tenant: TenantRecord,
  agentId: string,
  status: PresenceStatus,
  now: Date,
): Promise<{ status: PresenceStatus; expiresAt: string | null }> {
  const expiresAt = status === 'offline' ? now.toISOString() : new Date(now.getTime() + PRESENCE_TTL_MS).toISOString();
  const changed = await deps.db.tx(async (tx) => {
    const before = await someoneOnline(tx, tenant.id, now);
    await upsertPresence(tx, tenant.id, agentId, status, expiresAt, now.toISOString());
    if (status === 'online') await assignQueued(tx, tenant, now);
    return before !== (await someoneOnline(tx, tenant.id, now));
  });
  if (changed) await announceStatus(deps, tenant, now);
  return { status, expiresAt: status === 'offline' ? null : expiresAt };
}

/**
 * Online agents whose heartbeat lapsed (every inbox tab closed, the laptop asleep) are offline from now on; where
 * that leaves a tenant with nobody online, its visitors are told. Run by the chat worker on every node: the
 * update claims each lapsed row once, so one node tells.
 */
export async function expirePresence(deps: Pick<Deps, 'db' | 'signals'>, now: Date): Promise<number> {
  const emptied = await deps.db.tx(async (tx) => {
    const lapsed = await expireLapsedOnline(tx, now.toISOString());
    const left: string[] = [];
    for (const tenantId of new Set(lapsed)) if (!(await someoneOnline(tx, tenantId, now))) left.push(tenantId);
    return left;
  });
  for (const tenantId of emptied) {
    const tenant = await getTenant(deps.db, tenantId);
    if (tenant) await announceStatus(deps, tenant, now);
  }
  return emptied.length;
}

// ---- assignment ----

/**
 * Gives waiting chats, first come first served, to online agents under their concurrent-chat limit, least
 * recently assigned first (fair over time). Chats no one can take stay queued. Inside the caller's transaction.
 */
export async function assignQueued(tx: Queryable, tenant: TenantRecord, now: Date): Promise<number> {
  const queued = await queuedChats(tx, tenant.id);
  if (!queued.length) return 0;
  const { maxConcurrentChats } = chatSettings(tenant.settings);
  const agents = (await onlineAgents(tx, tenant.id, now)).map((a) => ({
    id: a.agent_id,
    load: Number(a.active_chats),
  }));
  let assigned = 0;
  for (const chat of queued) {
    const i = agents.findIndex((a) => a.load < maxConcurrentChats);
    if (i < 0) break;
    const [agent] = agents.splice(i, 1);
    agent.load++;
    agents.push(agent);
    const row = await getTicketRow(tx, tenant.id, chat.ticket_id, EVERY_TICKET);
    if (!row) continue;
    const ts = now.toISOString();
    const from = row.assignee_id;
    row.assignee_id = agent.id;
    row.updated_at = ts;
    await saveTicket(tx, row);
    await recordActivity(
      tx,
      tenant.id,
      {
        id: newId('act'),
        ticketId: row.id,
        actor: SYSTEM,
        action: 'ticket.assigned',
        changes: { assigneeId: { from, to: agent.id } },
      },
      ts,
    );
    await emitTicketUpdated(tx, tenant.id, row, now);
    chat.state = 'active';
    chat.assigned_at = ts;
    chat.updated_at = ts;
    await saveChat(tx, chat);
    await markAssigned(tx, tenant.id, agent.id, ts);
    await emitChat(tx, tenant.id, chat, row, now);
    assigned++;
  }
  return assigned;
}

// ---- the visitor's side ----

export interface StartChatInput {
  message: string;
  name?: string;
  email?: string;
  page?: { url: string; title?: string };
  userAgent?: string;
}

const subjectOf = (message: string) => {
  const line = message.split('\n').find((l) => l.trim()) ?? message;
  const t = line.trim();
  return `Chat: ${t.length > 80 ? `${t.slice(0, 79)}…` : t}`;
};

/**
 * A visitor starts a chat: a ticket with channel 'chat' (customer found or created, a placeholder address in
 * visitors.invalid when no email is given), its chat row, the visitor token, and an agent if one is free.
 */
export async function startChat(
  deps: Pick<Deps, 'db'>,
  tenant: TenantRecord,
  input: StartChatInput,
  held: Visitor | null,
  now: Date,
): Promise<Created & { visitor: Visitor; chat: ChatRow; agentName: string | null; ticketRow: TicketRow }> {
  return deps.db.tx(async (tx) => {
    const heldCustomer = held ? await getCustomer(tx, tenant.id, held.customerId) : undefined;
    const email =
      input.email ??
      heldCustomer?.email ??
      `${newId('vis').toLowerCase()}${randomToken(6).toLowerCase()}@${PLACEHOLDER_DOMAIN}`;
    const created = await insertTicket(
      tx,
      tenant,
      {
        subject: subjectOf(input.message),
        message: input.message,
        requester: { email, name: input.name },
        channel: 'chat',
        // Chat assignment decides, not the ticket auto-assignment.
        assigneeId: null,
      },
      { type: 'customer', id: null, name: input.name ?? heldCustomer?.name ?? null },
      now,
    );
    const visitor =
      held && held.customerId === created.customer.id
        ? held
        : await issueToken(tx, tenant.id, created.customer.id, 'tickets', now);
    await grantTicket(tx, visitor.tokenHash, created.ticket.id);
    const ts = now.toISOString();
    // A chat held at the ticket allowance reaches no agent: it is an ordinary (held) ticket from the start.
    const chat: ChatRow = {
      ticket_id: created.ticket.id,
      tenant_id: tenant.id,
      state: created.held ? 'ended' : 'queued',
      page_url: input.page?.url ?? null,
      page_title: input.page?.title ?? null,
      user_agent: input.userAgent ?? null,
      visitor_seen_at: ts,
      queued_at: ts,
      assigned_at: null,
      ended_at: created.held ? ts : null,
      ended_reason: created.held ? 'unanswered' : null,
      created_at: ts,
      updated_at: ts,
    };
    await insertChat(tx, chat);
    if (!created.held) await assignQueued(tx, tenant, now);
    const row = (await getTicketRow(tx, tenant.id, created.ticket.id, EVERY_TICKET))!;
    const after = (await getChatRow(tx, tenant.id, created.ticket.id))!;
    if (after.state === 'queued') await emitChat(tx, tenant.id, after, row, now);
    return {
      ...created,
      ticket: toTicket(row, now),
      visitor,
      chat: after,
      agentName: await agentName(tx, tenant.id, row.assignee_id),
      ticketRow: row,
    };
  });
}

/**
 * The visitor gives their email (and name): a placeholder customer takes it, or, when a customer with that
 * email exists, the visitor's tickets move to that customer (the token follows; it still reads only its own tickets).
 */
export async function setChatContact(
  db: Db,
  tenant: TenantRecord,
  visitor: Visitor,
  ticketId: string,
  input: { email: string; name?: string },
  now: Date,
): Promise<{ email: string; name: string | null }> {
  return db.tx(async (tx) => {
    const current = await getCustomer(tx, tenant.id, visitor.customerId);
    if (!current) throw notFound('Ticket');
    const email = input.email.toLowerCase();
    if (!isPlaceholderEmail(current.email)) {
      if (current.email !== email) throw conflict('This conversation already has an email address.');
      if (input.name && input.name !== current.name)
        await updateCustomerRow(tx, tenant.id, current.id, { name: input.name }, now);
      return { email: current.email, name: input.name ?? current.name };
    }
    const existing = await findCustomerByEmail(tx, tenant.id, email);
    if (!existing) {
      await updateCustomerRow(tx, tenant.id, current.id, { email, ...(input.name ? { name: input.name } : {}) }, now);
      const row = await getTicketRow(tx, tenant.id, ticketId, EVERY_TICKET);
      if (row) await emitTicketUpdated(tx, tenant.id, row, now);
      return { email, name: input.name ?? current.name };
    }
    // Only the tickets this token may read move: a token never reaches more of the existing customer.
    const ids = await tx.all<{ ticket_id: string }>(
      `SELECT vt.ticket_id FROM visitor_token_tickets vt JOIN tickets t ON t.id = vt.ticket_id
       WHERE vt.token_hash = ? AND t.tenant_id = ? AND t.requester_id = ?`,
      [visitor.tokenHash, tenant.id, current.id],
    );
    for (const { ticket_id } of ids) {
      await tx.run('UPDATE tickets SET requester_id = ?, updated_at = ? WHERE tenant_id = ? AND id = ?', [
        existing.id,
        now.toISOString(),
        tenant.id,
        ticket_id,
      ]);
    }
    await tx.run(
      "UPDATE visitor_tokens SET customer_id = ?, scope = 'tickets' WHERE token_hash = ? AND tenant_id = ?",
      [existing.id, visitor.tokenHash, tenant.id],
    );
    if (input.name && !existing.name) await updateCustomerRow(tx, tenant.id, existing.id, { name: input.name }, now);
    for (const { ticket_id } of ids) {
      const row = await getTicketRow(tx, tenant.id, ticket_id, EVERY_TICKET);
      if (row) await emitTicketUpdated(tx, tenant.id, row, now);
    }
    return { email: existing.email, name: existing.name ?? input.name ?? null };
  });
}

/** The visitor navigated (or is still there): page and browser shown to agents, last seen renewed. */
export async function updateVisitorContext(
  db: Db,
  tenant: TenantRecord,
  ticketId: string,
  input: { page?: { url: string; title?: string }; userAgent?: string },
  now: Date,
): Promise<void> {
  await db.tx(async (tx) => {
    const chat = await getChatRow(tx, tenant.id, ticketId);
    if (!chat) throw notFound('Chat');
    const ts = now.toISOString();
    const before = `${chat.page_url}\u0000${chat.page_title}\u0000${chat.user_agent}`;
    if (input.page) {
      chat.page_url = input.page.url;
      chat.page_title = input.page.title ?? null;
    }
    if (input.userAgent !== undefined) chat.user_agent = input.userAgent;
    chat.visitor_seen_at = ts;
    chat.updated_at = ts;
    await saveChat(tx, chat);
    if (before !== `${chat.page_url}\u0000${chat.page_title}\u0000${chat.user_agent}` && chat.state !== 'ended') {
      const row = await getTicketRow(tx, tenant.id, ticketId, EVERY_TICKET);
      if (row) await emitChat(tx, tenant.id, chat, row, now);
    }
  });
}

/** A visitor's sign of life (typing, reading) renews last seen, at most twice a minute. */
export async function touchVisitor(db: Db, tenantId: string, ticketId: string, now: Date) {
  const ts = now.toISOString();
  const cutoff = new Date(now.getTime() - 30_000).toISOString();
  const r = await db.get<{ visitor_seen_at: string }>(
    "SELECT visitor_seen_at FROM chats WHERE tenant_id = ? AND ticket_id = ? AND state <> 'ended'",
    [tenantId, ticketId],
  );
  if (!r || r.visitor_seen_at > cutoff) return;
  await db.tx((tx) =>
    tx.run('UPDATE chats SET visitor_seen_at = ? WHERE tenant_id = ? AND ticket_id = ?', [ts, tenantId, ticketId]),
  );
}

// ---- ending ----

function setStatus(row: TicketRow, status: 'open' | 'pending' | 'resolved', ts: string) {
  if (row.status === status) return false;
  row.status = status;
  if (status === 'resolved') row.resolved_at = ts;
  else {
    row.resolved_at = null;
    row.closed_at = null;
  }
  return true;
}

async function finishChat(
  tx: Queryable,
  tenant: TenantRecord,
  chat: ChatRow,
  row: TicketRow,
  reason: NonNullable<ChatRow['ended_reason']>,
  now: Date,
) {
  const ts = now.toISOString();
  chat.state = 'ended';
  chat.ended_at = ts;
  chat.ended_reason = reason;
  chat.updated_at = ts;
  await saveChat(tx, chat);
  await emitChat(tx, tenant.id, chat, row, now);
}

/**
 * An agent ends a chat: from now on it is an ordinary ticket (still channel chat), resolved by default or kept
 * open/pending; a waiting chat may take the freed place.
 */
export async function endChat(
  db: Db,
  tenant: TenantRecord,
  ticketId: string,
  status: 'open' | 'pending' | 'resolved',
  author: Author,
  scope: TicketScope,
  now: Date,
): Promise<{ ticket: Ticket; chat: Chat }> {
  return db.tx(async (tx) => {
    const row = await getTicketRow(tx, tenant.id, ticketId, scope);
    const chat = row && (await getChatRow(tx, tenant.id, ticketId));
    if (!row || !chat) throw notFound('Chat');
    if (chat.state === 'ended') throw conflict('This chat has already ended.');
    const ts = now.toISOString();
    const from = row.status;
    let ticket = toTicket(row, now);
    if (setStatus(row, status, ts)) {
      row.updated_at = ts;
      await saveTicket(tx, row);
      await recordActivity(
        tx,
        tenant.id,
        {
          id: newId('act'),
          ticketId: row.id,
          actor: author,
          action: 'ticket.updated',
          changes: { status: { from, to: status } },
        },
        ts,
      );
      ticket = await emitTicketUpdated(tx, tenant.id, row, now);
      if (status === 'resolved')
        await appendEvent(
          tx,
          tenant.id,
          { type: 'ticket.resolved', data: ticket, audience: 'public', visitorScope: row.requester_id },
          now,
        );
    }
    await finishChat(tx, tenant, chat, row, 'agent', now);
    await assignQueued(tx, tenant, now);
    return { ticket, chat: toChat(chat, await readsOf(tx, tenant.id, [ticketId])) };
  });
}

// ---- read receipts ----

/** Records how far one side has read (never backwards) and tells the other side. */
export async function markRead(
  db: Db,
  tenantId: string,
  ticketId: string,
  side: 'agent' | 'visitor',
  upTo: string | undefined,
  now: Date,
): Promise<MessageRead> {
  return db.tx(async (tx) => {
    const ticket = await tx.get<{ requester_id: string }>(
      'SELECT requester_id FROM tickets WHERE tenant_id = ? AND id = ?',
      [tenantId, ticketId],
    );
    if (!ticket) throw notFound('Ticket');
    const target = upTo
      ? await threadMessage(tx, tenantId, ticketId, upTo, side === 'visitor')
      : await latestMessage(tx, tenantId, ticketId, side === 'visitor');
    if (!target) throw notFound('Message');
    const [prev] = (await readsOf(tx, tenantId, [ticketId])).filter((r) => r.side === side);
    const prevMsg = prev && (await threadMessage(tx, tenantId, ticketId, prev.up_to, false));
    const read: MessageRead = { ticketId, side, upTo: target.id, readAt: now.toISOString() };
    if (
      prev &&
      prevMsg &&
      (prevMsg.created_at > target.created_at ||
        (prevMsg.created_at === target.created_at && prevMsg.rowid >= target.rowid))
    )
      return { ticketId, side, upTo: prev.up_to, readAt: prev.read_at };
    await upsertRead(tx, tenantId, read);
    // The agents' receipt reaches the requester; a visitor's, only the agents.
    await appendEvent(
      tx,
      tenantId,
      {
        type: 'message.read',
        data: read,
        audience: side === 'agent' ? 'public' : 'agents',
        visitorScope: side === 'agent' ? ticket.requester_id : null,
      },
      now,
    );
    return read;
  });
}

// ---- the sweep ----

/**
 * Ends live chats no agent answered within `unansweredAfterMinutes`, or whose visitor has been gone that long:
 * they stay open tickets, answered by mail from now on when the visitor gave an address. Then assigns what waits
 * (agents whose heartbeat lapsed no longer count). Run by the chat worker; returns how many chats ended.
 */
export async function sweepChats(db: Db, now: Date): Promise<number> {
  let ended = 0;
  for (const tenantId of await tenantsWithLiveChats(db)) {
    const tenant = await getTenant(db, tenantId);
    if (!tenant) continue;
    const { unansweredAfterMinutes } = chatSettings(tenant.settings);
    const before = new Date(now.getTime() - unansweredAfterMinutes * 60_000).toISOString();
    ended += await db.tx(async (tx) => {
      let n = 0;
      for (const stale of await staleChats(tx, tenantId, before)) {
        const row = await getTicketRow(tx, tenantId, stale.ticket_id, EVERY_TICKET);
        if (!row) continue;
        const { answered, ...chat } = stale;
        await finishChat(tx, tenant, chat, row, answered ? 'visitor_left' : 'unanswered', now);
        n++;
      }
      await assignQueued(tx, tenant, now);
      return n;
    });
  }
  return ended;
}
