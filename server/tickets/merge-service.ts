// Merging duplicate tickets into one, and undoing a merge for a while: each one transaction with activity, events, audit.
import type { Db, Queryable } from '../db/client.ts';
import { audit, type Actor } from '../audit/audit.ts';
import { appendEvent } from '../events/log.ts';
import { newId } from '../lib/ids.ts';
import { parseJson } from '../lib/json.ts';
import { conflict, invalidField, notFound } from '../lib/problem.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import {
  getTicketRow,
  getTicketRows,
  insertMessage,
  replaceTags,
  saveTicket,
  toTicket,
  type TicketRow,
} from './queries.ts';
import {
  deleteMessage,
  insertMerge,
  latestMergeInto,
  markMergeUndone,
  mergesOf,
  messageIdsOf,
  moveMessages,
  searchRowidsOf,
  setMergedInto,
  type MergeSnapshot,
  type SourceSnapshot,
} from './merge-queries.ts';
import type { Author, Message, Status, Ticket, TicketMerge } from './schemas.ts';
import type { TicketScope } from './scope.ts';
import { emitMessage, emitTicket, refuseSpam } from './service.ts';
import { recordActivity } from './activity.ts';

/** How long a merge can be undone. */
export const UNDO_MERGE_MS = 10 * 60 * 1000;

const SYSTEM: Author = { type: 'system', id: null, name: 'Merge' };

const tagsOf = (r: TicketRow): string[] => parseJson(r.tags, []);

async function note(q: Queryable, tenantId: string, row: TicketRow, body: string, internal: boolean, ts: string) {
  const m: Message = {
    id: newId('msg'),
    ticketId: row.id,
    body,
    internal,
    author: SYSTEM,
    attachments: [],
    createdAt: ts,
  };
  await insertMessage(q, tenantId, m);
  return m;
}

async function activity(
  q: Queryable,
  tenantId: string,
  ticketId: string,
  author: Author,
  action: string,
  changes: Record<string, { from: unknown; to: unknown }>,
  ts: string,
) {
  await recordActivity(q, tenantId, { id: newId('act'), ticketId, actor: author, action, changes }, ts);
}

/**
 * Merges `sourceIds` into `targetId`: their messages (with files and search rows) move to the target, where the
 * thread shows every message in time order; their tags join the target's (at most 20); their requesters'
 * messages make them participants of the target. Each source is closed with `mergedInto` and a note in its
 * thread; the target gets an internal note. A ticket the caller cannot see is 404; a spam or already merged
 * ticket, or one merged into itself, changes nothing. The requesters hear of it by mail (mail/outbound-fanout.ts).
 */
export async function mergeTickets(
  db: Db,
  actor: Actor,
  tenant: TenantRecord,
  targetId: string,
  sourceIds: string[],
  author: Author,
  scope: TicketScope,
  now: Date,
): Promise<Ticket> {
  const ids = [...new Set(sourceIds)];
  if (ids.includes(targetId)) throw invalidField('ticketIds', 'must not contain the ticket they are merged into');
  const ts = now.toISOString();
  return db.tx(async (tx) => {
    const target = await getTicketRow(tx, tenant.id, targetId, scope);
    if (!target) throw notFound('Ticket');
    refuseSpam(target);
    if (target.merged_into)
      throw conflict(`Ticket #${target.number} was merged into another ticket; merge into that one.`);
    const sources: TicketRow[] = [];
    for (const id of ids) {
      const row = await getTicketRow(tx, tenant.id, id, scope);
      if (!row) throw notFound('Ticket');
      refuseSpam(row);
      if (row.merged_into) throw conflict(`Ticket #${row.number} is already merged into another ticket.`);
      sources.push(row);
    }
    const snapshots: SourceSnapshot[] = [];
    const beforeTags = tagsOf(target);
    const tags = [...beforeTags];
    const seen = new Set(tags.map((t) => t.toLowerCase()));
    for (const s of sources) {
      const messageIds = await messageIdsOf(tx, tenant.id, s.id);
      const searchRowids = await searchRowidsOf(tx, tenant.id, s.id);
      await moveMessages(tx, tenant.id, s.id, target.id, messageIds, searchRowids);
      for (const tag of tagsOf(s))
        if (tags.length < 20 && !seen.has(tag.toLowerCase())) {
          seen.add(tag.toLowerCase());
          tags.push(tag);
        }
      const n = await note(
        tx,
        tenant.id,
        s,
        `This ticket was merged into #${target.number} (${target.subject}). The conversation continues there.`,
        false,
        ts,
      );
      snapshots.push({
        id: s.id,
        status: s.status,
        resolvedAt: s.resolved_at,
        closedAt: s.closed_at,
        messageIds,
        searchRowids,
        noteId: n.id,
      });
      const from = { status: s.status, mergedInto: null };
      s.status = 'closed';
      s.closed_at = ts;
      s.resolved_at ??= ts;
      s.updated_at = ts;
      s.merged_into = target.id;
      await saveTicket(tx, s);
      await setMergedInto(tx, tenant.id, s.id, target.id);
      await activity(
        tx,
        tenant.id,
        s.id,
        author,
        'ticket.merged',
        {
          status: { from: from.status, to: 'closed' },
          mergedInto: { from: null, to: target.id },
        },
        ts,
      );
      await emitMessage(tx, tenant.id, s.requester_id, n, now);
    }
    const addedTags = tags.slice(beforeTags.length);
    if (addedTags.length) {
      target.tags = JSON.stringify(tags);
      await replaceTags(tx, tenant.id, target.id, tags);
    }
    const targetNote = await note(
      tx,
      tenant.id,
      target,
      `Merged into this ticket: ${sources.map((s) => `#${s.number} (${s.subject})`).join(', ')}.`,
      true,
      ts,
    );
    target.updated_at = ts;
    await saveTicket(tx, target);
    await activity(
      tx,
      tenant.id,
      target.id,
      author,
      'ticket.merged',
      {
        mergedFrom: { from: [], to: sources.map((s) => s.number) },
        ...(addedTags.length ? { tags: { from: beforeTags, to: tags } } : {}),
      },
      ts,
    );
    const snapshot: MergeSnapshot = { sources: snapshots, addedTags, targetNoteId: targetNote.id };
    const mergeId = newId('mrg');
    await insertMerge(
      tx,
      tenant.id,
      {
        id: mergeId,
        targetId: target.id,
        sourceIds: sources.map((s) => s.id),
        snapshot,
        createdAt: ts,
        undoUntil: new Date(now.getTime() + UNDO_MERGE_MS).toISOString(),
      },
      author,
    );
    const ticket = toTicket(target, now);
    const closed = sources.map((s) => toTicket(s, now));
    for (const t of closed) await emitTicket(tx, tenant.id, 'ticket.updated', t, now);
    await emitTicket(tx, tenant.id, 'ticket.updated', ticket, now);
    await emitMessage(tx, tenant.id, target.requester_id, targetNote, now);
    await appendEvent(tx, tenant.id, { type: 'ticket.merged', data: { mergeId, ticket, sources: closed } }, now);
    await audit(
      actor,
      tx,
      {
        action: 'ticket.merged',
        targetType: 'ticket',
        targetId: target.id,
        details: { mergeId, number: target.number, sources: sources.map((s) => s.number) },
      },
      now,
    );
    return ticket;
  });
}

/**
 * Undoes the newest merge into `targetId` within UNDO_MERGE_MS: every source gets back its messages (those still
 * on the target), status and thread as they were, the target loses the tags the merge gave it and its note.
 * Later replies on the target stay there. Too late, nothing to undo, or a target merged on since: 409.
 */
export async function unmergeTickets(
  db: Db,
  actor: Actor,
  tenant: TenantRecord,
  targetId: string,
  author: Author,
  scope: TicketScope,
  now: Date,
): Promise<Ticket> {
  const ts = now.toISOString();
  return db.tx(async (tx) => {
    const target = await getTicketRow(tx, tenant.id, targetId, scope);
    if (!target) throw notFound('Ticket');
    const merge = await latestMergeInto(tx, tenant.id, target.id);
    if (!merge) throw conflict(`Nothing to undo: no merge into ticket #${target.number}.`);
    if (now.getTime() > Date.parse(merge.undoUntil))
      throw conflict(
        `This merge can no longer be undone: a merge can be undone for ${UNDO_MERGE_MS / 60_000} minutes, until ${merge.undoUntil}.`,
      );
    if (target.merged_into)
      throw conflict(`Ticket #${target.number} was merged into another ticket since; undo that merge first.`);
    const sources: TicketRow[] = [];
    for (const s of merge.snapshot.sources) {
      const row = await getTicketRow(tx, tenant.id, s.id, scope);
      if (!row) throw notFound('Ticket');
      sources.push(row);
    }
    for (const [i, s] of merge.snapshot.sources.entries()) {
      const row = sources[i]!;
      await moveMessages(tx, tenant.id, target.id, row.id, s.messageIds, s.searchRowids);
      await deleteMessage(tx, tenant.id, s.noteId);
      const from = { status: row.status, mergedInto: row.merged_into };
      row.status = s.status as Status;
      row.resolved_at = s.resolvedAt;
      row.closed_at = s.closedAt;
      row.merged_into = null;
      row.updated_at = ts;
      await saveTicket(tx, row);
      await setMergedInto(tx, tenant.id, row.id, null);
      await activity(
        tx,
        tenant.id,
        row.id,
        author,
        'ticket.unmerged',
        {
          status: { from: from.status, to: row.status },
          mergedInto: { from: from.mergedInto, to: null },
        },
        ts,
      );
    }
    await deleteMessage(tx, tenant.id, merge.snapshot.targetNoteId);
    const beforeTags = tagsOf(target);
    const drop = new Set(merge.snapshot.addedTags.map((t) => t.toLowerCase()));
    const tags = beforeTags.filter((t) => !drop.has(t.toLowerCase()));
    if (tags.length !== beforeTags.length) {
      target.tags = JSON.stringify(tags);
      await replaceTags(tx, tenant.id, target.id, tags);
    }
    target.updated_at = ts;
    await saveTicket(tx, target);
    await activity(
      tx,
      tenant.id,
      target.id,
      author,
      'ticket.unmerged',
      {
        mergedFrom: { from: sources.map((s) => s.number), to: [] },
        ...(tags.length !== beforeTags.length ? { tags: { from: beforeTags, to: tags } } : {}),
      },
      ts,
    );
    await markMergeUndone(tx, tenant.id, merge.id, ts);
    const ticket = toTicket(target, now);
    const restored = sources.map((s) => toTicket(s, now));
    for (const t of restored) await emitTicket(tx, tenant.id, 'ticket.updated', t, now);
    await emitTicket(tx, tenant.id, 'ticket.updated', ticket, now);
    await appendEvent(
      tx,
      tenant.id,
      { type: 'ticket.unmerged', data: { mergeId: merge.id, ticket, sources: restored } },
      now,
    );
    await audit(
      actor,
      tx,
      {
        action: 'ticket.unmerged',
        targetType: 'ticket',
        targetId: target.id,
        details: { mergeId: merge.id, number: target.number, sources: sources.map((s) => s.number) },
      },
      now,
    );
    return ticket;
  });
}

/** The merges a ticket took part in, as GET /tickets/{id} shows them. */
export async function mergesOfTicket(
  q: Queryable,
  tenantId: string,
  ticket: { id: string; mergedInto: string | null },
): Promise<TicketMerge[]> {
  const merges = await mergesOf(q, tenantId, ticket);
  if (!merges.length) return [];
  const ids = [...new Set(merges.flatMap((m) => [m.targetId, ...m.sourceIds]))];
  const rows = new Map((await getTicketRows(q, tenantId, ids)).map((r) => [r.id, r]));
  const ref = (id: string) => {
    const r = rows.get(id);
    return { id, number: r?.number ?? 0, subject: r?.subject ?? '' };
  };
  return merges.map((m) => ({
    id: m.id,
    target: ref(m.targetId),
    sources: m.sourceIds.map(ref),
    mergedAt: m.createdAt,
    undoUntil: m.undoUntil,
  }));
}
