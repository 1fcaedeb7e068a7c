// Ticket, message and activity SQL for one tenant: row mapping, the filtered keyset list (search is in search.ts).
import type { InArgs } from '@libsql/client';
import { z } from '@hono/zod-openapi';
import type { Queryable } from '../db/client.ts';
import { parseJson } from '../lib/json.ts';
import { CursorPart } from '../lib/pagination.ts';
import { breached, nextDue } from '../sla/due-times.ts';
import type { Priority } from '../sla/schemas.ts';
import type { Author, Message, Satisfaction, Sort, Status, Ticket } from './schemas.ts';
import { SATISFACTION_EXPR } from '../csat/queries.ts';
import { placeholders } from '../db/placeholders.ts';
import type { TicketScope } from './scope.ts';
import { viewCondition, type ViewId } from './views.ts';
import {
  attachmentsOfTickets,
  markTicketAttachmentsDeleted,
  THREAD_ATTACHMENTS_SQL,
  threadAttachmentRowsOf,
} from '../files/queries.ts';
import { MAY_HAVE_MERGES_SQL } from './merge-queries.ts';
import { toAttachment } from '../files/present.ts';
import { markTicketDaysDirty } from '../analytics/rollup-queries.ts';

export const PRIORITY_RANK: Record<Priority, number> = { low: 1, normal: 2, high: 3, urgent: 4 };

export interface TicketRow {
  id: string;
  tenant_id: string;
  number: number;
  subject: string;
  status: Status;
  priority: Priority;
  priority_rank: number;
  channel: string;
  requester_id: string;
  requester_email: string;
  requester_name: string | null;
  assignee_id: string | null;
  /** The team the ticket belongs to (server/teams/), or null. */
  team_id: string | null;
  tags: string;
  custom_fields: string;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  sla_due_at: string | null;
  /** 1 while the ticket sits in the Spam view (failed spam signals, not released). */
  spam: number;
  /** The closed ticket this one follows up, if any. */
  follow_up_of: string | null;
  /** The ticket this one was merged into, if any (tickets/merge-service.ts). */
  merged_into?: string | null;
  /** 1 while snoozed (0038); snoozed_until null then means until the customer replies. */
  snoozed?: number;
  snoozed_until?: string | null;
  created_at: string;
  updated_at: string;
  /**
   * The current resolution's rating (server/csat/), read by SELECT_TICKET (as an object) and the search (as JSON
   * text); never written.
   */
  satisfaction?: string | Satisfaction | null;
}

/** Each field of a TicketRow and the SQL that reads it (`t` the ticket, `c` its requester). */
const TICKET_ROW_SQL = {
  id: 't.id',
  tenant_id: 't.tenant_id',
  number: 't.number',
  subject: 't.subject',
  status: 't.status',
  priority: 't.priority',
  priority_rank: 't.priority_rank',
  channel: 't.channel',
  requester_id: 't.requester_id',
  requester_email: 'c.email',
  requester_name: 'c.name',
  assignee_id: 't.assignee_id',
  team_id: 't.team_id',
  tags: 't.tags',
  custom_fields: 't.custom_fields',
  first_response_at: 't.first_response_at',
  resolved_at: 't.resolved_at',
  closed_at: 't.closed_at',
  first_response_due_at: 't.first_response_due_at',
  resolution_due_at: 't.resolution_due_at',
  sla_due_at: 't.sla_due_at',
  spam: 't.spam',
  follow_up_of: 't.follow_up_of',
  merged_into: 't.merged_into',
  snoozed: 't.snoozed',
  snoozed_until: 't.snoozed_until',
  created_at: 't.created_at',
  updated_at: 't.updated_at',
  satisfaction: SATISFACTION_EXPR,
} satisfies Record<keyof TicketRow, string>;
const TICKET_ROW_KEYS = Object.keys(TICKET_ROW_SQL) as (keyof TicketRow)[];

/**
 * A ticket row comes back as one JSON array (`j`) rather than ~30 columns: the driver makes one JavaScript value
 * per column it hands over, and for a page of tickets that costs more than SQLite building the text and
 * JSON.parse reading it (a 25-ticket inbox page: ~165 µs of columns against ~100 µs as arrays).
 */
const SELECT_TICKET = `SELECT json_array(${Object.values(TICKET_ROW_SQL).join(', ')}) AS j
  FROM tickets t JOIN customers c ON c.id = t.requester_id`;

function ticketRowOf(raw: { j: string }): TicketRow {
  const values = JSON.parse(raw.j) as unknown[];
  const row: Record<string, unknown> = {};
  for (let i = 0; i < TICKET_ROW_KEYS.length; i++) row[TICKET_ROW_KEYS[i]!] = values[i];
  return row as unknown as TicketRow;
}

async function ticketRows(q: Queryable, sql: string, args: InArgs): Promise<TicketRow[]> {
  return (await q.all<{ j: string }>(sql, args)).map(ticketRowOf);
}

/** Breach flags depend on the clock, so the DTO is made with `now`. */
export function toTicket(r: TicketRow, now: Date): Ticket {
  const resolvedAt = r.resolved_at ?? r.closed_at;
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    channel: r.channel,
    requester: { id: r.requester_id, email: r.requester_email, name: r.requester_name },
    assigneeId: r.assignee_id,
    teamId: r.team_id ?? null,
    tags: parseJson(r.tags, []),
    customFields: parseJson(r.custom_fields, {}),
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    sla: {
      firstResponseDueAt: r.first_response_due_at,
      resolutionDueAt: r.resolution_due_at,
      firstResponseBreached: breached(r.first_response_due_at, r.first_response_at, now),
      resolutionBreached: breached(r.resolution_due_at, resolvedAt, now),
      nextDueAt: r.sla_due_at,
    },
    spam: r.spam === 1,
    snooze: r.snoozed ? { until: r.snoozed_until ?? null, untilReply: !r.snoozed_until } : null,
    followUpOf: r.follow_up_of ?? null,
    mergedInto: r.merged_into ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    satisfaction:
      typeof r.satisfaction === 'string'
        ? parseJson<Satisfaction | null>(r.satisfaction, null)
        : (r.satisfaction ?? null),
  };
}

/** The ticket if it exists and is within `scope`: a ticket out of scope is as absent as another tenant's. */
export async function getTicketRow(
  q: Queryable,
  tenantId: string,
  id: string,
  scope: TicketScope,
): Promise<TicketRow | undefined> {
  const s = scope.where('t');
  const raw = await q.get<{ j: string }>(`${SELECT_TICKET} WHERE t.tenant_id = ? AND t.id = ? AND ${s.sql}`, [
    tenantId,
    id,
    ...s.args,
  ]);
  return raw && ticketRowOf(raw);
}

export async function ticketInScope(q: Queryable, tenantId: string, id: string, scope: TicketScope): Promise<boolean> {
  if (!scope.limited) return true;
  const s = scope.where();
  return !!(await q.get(`SELECT 1 FROM tickets WHERE tenant_id = ? AND id = ? AND ${s.sql}`, [
    tenantId,
    id,
    ...s.args,
  ]));
}

export async function getTicketRows(q: Queryable, tenantId: string, ids: string[]): Promise<TicketRow[]> {
  if (!ids.length) return [];
  return ticketRows(q, `${SELECT_TICKET} WHERE t.tenant_id = ? AND t.id IN (${placeholders(ids.length)})`, [
    tenantId,
    ...ids,
  ]);
}

/** Fields the write path keeps in step; `sla_due_at` is derived from them. */
export async function saveTicket(q: Queryable, r: TicketRow) {
  r.sla_due_at = nextDue({
    status: r.status,
    firstResponseAt: r.first_response_at,
    firstResponseDueAt: r.first_response_due_at,
    resolutionDueAt: r.resolution_due_at,
  });
  r.priority_rank = PRIORITY_RANK[r.priority];
  await q.run(
    `UPDATE tickets SET subject = ?, status = ?, priority = ?, priority_rank = ?, assignee_id = ?, tags = ?, custom_fields = ?,
       first_response_at = ?, resolved_at = ?, closed_at = ?, first_response_due_at = ?, resolution_due_at = ?, sla_due_at = ?, spam = ?, created_at = ?, updated_at = ?,
       team_id = ?
     WHERE tenant_id = ? AND id = ?`,
    [
      r.subject,
      r.status,
      r.priority,
      r.priority_rank,
      r.assignee_id,
      r.tags,
      r.custom_fields,
      r.first_response_at,
      r.resolved_at,
      r.closed_at,
      r.first_response_due_at,
      r.resolution_due_at,
      r.sla_due_at,
      r.spam,
      r.created_at,
      r.updated_at,
      r.team_id ?? null,
      r.tenant_id,
      r.id,
    ],
  );
}

export async function insertTicketRow(q: Queryable, r: TicketRow) {
  r.sla_due_at = nextDue({
    status: r.status,
    firstResponseAt: r.first_response_at,
    firstResponseDueAt: r.first_response_due_at,
    resolutionDueAt: r.resolution_due_at,
  });
  await q.run(
    `INSERT INTO tickets (id, tenant_id, number, subject, status, priority, priority_rank, channel, requester_id, assignee_id, tags,
       custom_fields, first_response_due_at, resolution_due_at, sla_due_at, spam, follow_up_of, created_at, updated_at, team_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.id,
      r.tenant_id,
      r.number,
      r.subject,
      r.status,
      r.priority,
      PRIORITY_RANK[r.priority],
      r.channel,
      r.requester_id,
      r.assignee_id,
      r.tags,
      r.custom_fields,
      r.first_response_due_at,
      r.resolution_due_at,
      r.sla_due_at,
      r.spam,
      r.follow_up_of ?? null,
      r.created_at,
      r.updated_at,
      r.team_id ?? null,
    ],
  );
}

export async function replaceTags(q: Queryable, tenantId: string, ticketId: string, tags: string[]) {
  await q.run('DELETE FROM ticket_tags WHERE ticket_id = ?', [ticketId]);
  for (const tag of tags)
    await q.run('INSERT OR IGNORE INTO ticket_tags (tenant_id, tag, ticket_id) VALUES (?, ?, ?)', [
      tenantId,
      tag.toLowerCase(),
      ticketId,
    ]);
}

/** The next gapless number: the write transaction holds the database lock, so no two creates share one. */
export async function nextTicketNumber(q: Queryable, tenantId: string): Promise<number> {
  const row = await q.get<{ last_number: number }>(
    `INSERT INTO ticket_counters (tenant_id, last_number) VALUES (?, 1)
     ON CONFLICT (tenant_id) DO UPDATE SET last_number = last_number + 1 RETURNING last_number`,
    [tenantId],
  );
  return Number(row!.last_number);
}

export async function indexText(q: Queryable, tenantId: string, ticketId: string, text: string) {
  await q.run('INSERT INTO tickets_fts (text, ticket_id, tenant_id) VALUES (?, ?, ?)', [text, ticketId, tenantId]);
}

/**
 * The subject's index row sits at rowid = -(the ticket's rowid), apart from the positive
 * automatic rowids of message rows, so an edited subject replaces its row without a scan.
 */
export async function indexSubject(q: Queryable, tenantId: string, ticketId: string, subject: string) {
  const t = await q.get<{ rowid: number }>('SELECT rowid FROM tickets WHERE tenant_id = ? AND id = ?', [
    tenantId,
    ticketId,
  ]);
  if (!t) return;
  await q.run('DELETE FROM tickets_fts WHERE rowid = ?', [-t.rowid]);
  await q.run('INSERT INTO tickets_fts (rowid, text, ticket_id, tenant_id) VALUES (?, ?, ?, ?)', [
    -t.rowid,
    subject,
    ticketId,
    tenantId,
  ]);
}

// ---- messages ----

interface MessageRow {
  id: string;
  ticket_id: string;
  author_type: Author['type'];
  author_id: string | null;
  author_name: string | null;
  body: string;
  internal: number;
  created_at: string;
}

export const toMessage = (r: MessageRow): Message => ({
  id: r.id,
  ticketId: r.ticket_id,
  body: r.body,
  internal: r.internal === 1,
  author: { type: r.author_type, id: r.author_id, name: r.author_name },
  attachments: [],
  createdAt: r.created_at,
});

export async function insertMessage(q: Queryable, tenantId: string, m: Message) {
  await q.run(
    'INSERT INTO ticket_messages (id, tenant_id, ticket_id, author_type, author_id, author_name, body, internal, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [m.id, tenantId, m.ticketId, m.author.type, m.author.id, m.author.name, m.body, m.internal ? 1 : 0, m.createdAt],
  );
}

const MESSAGE_ROW_KEYS = [
  'id',
  'ticket_id',
  'author_type',
  'author_id',
  'author_name',
  'body',
  'internal',
  'created_at',
] as const satisfies readonly (keyof MessageRow)[];

/** Ticket `t`'s messages as one JSON array of arrays (a SQL expression over the ticket's row), in listMessages' order. */
const THREAD_MESSAGES_SQL = `(SELECT json_group_array(json_array(${MESSAGE_ROW_KEYS.map((k) => `m.${k}`).join(', ')})
    ORDER BY m.created_at, m.id) FROM ticket_messages m WHERE m.tenant_id = t.tenant_id AND m.ticket_id = t.id)`;

function threadMessagesOf(messagesJson: string, attachmentsJson: string): Message[] {
  const messages = (JSON.parse(messagesJson) as unknown[][]).map((values) => {
    const row: Record<string, unknown> = {};
    MESSAGE_ROW_KEYS.forEach((k, i) => (row[k] = values[i]));
    return toMessage(row as unknown as MessageRow);
  });
  const byMessage = new Map(messages.map((m) => [m.id, m]));
  for (const a of threadAttachmentRowsOf(attachmentsJson)) {
    if (a.message_id) byMessage.get(a.message_id)?.attachments.push(toAttachment(a));
  }
  return messages;
}

export interface TicketThread {
  row: TicketRow;
  /** Every message, internal notes included, oldest first, with its files (no download links yet). */
  messages: Message[];
  /** False when the ticket has no merges (mergesOfTicket would answer none). */
  mayHaveMerges: boolean;
}

/**
 * A ticket in the caller's scope with its whole thread, in one statement: the ticket, its messages and their files
 * as JSON values (each statement and each row the driver hands over costs more than the JSON), and whether it has
 * merges to read. Same rows as getTicketRow, listMessages and attachmentsOfTickets.
 */
export async function getTicketThread(
  q: Queryable,
  tenantId: string,
  id: string,
  scope: TicketScope,
): Promise<TicketThread | undefined> {
  const s = scope.where('t');
  const raw = await q.get<{ j: string; messages: string; attachments: string; merges: number }>(
    `SELECT json_array(${Object.values(TICKET_ROW_SQL).join(', ')}) AS j, ${THREAD_MESSAGES_SQL} AS messages,
       ${THREAD_ATTACHMENTS_SQL} AS attachments, ${MAY_HAVE_MERGES_SQL} AS merges
     FROM tickets t JOIN customers c ON c.id = t.requester_id WHERE t.tenant_id = ? AND t.id = ? AND ${s.sql}`,
    [tenantId, id, ...s.args],
  );
  if (!raw) return undefined;
  return {
    row: ticketRowOf(raw),
    messages: threadMessagesOf(raw.messages, raw.attachments),
    mayHaveMerges: raw.merges === 1,
  };
}

export async function listMessages(
  q: Queryable,
  tenantId: string,
  ticketIds: string[],
  publicOnly: boolean,
): Promise<Message[]> {
  if (!ticketIds.length) return [];
  const rows = await q.all<MessageRow>(
    `SELECT * FROM ticket_messages WHERE tenant_id = ? AND ticket_id IN (${placeholders(ticketIds.length)})
     ${publicOnly ? 'AND internal = 0' : ''} ORDER BY created_at, id`,
    [tenantId, ...ticketIds],
  );
  const messages = rows.map(toMessage);
  if (!messages.length) return messages;
  const byMessage = new Map(messages.map((m) => [m.id, m]));
  for (const a of await attachmentsOfTickets(q, tenantId, ticketIds)) {
    if (a.message_id) byMessage.get(a.message_id)?.attachments.push(toAttachment(a));
  }
  return messages;
}

// ---- activity ----

export async function insertActivity(
  q: Queryable,
  tenantId: string,
  a: {
    id: string;
    ticketId: string;
    actor: Author;
    action: string;
    changes: Record<string, { from: unknown; to: unknown }>;
  },
  now: string,
) {
  await q.run(
    'INSERT INTO ticket_activity (id, tenant_id, ticket_id, actor_type, actor_id, actor_name, action, changes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [a.id, tenantId, a.ticketId, a.actor.type, a.actor.id, a.actor.name, a.action, JSON.stringify(a.changes), now],
  );
}

export async function listActivity(q: Queryable, tenantId: string, ticketId: string, afterSeq: number, limit: number) {
  const rows = await q.all<{
    seq: number;
    id: string;
    ticket_id: string;
    actor_type: Author['type'];
    actor_id: string | null;
    actor_name: string | null;
    action: string;
    changes: string;
    created_at: string;
  }>('SELECT * FROM ticket_activity WHERE tenant_id = ? AND ticket_id = ? AND seq > ? ORDER BY seq LIMIT ?', [
    tenantId,
    ticketId,
    afterSeq,
    limit + 1,
  ]);
  return rows.map((r) => ({
    seq: r.seq,
    dto: {
      id: r.id,
      ticketId: r.ticket_id,
      action: r.action,
      actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
      changes: parseJson<Record<string, { from: unknown; to: unknown }>>(r.changes, {}),
      createdAt: r.created_at,
    },
  }));
}

// ---- the list ----

export interface TicketFilter {
  /** Which tickets the caller may see at all; every other filter narrows within it. */
  scope: TicketScope;
  statuses?: Status[];
  priorities?: Priority[];
  /** An agent id, or null for unassigned. */
  assignee?: string | null;
  /** A team id, or null for tickets of no team. */
  team?: string | null;
  tag?: string;
  customerId?: string;
  requesterEmail?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  /** One of the inbox's views (`views.ts`), for the agent whose "mine" it is; ANDed with the rest. */
  view?: { id: ViewId; agentId: string | null };
  /** True: only spam (the Spam view). Otherwise spam is left out, as from every list. */
  spam?: boolean;
  /** True: only snoozed; false: only awake; absent: both. */
  snoozed?: boolean;
}

export const SORT_COLUMNS: Record<Sort, string[]> = {
  updated: ['t.updated_at', 't.id'],
  created: ['t.created_at', 't.id'],
  priority: ['t.priority_rank', 't.updated_at', 't.id'],
  slaDue: ["coalesce(t.sla_due_at, '9999')", 't.id'],
};

export function sortValues(sort: Sort, r: TicketRow): (string | number)[] {
  if (sort === 'updated') return [r.updated_at, r.id];
  if (sort === 'created') return [r.created_at, r.id];
  if (sort === 'priority') return [r.priority_rank, r.updated_at, r.id];
  return [r.sla_due_at ?? '9999', r.id];
}

/** What sortValues gives per sort, as the list's cursor must carry it. */
export const SORT_KEYSETS: Record<Sort, [z.ZodType<string | number>, ...z.ZodType<string | number>[]]> = {
  updated: [CursorPart.time, CursorPart.id],
  created: [CursorPart.time, CursorPart.id],
  priority: [CursorPart.int, CursorPart.time, CursorPart.id],
  slaDue: [z.union([CursorPart.time, z.literal('9999')]), CursorPart.id],
};

/** The list's cursor: the sort and order it was made for, then that sort's keyset. */
function makeCursorSchema(sort: Sort, order: 'asc' | 'desc') {
  const sameOrder = { error: 'This cursor belongs to a different sort order.' };
  return z.tuple([z.literal(sort, sameOrder), z.literal(order, sameOrder), ...SORT_KEYSETS[sort]]);
}
const cursorSchemas = new Map<string, ReturnType<typeof makeCursorSchema>>();

/** The list cursor's schema for a sort and order, made once each (a zod schema costs more to make than to use). */
export function ticketCursorSchema(sort: Sort, order: 'asc' | 'desc') {
  const key = `${sort} ${order}`;
  let schema = cursorSchemas.get(key);
  if (!schema) cursorSchemas.set(key, (schema = makeCursorSchema(sort, order)));
  return schema;
}

/** The filter's conditions on `tickets t` (tenant and scope first), ANDed by the list and the search. */
export function filterConditions(
  tenantId: string,
  f: TicketFilter,
): { where: string[]; args: (string | number | null)[] } {
  const where = ['t.tenant_id = ?', `t.spam = ${f.spam ? 1 : 0}`];
  const args: (string | number | null)[] = [tenantId];
  const inList = (col: string, values: string[]) => {
    where.push(values.length === 1 ? `${col} = ?` : `${col} IN (${placeholders(values.length)})`);
    args.push(...values);
  };
  if (f.snoozed !== undefined) where.push(`t.snoozed = ${f.snoozed ? 1 : 0}`);
  if (f.statuses?.length) inList('t.status', f.statuses);
  if (f.priorities?.length) inList('t.priority', f.priorities);
  if (f.view) {
    const v = viewCondition(f.view.id, f.view.agentId);
    where.push(v.sql);
    args.push(...v.args);
  }
  const scope = f.scope.where('t');
  where.push(scope.sql);
  args.push(...scope.args);
  if (f.assignee === null) where.push('t.assignee_id IS NULL');
  else if (f.assignee !== undefined) {
    where.push('t.assignee_id = ?');
    args.push(f.assignee);
  }
  if (f.team === null) where.push('t.team_id IS NULL');
  else if (f.team !== undefined) {
    where.push('t.team_id = ?');
    args.push(f.team);
  }
  if (f.customerId) {
    where.push('t.requester_id = ?');
    args.push(f.customerId);
  }
  if (f.requesterEmail) {
    where.push('t.requester_id = (SELECT id FROM customers WHERE tenant_id = ? AND email = ? COLLATE NOCASE)');
    args.push(tenantId, f.requesterEmail);
  }
  if (f.tag) {
    where.push('t.id IN (SELECT ticket_id FROM ticket_tags WHERE tenant_id = ? AND tag = ?)');
    args.push(tenantId, f.tag.toLowerCase());
  }
  if (f.createdFrom) {
    where.push('t.created_at >= ?');
    args.push(f.createdFrom);
  }
  if (f.createdTo) {
    where.push('t.created_at < ?');
    args.push(f.createdTo);
  }
  if (f.updatedFrom) {
    where.push('t.updated_at >= ?');
    args.push(f.updatedFrom);
  }
  if (f.updatedTo) {
    where.push('t.updated_at < ?');
    args.push(f.updatedTo);
  }
  return { where, args };
}

/** Builds the filtered, keyset-paginated list query; exported so a test can EXPLAIN it. */
export function buildListQuery(
  tenantId: string,
  f: TicketFilter,
  sort: Sort,
  order: 'asc' | 'desc',
  after: (string | number | null)[] | null,
  limit: number,
): { sql: string; args: InArgs } {
  const { where, args } = filterConditions(tenantId, f);
  const cols = SORT_COLUMNS[sort];
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  if (after) {
    where.push(`(${cols.join(', ')}) ${order === 'asc' ? '>' : '<'} (${placeholders(cols.length)})`);
    args.push(...after);
  }
  args.push(limit + 1);
  const sql = `${SELECT_TICKET} WHERE ${where.join(' AND ')} ORDER BY ${cols.map((c) => `${c} ${dir}`).join(', ')} LIMIT ?`;
  return { sql, args };
}

export async function listTicketRows(q: Queryable, query: { sql: string; args: InArgs }): Promise<TicketRow[]> {
  return ticketRows(q, query.sql, query.args);
}

// ---- spam ----

/** Removes a ticket and everything kept for it: messages, activity, tags, search rows, visitor grants, mail rows; its files go to the janitor. */
export async function deleteTicketRows(q: Queryable, tenantId: string, ticketId: string, at: string) {
  const t = await q.get<{ rowid: number }>('SELECT rowid FROM tickets WHERE tenant_id = ? AND id = ?', [
    tenantId,
    ticketId,
  ]);
  if (!t) return;
  await q.run('DELETE FROM tickets_fts WHERE rowid = ?', [-t.rowid]);
  await q.run('DELETE FROM tickets_fts WHERE ticket_id = ? AND tenant_id = ?', [ticketId, tenantId]);
  // The reports' daily rollups still count its ledger rows until those days are rebuilt.
  await markTicketDaysDirty(q, tenantId, ticketId);
  for (const table of [
    'ticket_messages',
    'ticket_activity',
    'ticket_metrics',
    'ticket_agent_touches',
    'ticket_tags',
    'mail_message_ids',
    'mail_outbox',
  ])
    await q.run(`DELETE FROM ${table} WHERE tenant_id = ? AND ticket_id = ?`, [tenantId, ticketId]);
  await q.run('DELETE FROM visitor_token_tickets WHERE ticket_id = ?', [ticketId]);
  await markTicketAttachmentsDeleted(q, tenantId, ticketId, at);
  await q.run('DELETE FROM tickets WHERE tenant_id = ? AND id = ?', [tenantId, ticketId]);
}

/** Whether the customer has a ticket other than `ticketId` that is not spam (then the customer was announced). */
export async function hasOtherRealTicket(q: Queryable, tenantId: string, customerId: string, ticketId: string) {
  return !!(await q.get('SELECT 1 FROM tickets WHERE tenant_id = ? AND requester_id = ? AND spam = 0 AND id != ?', [
    tenantId,
    customerId,
    ticketId,
  ]));
}

// ---- snooze ----

/** Sets or clears a ticket's snooze (the rest of the row is saved by saveTicket). */
export async function setSnooze(q: Queryable, r: TicketRow, snoozed: boolean, until: string | null) {
  r.snoozed = snoozed ? 1 : 0;
  r.snoozed_until = snoozed ? until : null;
  await q.run('UPDATE tickets SET snoozed = ?, snoozed_until = ? WHERE tenant_id = ? AND id = ?', [
    r.snoozed,
    r.snoozed_until,
    r.tenant_id,
    r.id,
  ]);
}

/** Snoozed tickets of every tenant whose time has come, oldest first. */
export async function dueSnoozes(q: Queryable, now: string, limit: number) {
  return q.all<{ tenant_id: string; id: string }>(
    'SELECT tenant_id, id FROM tickets WHERE snoozed = 1 AND snoozed_until IS NOT NULL AND snoozed_until <= ? ORDER BY snoozed_until, id LIMIT ?',
    [now, limit],
  );
}

/**
 * The ids of a ticket's messages written after `messageId` (insertion order, so messages of one millisecond keep
 * theirs); null when `messageId` is not one of the ticket's messages.
 */
export async function messageIdsAfter(q: Queryable, tenantId: string, ticketId: string, messageId: string) {
  const seen = await q.get<{ n: number }>(
    'SELECT rowid AS n FROM ticket_messages WHERE tenant_id = ? AND ticket_id = ? AND id = ?',
    [tenantId, ticketId, messageId],
  );
  if (!seen) return null;
  const rows = await q.all<{ id: string }>(
    'SELECT id FROM ticket_messages WHERE tenant_id = ? AND ticket_id = ? AND rowid > ? ORDER BY rowid',
    [tenantId, ticketId, seen.n],
  );
  return rows.map((r) => r.id);
}
