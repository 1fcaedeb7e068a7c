// Ticket use cases (agent API, widget, seed): each one transaction that writes the rows, activity, search index and events it needs.
import type { Db, Queryable } from '../db/client.ts';
import { appendEvent } from '../events/log.ts';
import { newId } from '../lib/ids.ts';
import { parseJson } from '../lib/json.ts';
import { conflict, invalidField, notFound, Problem, validationProblem } from '../lib/problem.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { findOrCreateCustomer, getCustomer } from '../customers/queries.ts';
import type { Customer } from '../customers/schemas.ts';
import { audit, type Actor } from '../audit/audit.ts';
import { ticketFiledAfterSuggestions } from '../kb/counters.ts';
import type { Deps } from '../types.ts';
import { grantTicket, issueToken, type Visitor } from '../widget/visitor-tokens.ts';
import { listFields } from '../custom-fields/queries.ts';
import { mergeCustomFields, validateCustomFields } from '../custom-fields/values.ts';
import type { CustomFieldValues } from '../custom-fields/schemas.ts';
import { dueTimesFor } from '../sla/due-times.ts';
import type { Priority } from '../sla/schemas.ts';
import { isAssignable, pickAssignee } from './assignment.ts';
import { teamExists } from '../teams/queries.ts';
import { routeNewTicket } from '../routing/service.ts';
import { admitTicket, recordAdmission } from '../billing/ticket-allowance.ts';
import { markHeld } from '../billing/ledger-queries.ts';
import {
  deleteTicketRows,
  getTicketRow,
  getTicketRows,
  hasOtherRealTicket,
  indexSubject,
  indexText,
  insertMessage,
  insertTicketRow,
  listMessages,
  messageIdsAfter,
  nextTicketNumber,
  replaceTags,
  saveTicket,
  setSnooze,
  dueSnoozes,
  toTicket,
  type TicketRow,
} from './queries.ts';
import type { Author, Message, Status, Ticket, TicketPatch, TicketWoken } from './schemas.ts';
import { EVERY_TICKET, type TicketScope } from './scope.ts';
import { claimAttachments, type Uploader } from '../files/service.ts';
import { recordActivity } from './activity.ts';

type Changes = Record<string, { from: unknown; to: unknown }>;

/** What applyPatch takes beyond the public patch: bulk tag edits, and a snooze (`until` null: until the customer replies; null: wake). */
export type TicketChange = TicketPatch & {
  addTags?: string[];
  removeTags?: string[];
  snooze?: { until: string | null } | null;
};

const NO_DUE_TIMES = { firstResponseDueAt: null, resolutionDueAt: null };

const uniqTags = (tags: string[]) => [...new Set(tags.map((t) => t.trim()))];

/** ticket.* events carry the whole ticket; the requester's visitor streams see a public projection of it. */
export async function emitTicket(
  q: Queryable,
  tenantId: string,
  type: 'ticket.created' | 'ticket.updated' | 'ticket.resolved',
  t: Ticket,
  now: Date,
) {
  await appendEvent(q, tenantId, { type, data: t, audience: 'public', visitorScope: t.requester.id }, now);
}

/** A snoozed ticket came back (its time passed, the customer replied, or someone woke it): agents only. */
async function emitWoken(
  q: Queryable,
  tenantId: string,
  ticket: Ticket,
  reason: TicketWoken['reason'],
  wokenBy: string | null,
  now: Date,
) {
  await appendEvent(
    q,
    tenantId,
    { type: 'ticket.woken', data: { ticketId: ticket.id, reason, wokenBy, ticket }, audience: 'agents' },
    now,
  );
}

const snoozeOf = (r: TicketRow) => (r.snoozed ? { until: r.snoozed_until ?? null } : null);
/** A snooze as the activity log shows it: its time, "the customer's reply", or null. */
const snoozeText = (s: { until: string | null } | null) => (s ? (s.until ?? "the customer's reply") : null);

/** Internal notes are agents-only events, so they can never reach a visitor stream. */
export async function emitMessage(q: Queryable, tenantId: string, requesterId: string, m: Message, now: Date) {
  await appendEvent(
    q,
    tenantId,
    {
      type: 'message.created',
      data: { ticketId: m.ticketId, message: m },
      audience: m.internal ? 'agents' : 'public',
      visitorScope: m.internal ? null : requesterId,
    },
    now,
  );
}

export interface CreateInput {
  subject: string;
  message: string;
  requester: { email: string; name?: string | null };
  priority?: Priority;
  status?: 'open' | 'pending';
  assigneeId?: string | null;
  /** A team of the tenant (422 otherwise); absent: the routing rules may set one. */
  teamId?: string | null;
  tags?: string[];
  customFields?: CustomFieldValues;
  channel: string;
  /**
   * Failed spam signals: the ticket and its message are kept (in the Spam view only) but nothing else
   * happens — no events (so no SSE, webhooks, notifications or mail), no SLA, no auto-assignment, no
   * plan usage. Releasing it (not spam) does all of that then.
   */
  spam?: boolean;
  /** The closed ticket this one follows up (a customer wrote again after it was closed). */
  followUpOf?: string | null;
  /** Uploads that go on the opening message, and who uploaded them (a visitor takes only their own). */
  attachments?: FilesToAttach;
}

/** Uploads (POST /attachments, /widget/attachments) a new message takes, and who is sending it. */
export interface FilesToAttach {
  ids: string[];
  by: Uploader;
}

/** The uploads a new message takes, when it names any and its sender may send uploads. */
export const filesFrom = (ids: string[] | undefined, by: Uploader | null): FilesToAttach | undefined =>
  ids?.length && by ? { ids, by } : undefined;

/** Writes a new message and gives it its uploads (all or nothing), inside the caller's transaction. */
async function insertMessageWithFiles(tx: Queryable, tenantId: string, message: Message, files?: FilesToAttach) {
  await insertMessage(tx, tenantId, message);
  if (files)
    message.attachments = await claimAttachments(
      tx,
      tenantId,
      files.ids,
      files.by,
      message.ticketId,
      message.id,
      message.createdAt,
    );
}

/** Who uploads for an author: an agent or an API key sends the team's uploads; anyone else, none. */
export function uploaderOf(author: Author): Uploader | null {
  if (author.type === 'agent' && author.id) return { type: 'agent', id: author.id };
  if (author.type === 'api' && author.id) return { type: 'api', id: author.id };
  return null;
}

export interface Created {
  ticket: Ticket;
  message: Message;
  customer: Customer;
  /** Kept at a reached ticket allowance: out of agents' sight until it lifts (billing/held-service.ts). */
  held: boolean;
}

async function validateNewTicketFields(db: Db, tenantId: string, input: CreateInput) {
  const fieldErrors = validateCustomFields(await listFields(db, tenantId), input.customFields, true);
  if (fieldErrors.length) throw validationProblem(fieldErrors);
}

export async function createTicket(
  db: Db,
  tenant: TenantRecord,
  input: CreateInput,
  author: Author,
  now: Date,
): Promise<Created> {
  await validateNewTicketFields(db, tenant.id, input);
  return db.tx((tx) => insertTicket(tx, tenant, input, author, now));
}

export interface WidgetTicketInput {
  subject: string;
  message: string;
  email: string;
  name?: string;
  customFields?: CustomFieldValues;
  /** The KB suggestion session, so "suggested, then filed anyway" is counted. */
  session?: string;
  /** The route's spam signals failed: kept as a spam ticket (see CreateInput.spam). */
  spam?: boolean;
  attachmentIds?: string[];
}

/**
 * A visitor files a ticket: the customer (found or created), the ticket, its first message, the
 * visitor token that may read it and the suggestion count, in one transaction. A token the visitor
 * already holds for the same customer is reused.
 */
export async function submitWidgetTicket(
  deps: Pick<Deps, 'db' | 'kbCounters'>,
  tenant: TenantRecord,
  input: WidgetTicketInput,
  held: Visitor | null,
  now: Date,
): Promise<Created & { visitor: Visitor }> {
  const create: CreateInput = {
    subject: input.subject,
    message: input.message,
    requester: { email: input.email, name: input.name },
    customFields: input.customFields,
    channel: 'widget',
    spam: input.spam,
    attachments: filesFrom(input.attachmentIds, { type: 'visitor', tokenHash: held?.tokenHash ?? null }),
  };
  await validateNewTicketFields(deps.db, tenant.id, create);
  return deps.db.tx(async (tx) => {
    const created = await insertTicket(
      tx,
      tenant,
      create,
      { type: 'customer', id: null, name: input.name ?? null },
      now,
    );
    const visitor =
      held && held.customerId === created.customer.id
        ? held
        : await issueToken(tx, tenant.id, created.customer.id, 'tickets', now);
    await grantTicket(tx, visitor.tokenHash, created.ticket.id);
    if (input.session && !input.spam) await ticketFiledAfterSuggestions(deps.kbCounters, tx, tenant.id, input.session);
    return { ...created, visitor };
  });
}

/** Files one ticket inside the caller's transaction (for a use case that owns one, e.g. inbound mail). */
export async function insertTicket(
  tx: Queryable,
  tenant: TenantRecord,
  input: CreateInput,
  author: Author,
  now: Date,
): Promise<Created> {
  const ts = now.toISOString();
  const spam = input.spam === true;
  {
    if (input.assigneeId && !(await isAssignable(tx, tenant.id, input.assigneeId)))
      throw invalidField('assigneeId', 'is not an active agent of this help desk');
    if (input.teamId && !(await teamExists(tx, tenant.id, input.teamId)))
      throw invalidField('teamId', 'is not a team of this help desk');
    // A requester's own words at a reached allowance are held (kept, shown to agents once it lifts), never refused.
    const admission = spam ? null : await admitTicket(tx, tenant, now, author.type === 'customer');
    const held = admission?.kind === 'held';
    const quiet = spam || held;
    const { customer, created } = await findOrCreateCustomer(
      tx,
      tenant.id,
      input.requester.email,
      input.requester.name,
      now,
    );
    if (created && !quiet)
      await appendEvent(tx, tenant.id, { type: 'customer.created', data: customer, audience: 'agents' }, now);
    // Routing rules fill in what the creator left open (team, priority, assignee) and add tags; spam meets none.
    const routed = spam
      ? null
      : await routeNewTicket(tx, tenant.id, {
          channel: input.channel,
          subject: input.subject,
          message: input.message,
          tags: input.tags ?? [],
          customFields: input.customFields ?? {},
          requesterEmail: customer.email,
        });
    const routedChanges: Changes = {};
    const priority = input.priority ?? routed?.actions.priority ?? 'normal';
    if (input.priority === undefined && routed?.actions.priority)
      routedChanges.priority = { from: 'normal', to: priority };
    const teamId = input.teamId !== undefined ? input.teamId : (routed?.actions.teamId ?? null);
    if (input.teamId === undefined && teamId) routedChanges.teamId = { from: null, to: teamId };
    const number = await nextTicketNumber(tx, tenant.id);
    const due = quiet ? NO_DUE_TIMES : await dueTimesFor(tx, tenant, priority, now);
    let assigneeId = input.assigneeId ?? null;
    let autoAssigned = false;
    if (input.assigneeId === undefined && routed?.actions.assigneeId) {
      assigneeId = routed.actions.assigneeId;
      routedChanges.assigneeId = { from: null, to: assigneeId };
    } else if (!quiet && input.assigneeId === undefined && tenant.settings.autoAssignment) {
      assigneeId = await pickAssignee(tx, tenant, teamId, now);
      autoAssigned = assigneeId !== null;
    }
    const givenTags = uniqTags(input.tags ?? []);
    const tags = uniqTags([...givenTags, ...(routed?.actions.tags ?? [])]).slice(0, 20);
    if (tags.length > givenTags.length) routedChanges.tags = { from: givenTags, to: tags };
    const row: TicketRow = {
      id: newId('tkt'),
      tenant_id: tenant.id,
      number,
      subject: input.subject,
      status: input.status ?? 'open',
      priority,
      priority_rank: 0,
      channel: input.channel,
      requester_id: customer.id,
      requester_email: customer.email,
      requester_name: customer.name,
      assignee_id: assigneeId,
      team_id: teamId,
      tags: JSON.stringify(tags),
      custom_fields: JSON.stringify(mergeCustomFields({}, input.customFields)),
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
      first_response_due_at: due.firstResponseDueAt,
      resolution_due_at: due.resolutionDueAt,
      sla_due_at: null,
      spam: spam ? 1 : held ? 2 : 0,
      follow_up_of: input.followUpOf ?? null,
      created_at: ts,
      updated_at: ts,
    };
    await insertTicketRow(tx, row);
    if (held) await markHeld(tx, tenant.id, row.id, ts);
    else if (admission) await recordAdmission(tx, tenant.id, row.id, admission, ts);
    if (tags.length) await replaceTags(tx, tenant.id, row.id, tags);
    // Whoever files a ticket for a requester (an agent, an integration's API key), the opening message is the
    // requester's words: the thread shows it as theirs, not as a reply; the activity still records the creator.
    const opener: Author =
      author.type === 'customer' ? author : { type: 'customer', id: customer.id, name: customer.name };
    const message: Message = {
      id: newId('msg'),
      ticketId: row.id,
      body: input.message,
      internal: false,
      author: opener,
      attachments: [],
      createdAt: ts,
    };
    await insertMessageWithFiles(tx, tenant.id, message, input.attachments);
    await indexSubject(tx, tenant.id, row.id, input.subject);
    await indexText(tx, tenant.id, row.id, input.message);
    await recordActivity(
      tx,
      tenant.id,
      { id: newId('act'), ticketId: row.id, actor: author, action: 'ticket.created', changes: {} },
      ts,
    );
    if (Object.keys(routedChanges).length) {
      await recordActivity(
        tx,
        tenant.id,
        {
          id: newId('act'),
          ticketId: row.id,
          actor: { type: 'system', id: null, name: 'Routing rules' },
          action: 'ticket.routed',
          changes: routedChanges,
        },
        ts,
      );
    }
    if (autoAssigned) {
      await recordActivity(
        tx,
        tenant.id,
        {
          id: newId('act'),
          ticketId: row.id,
          actor: { type: 'system', id: null, name: 'Auto-assignment' },
          action: 'ticket.assigned',
          changes: { assigneeId: { from: null, to: assigneeId } },
        },
        ts,
      );
    }
    const ticket = toTicket(row, now);
    if (!quiet) {
      await emitTicket(tx, tenant.id, 'ticket.created', ticket, now);
      await emitMessage(tx, tenant.id, customer.id, message, now);
    }
    return { ticket, message, customer, held };
  }
}

/** Agents change a spam ticket only by releasing or deleting it: a reply would reach the spammer. */
export function refuseSpam(row: TicketRow) {
  if (row.spam) throw conflict('This ticket is in Spam. Mark it as not spam first.');
}

/** Applies a patch to a loaded row; returns the field changes (empty when nothing changed). */
async function applyPatch(
  tx: Queryable,
  tenant: TenantRecord,
  row: TicketRow,
  patch: TicketChange,
  now: Date,
): Promise<Changes> {
  const changes: Changes = {};
  const ts = now.toISOString();
  const set = <K extends keyof TicketRow>(field: string, key: K, value: TicketRow[K]) => {
    if (row[key] === value) return;
    changes[field] = { from: row[key], to: value };
    row[key] = value;
  };
  if (patch.subject !== undefined && patch.subject !== row.subject) {
    set('subject', 'subject', patch.subject);
    await indexSubject(tx, tenant.id, row.id, patch.subject);
  }
  if (patch.assigneeId !== undefined) {
    if (
      patch.assigneeId !== null &&
      patch.assigneeId !== row.assignee_id &&
      !(await isAssignable(tx, tenant.id, patch.assigneeId))
    ) {
      throw invalidField('assigneeId', 'is not an active agent of this help desk');
    }
    set('assigneeId', 'assignee_id', patch.assigneeId);
  }
  if (patch.teamId !== undefined && patch.teamId !== row.team_id) {
    if (patch.teamId !== null && !(await teamExists(tx, tenant.id, patch.teamId)))
      throw invalidField('teamId', 'is not a team of this help desk');
    set('teamId', 'team_id', patch.teamId);
  }
  if (patch.priority !== undefined && patch.priority !== row.priority) {
    set('priority', 'priority', patch.priority);
    const due = await dueTimesFor(tx, tenant, patch.priority, new Date(row.created_at));
    row.first_response_due_at = due.firstResponseDueAt;
    row.resolution_due_at = due.resolutionDueAt;
  }
  if (patch.status !== undefined && patch.status !== row.status) {
    set('status', 'status', patch.status as Status);
    if (patch.status === 'resolved') row.resolved_at = ts;
    else if (patch.status === 'closed') {
      row.closed_at = ts;
      row.resolved_at ??= ts;
    } else {
      row.resolved_at = null;
      row.closed_at = null;
    }
  }
  const snooze =
    patch.snooze !== undefined
      ? patch.snooze
      : patch.snoozedUntil !== undefined
        ? patch.snoozedUntil === null
          ? null
          : { until: patch.snoozedUntil }
        : undefined;
  const closing = row.status === 'resolved' || row.status === 'closed';
  if (snooze && closing) throw conflict('Only open or pending tickets can be snoozed.');
  // Resolving or closing ends a snooze; there is nothing to come back to.
  const nextSnooze = closing ? null : snooze !== undefined ? snooze : snoozeOf(row);
  const until = nextSnooze?.until ? new Date(nextSnooze.until).toISOString() : null;
  if (JSON.stringify(snoozeOf(row)) !== JSON.stringify(nextSnooze && { until })) {
    changes.snooze = { from: snoozeText(snoozeOf(row)), to: snoozeText(nextSnooze && { until }) };
    await setSnooze(tx, row, !!nextSnooze, until);
  }
  const oldTags: string[] = parseJson(row.tags, []);
  let tags = patch.tags !== undefined ? uniqTags(patch.tags) : oldTags;
  if (patch.addTags) tags = uniqTags([...tags, ...patch.addTags]);
  if (patch.removeTags) {
    const drop = new Set(patch.removeTags.map((t) => t.toLowerCase()));
    tags = tags.filter((t) => !drop.has(t.toLowerCase()));
  }
  if (tags.length > 20) throw invalidField('tags', 'A ticket has at most 20 tags.');
  if (JSON.stringify(tags) !== JSON.stringify(oldTags)) {
    changes.tags = { from: oldTags, to: tags };
    row.tags = JSON.stringify(tags);
    await replaceTags(tx, tenant.id, row.id, tags);
  }
  if (patch.customFields !== undefined) {
    const before: CustomFieldValues = parseJson(row.custom_fields, {});
    const after = mergeCustomFields(before, patch.customFields);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      changes.customFields = { from: before, to: after };
      row.custom_fields = JSON.stringify(after);
    }
  }
  return changes;
}

async function persistUpdate(
  tx: Queryable,
  tenantId: string,
  row: TicketRow,
  changes: Changes,
  author: Author,
  now: Date,
  wakeReason: 'manual' | 'time' = 'manual',
): Promise<Ticket> {
  const ts = now.toISOString();
  row.updated_at = ts;
  await saveTicket(tx, row);
  await recordActivity(
    tx,
    tenantId,
    { id: newId('act'), ticketId: row.id, actor: author, action: 'ticket.updated', changes },
    ts,
  );
  const ticket = toTicket(row, now);
  await emitTicket(tx, tenantId, 'ticket.updated', ticket, now);
  if (changes.status && row.status === 'resolved') await emitTicket(tx, tenantId, 'ticket.resolved', ticket, now);
  if (changes.snooze && changes.snooze.from && !changes.snooze.to && !ticket.resolvedAt && !ticket.closedAt)
    await emitWoken(tx, tenantId, ticket, wakeReason, author.type === 'agent' ? author.id : null, now);
  return ticket;
}

async function validatePatchFields(db: Db, tenantId: string, patch: TicketPatch) {
  if (patch.customFields === undefined) return;
  const errors = validateCustomFields(await listFields(db, tenantId), patch.customFields, false);
  if (errors.length) throw validationProblem(errors);
}

export async function updateTicket(
  db: Db,
  tenant: TenantRecord,
  id: string,
  patch: TicketChange,
  author: Author,
  scope: TicketScope,
  now: Date,
): Promise<Ticket> {
  await validatePatchFields(db, tenant.id, patch);
  return db.tx(async (tx) => {
    const row = await getTicketRow(tx, tenant.id, id, scope);
    if (!row) throw notFound('Ticket');
    refuseSpam(row);
    const changes = await applyPatch(tx, tenant, row, patch, now);
    if (!Object.keys(changes).length) return toTicket(row, now);
    return persistUpdate(tx, tenant.id, row, changes, author, now);
  });
}

/** All or nothing: one unknown id, or one out of the caller's scope, leaves every ticket as it was. */
export async function bulkUpdateTickets(
  db: Db,
  tenant: TenantRecord,
  ids: string[],
  patch: TicketPatch & { addTags?: string[]; removeTags?: string[] },
  author: Author,
  scope: TicketScope,
  now: Date,
): Promise<Ticket[]> {
  return db.tx(async (tx) => {
    const out: Ticket[] = [];
    for (const id of [...new Set(ids)]) {
      const row = await getTicketRow(tx, tenant.id, id, scope);
      if (!row) throw notFound('Ticket');
      out.push(await changeTicket(tx, tenant, row, patch, author, now));
    }
    return out;
  });
}

/**
 * Changes a loaded ticket inside the caller's transaction (a bulk update, a macro): the same checks, activity and
 * events as updateTicket; a patch that changes nothing leaves the ticket as it was.
 */
export async function changeTicket(
  tx: Queryable,
  tenant: TenantRecord,
  row: TicketRow,
  patch: TicketPatch & { addTags?: string[]; removeTags?: string[] },
  author: Author,
  now: Date,
): Promise<Ticket> {
  refuseSpam(row);
  const changes = await applyPatch(tx, tenant, row, patch, now);
  return Object.keys(changes).length ? persistUpdate(tx, tenant.id, row, changes, author, now) : toTicket(row, now);
}

/**
 * Adds a reply or note. An agent's first public reply records the first response; a visitor's
 * reply reopens a resolved or pending ticket; closed tickets take no visitor replies.
 */
export async function replyToTicket(
  db: Db,
  tenant: TenantRecord,
  id: string,
  input: {
    body: string;
    internal: boolean;
    attachments?: FilesToAttach;
    lastSeenMessageId?: string;
    force?: boolean;
  },
  author: Author,
  scope: TicketScope,
  now: Date,
): Promise<{ message: Message; ticket: Ticket }> {
  return db.tx(async (tx) => {
    const row = await getTicketRow(tx, tenant.id, id, scope);
    if (!row) throw notFound('Ticket');
    if (author.type === 'customer' && row.status === 'closed')
      throw conflict('This ticket is closed. Please open a new one.');
    // The requester may add to their own spam ticket (kept, reaching nobody); an agent releases it first.
    if (author.type !== 'customer') refuseSpam(row);
    if (input.lastSeenMessageId && !input.force)
      await refuseUnseen(tx, tenant.id, row.id, input.lastSeenMessageId, author);
    return appendMessage(tx, tenant, row, input, author, now);
  });
}

/**
 * Collision: a message written by someone else after the one the writer last saw answers 409 with those messages,
 * so the writer can read them and send anyway (`force`) or not.
 */
async function refuseUnseen(tx: Queryable, tenantId: string, ticketId: string, lastSeen: string, author: Author) {
  const after = await messageIdsAfter(tx, tenantId, ticketId, lastSeen);
  if (!after) throw invalidField('lastSeenMessageId', 'is not a message of this ticket');
  if (!after.length) return;
  const later = new Set(after);
  const mine = (m: Message) => m.author.type === author.type && m.author.id === author.id;
  const unseen = (await listMessages(tx, tenantId, [ticketId], false)).filter((m) => later.has(m.id) && !mine(m));
  if (unseen.length)
    throw new Problem(
      409,
      `${unseen.length === 1 ? 'A new message' : `${unseen.length} new messages`} arrived since you started writing.`,
      {
        type: 'https://helpdesk.dev/problems/new-messages',
        title: 'New messages',
        extra: { messages: unseen },
      },
    );
}

/**
 * Adds a message to a loaded ticket inside the caller's transaction: activity, search index, first
 * response, a customer's reply reopening a resolved or pending ticket (unless `keepStatus`), events.
 */
export async function appendMessage(
  tx: Queryable,
  tenant: TenantRecord,
  row: TicketRow,
  input: { body: string; internal: boolean; keepStatus?: boolean; attachments?: FilesToAttach },
  author: Author,
  now: Date,
): Promise<{ message: Message; ticket: Ticket }> {
  const ts = now.toISOString();
  const fromVisitor = author.type === 'customer';
  const message: Message = {
    id: newId('msg'),
    ticketId: row.id,
    body: input.body,
    internal: input.internal,
    author,
    attachments: [],
    createdAt: ts,
  };
  await insertMessageWithFiles(tx, tenant.id, message, input.attachments);
  await indexText(tx, tenant.id, row.id, input.body);
  await recordActivity(
    tx,
    tenant.id,
    {
      id: newId('act'),
      ticketId: row.id,
      actor: author,
      action: input.internal ? 'note.added' : 'reply.added',
      changes: {},
    },
    ts,
  );
  const changes: Changes = {};
  if (!fromVisitor && !input.internal && !row.first_response_at) {
    changes.firstResponseAt = { from: null, to: ts };
    row.first_response_at = ts;
  }
  if (fromVisitor && !input.keepStatus && (row.status === 'resolved' || row.status === 'pending')) {
    changes.status = { from: row.status, to: 'open' };
    row.status = 'open';
    row.resolved_at = null;
  }
  // The customer is back: a snoozed ticket wakes, whichever kind of snooze it was.
  const woke = fromVisitor && !!row.snoozed;
  if (woke) {
    changes.snooze = { from: snoozeText(snoozeOf(row)), to: null };
    await setSnooze(tx, row, false, null);
  }
  row.updated_at = ts;
  await saveTicket(tx, row);
  const ticket = toTicket(row, now);
  // A spam ticket keeps what was written and tells nobody.
  if (row.spam) return { message, ticket };
  await emitMessage(tx, tenant.id, row.requester_id, message, now);
  if (Object.keys(changes).length) {
    await recordActivity(
      tx,
      tenant.id,
      { id: newId('act'), ticketId: row.id, actor: author, action: 'ticket.updated', changes },
      ts,
    );
    await emitTicket(tx, tenant.id, 'ticket.updated', ticket, now);
  }
  if (woke) await emitWoken(tx, tenant.id, ticket, 'reply', null, now);
  return { message, ticket };
}

/** Wakes the snoozed tickets whose time has passed (the snooze worker); returns how many woke. */
export async function wakeDueSnoozes(db: Db, now: Date, batch = 100): Promise<number> {
  const due = await dueSnoozes(db, now.toISOString(), batch);
  let woke = 0;
  for (const d of due) {
    woke += await db.tx(async (tx) => {
      const row = await getTicketRow(tx, d.tenant_id, d.id, EVERY_TICKET);
      // Another process, a reply or an agent may have woken it since the read.
      if (!row?.snoozed || !row.snoozed_until || row.snoozed_until > now.toISOString()) return 0;
      const changes: Changes = { snooze: { from: snoozeText(snoozeOf(row)), to: null } };
      await setSnooze(tx, row, false, null);
      const system: Author = { type: 'system', id: null, name: null };
      await persistUpdate(tx, d.tenant_id, row, changes, system, now, 'time');
      return 1;
    });
  }
  return woke;
}

/** A visitor replies to one of their tickets (the route has checked the token reaches it); the author is the requester. */
export async function replyAsVisitor(
  db: Db,
  tenant: TenantRecord,
  visitor: Visitor,
  id: string,
  body: string,
  now: Date,
  attachmentIds?: string[],
) {
  const [row] = await getTicketRows(db, tenant.id, [id]);
  const author: Author = { type: 'customer', id: visitor.customerId, name: row?.requester_name ?? null };
  const attachments = filesFrom(attachmentIds, { type: 'visitor', tokenHash: visitor.tokenHash });
  return replyToTicket(db, tenant, id, { body, internal: false, attachments }, author, EVERY_TICKET, now);
}

// ---- the spam folder ----

/**
 * Marks spam tickets as not spam (all or nothing). From now on each is a new ticket: it counts toward the
 * plan (402 at the limit), gets SLA due times from now and an auto-assignee, and its events are appended
 * now (customer.created if the spam ticket brought the customer, ticket.created, its public messages), so
 * streams, webhooks and notifications see it as just created.
 */
export async function releaseSpam(
  db: Db,
  tenant: TenantRecord,
  ids: string[],
  author: Author,
  scope: TicketScope,
  now: Date,
): Promise<Ticket[]> {
  return db.tx(async (tx) => {
    const out: Ticket[] = [];
    for (const id of [...new Set(ids)]) {
      const row = await getTicketRow(tx, tenant.id, id, scope);
      if (!row || row.spam === 2) throw notFound('Ticket');
      if (!row.spam) throw conflict(`Ticket #${row.number} is not in Spam.`);
      const admission = await admitTicket(tx, tenant, now, false);
      await recordAdmission(tx, tenant.id, row.id, admission, now.toISOString());
      out.push(await showAsNew(tx, tenant, row, author, 'ticket.not_spam', { spam: { from: true, to: false } }, now));
    }
    return out;
  });
}

/**
 * Shows a ticket kept out of sight (spam, or held at the allowance) as just created, inside the caller's
 * transaction (which has counted it): due times from now, an auto-assignee, its events appended now.
 */
export async function showAsNew(
  tx: Queryable,
  tenant: TenantRecord,
  row: TicketRow,
  author: Author,
  action: 'ticket.not_spam' | 'ticket.released',
  changes: Changes,
  now: Date,
): Promise<Ticket> {
  const ts = now.toISOString();
  const customer = await getCustomer(tx, tenant.id, row.requester_id);
  if (
    customer &&
    customer.createdAt === row.created_at &&
    !(await hasOtherRealTicket(tx, tenant.id, customer.id, row.id))
  )
    await appendEvent(tx, tenant.id, { type: 'customer.created', data: customer, audience: 'agents' }, now);
  const due = await dueTimesFor(tx, tenant, row.priority, now);
  row.first_response_due_at = due.firstResponseDueAt;
  row.resolution_due_at = due.resolutionDueAt;
  let autoAssigned = false;
  if (row.assignee_id === null && tenant.settings.autoAssignment) {
    row.assignee_id = await pickAssignee(tx, tenant, row.team_id, now);
    autoAssigned = row.assignee_id !== null;
  }
  row.spam = 0;
  row.created_at = ts;
  row.updated_at = ts;
  await saveTicket(tx, row);
  await recordActivity(tx, tenant.id, { id: newId('act'), ticketId: row.id, actor: author, action, changes }, ts);
  if (autoAssigned)
    await recordActivity(
      tx,
      tenant.id,
      {
        id: newId('act'),
        ticketId: row.id,
        actor: { type: 'system', id: null, name: 'Auto-assignment' },
        action: 'ticket.assigned',
        changes: { assigneeId: { from: null, to: row.assignee_id } },
      },
      ts,
    );
  const ticket = toTicket(row, now);
  await emitTicket(tx, tenant.id, 'ticket.created', ticket, now);
  for (const m of await listMessages(tx, tenant.id, [row.id], false))
    await emitMessage(tx, tenant.id, row.requester_id, m, now);
  return ticket;
}

/** Deletes spam tickets for good (all or nothing; a ticket that is not spam is refused): rows, thread, index, mail. */
export async function deleteSpamTickets(
  db: Db,
  actor: Actor,
  tenant: TenantRecord,
  ids: string[],
  scope: TicketScope,
  now: Date,
): Promise<void> {
  await db.tx(async (tx) => {
    for (const id of [...new Set(ids)]) {
      const row = await getTicketRow(tx, tenant.id, id, scope);
      if (!row) throw notFound('Ticket');
      if (!row.spam) throw conflict(`Ticket #${row.number} is not in Spam; only spam can be deleted.`);
      await deleteTicketRows(tx, tenant.id, row.id, now.toISOString());
      await audit(
        actor,
        tx,
        {
          action: 'ticket.spam_deleted',
          targetType: 'ticket',
          targetId: row.id,
          details: { number: row.number, requesterEmail: row.requester_email },
        },
        now,
      );
    }
  });
}
