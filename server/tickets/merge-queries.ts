// Rows a merge moves and keeps: messages (with their files and search rows) between tickets, the merge records.
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';
import { parseJson } from '../lib/json.ts';
import type { Author } from './schemas.ts';

/** What the undo needs to put one source back as it was before the merge. */
export interface SourceSnapshot {
  id: string;
  status: string;
  resolvedAt: string | null;
  closedAt: string | null;
  /** The messages moved from it into the target. */
  messageIds: string[];
  /** Its message rows in `tickets_fts` (rowids from 0 up), moved with them. */
  searchRowids: number[];
  /** The note the merge wrote in its thread. */
  noteId: string;
}

export interface MergeSnapshot {
  sources: SourceSnapshot[];
  /** Tags the target got from the sources (the undo takes them off again). */
  addedTags: string[];
  /** The note the merge wrote in the target's thread. */
  targetNoteId: string;
}

export interface MergeRecord {
  id: string;
  targetId: string;
  sourceIds: string[];
  snapshot: MergeSnapshot;
  createdAt: string;
  undoUntil: string;
}

interface MergeRow {
  id: string;
  target_id: string;
  source_ids: string;
  snapshot: string;
  created_at: string;
  undo_until: string;
}

const toRecord = (r: MergeRow): MergeRecord => ({
  id: r.id,
  targetId: r.target_id,
  sourceIds: parseJson(r.source_ids, []),
  snapshot: parseJson(r.snapshot, { sources: [], addedTags: [], targetNoteId: '' }),
  createdAt: r.created_at,
  undoUntil: r.undo_until,
});

export async function messageIdsOf(q: Queryable, tenantId: string, ticketId: string): Promise<string[]> {
  const rows = await q.all<{ id: string }>(
    'SELECT id FROM ticket_messages WHERE tenant_id = ? AND ticket_id = ? ORDER BY created_at, id',
    [tenantId, ticketId],
  );
  return rows.map((r) => r.id);
}

/** The ticket's message rows in the search index (its subject row has a negative rowid and stays; the first message row of an index can be rowid 0). */
export async function searchRowidsOf(q: Queryable, tenantId: string, ticketId: string): Promise<number[]> {
  const rows = await q.all<{ rowid: number }>(
    'SELECT rowid FROM tickets_fts WHERE ticket_id = ? AND tenant_id = ? AND rowid >= 0',
    [ticketId, tenantId],
  );
  return rows.map((r) => Number(r.rowid));
}

/**
 * Moves messages, their files and search rows to `toTicket`, but only those still on `fromTicket`
 * (an undo leaves alone what has moved on since).
 */
export async function moveMessages(
  q: Queryable,
  tenantId: string,
  fromTicket: string,
  toTicket: string,
  messageIds: string[],
  searchRowids: number[],
) {
  if (messageIds.length) {
    const ids = placeholders(messageIds.length);
    await q.run(
      `UPDATE attachments SET ticket_id = ? WHERE tenant_id = ? AND ticket_id = ? AND message_id IN (${ids})`,
      [toTicket, tenantId, fromTicket, ...messageIds],
    );
    await q.run(`UPDATE ticket_messages SET ticket_id = ? WHERE tenant_id = ? AND ticket_id = ? AND id IN (${ids})`, [
      toTicket,
      tenantId,
      fromTicket,
      ...messageIds,
    ]);
  }
  if (searchRowids.length)
    await q.run(
      `UPDATE tickets_fts SET ticket_id = ? WHERE tenant_id = ? AND ticket_id = ? AND rowid IN (${placeholders(searchRowids.length)})`,
      [toTicket, tenantId, fromTicket, ...searchRowids],
    );
}

/** Removes a note the merge wrote (notes of a merge carry no files and are not indexed). */
export async function deleteMessage(q: Queryable, tenantId: string, messageId: string) {
  await q.run('DELETE FROM ticket_messages WHERE tenant_id = ? AND id = ?', [tenantId, messageId]);
}

export async function setMergedInto(q: Queryable, tenantId: string, ticketId: string, targetId: string | null) {
  await q.run('UPDATE tickets SET merged_into = ? WHERE tenant_id = ? AND id = ?', [targetId, tenantId, ticketId]);
}

export async function insertMerge(q: Queryable, tenantId: string, m: MergeRecord, actor: Author) {
  await q.run(
    `INSERT INTO ticket_merges (id, tenant_id, target_id, source_ids, snapshot, actor_type, actor_id, actor_name, created_at, undo_until)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      m.id,
      tenantId,
      m.targetId,
      JSON.stringify(m.sourceIds),
      JSON.stringify(m.snapshot),
      actor.type,
      actor.id,
      actor.name,
      m.createdAt,
      m.undoUntil,
    ],
  );
}

/** The newest merge into the ticket that is not undone. */
export async function latestMergeInto(q: Queryable, tenantId: string, targetId: string) {
  const r = await q.get<MergeRow>(
    `SELECT * FROM ticket_merges WHERE tenant_id = ? AND target_id = ? AND undone_at IS NULL
     ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    [tenantId, targetId],
  );
  return r && toRecord(r);
}

export async function markMergeUndone(q: Queryable, tenantId: string, id: string, at: string) {
  await q.run('UPDATE ticket_merges SET undone_at = ? WHERE tenant_id = ? AND id = ?', [at, tenantId, id]);
}

/**
 * The merges (not undone) a ticket took part in, as target or as source, newest first. A source names its target in
 * `tickets.merged_into`, so both are read through the target index: never a scan of the tenant's merges.
 */
/**
 * True when mergesOf may find a record for ticket `t` (a SQL expression over the ticket's row): the merges of the
 * ticket as a target or as its target's source, without the source-list check. False means mergesOf finds none.
 */
export const MAY_HAVE_MERGES_SQL = `EXISTS (SELECT 1 FROM ticket_merges g WHERE g.tenant_id = t.tenant_id
   AND g.target_id IN (t.id, coalesce(t.merged_into, t.id)) AND g.undone_at IS NULL)`;

export const MERGES_OF_SQL = `SELECT * FROM ticket_merges WHERE tenant_id = ? AND target_id IN (?, ?) AND undone_at IS NULL
   AND (target_id = ? OR EXISTS (SELECT 1 FROM json_each(source_ids) WHERE value = ?))
 ORDER BY created_at DESC, rowid DESC LIMIT 50`;

export async function mergesOf(
  q: Queryable,
  tenantId: string,
  ticket: { id: string; mergedInto: string | null },
): Promise<MergeRecord[]> {
  const rows = await q.all<MergeRow>(MERGES_OF_SQL, [
    tenantId,
    ticket.id,
    ticket.mergedInto ?? ticket.id,
    ticket.id,
    ticket.id,
  ]);
  return rows.map(toRecord);
}
