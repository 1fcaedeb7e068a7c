// SQL for attachments: the rows only (tenant first); the bytes are the storage driver's.
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';
import type { AttachmentStatus } from './schemas.ts';

export type UploaderType = 'agent' | 'api' | 'visitor' | 'email';

export interface AttachmentRow {
  id: string;
  tenant_id: string;
  ticket_id: string | null;
  message_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  status: AttachmentStatus;
  scan_result: string | null;
  uploader_type: UploaderType;
  uploader_id: string | null;
  created_at: string;
  attached_at: string | null;
  deleted_at: string | null;
}

export async function insertAttachment(q: Queryable, r: Omit<AttachmentRow, 'deleted_at' | 'scan_result'>) {
  await q.run(
    `INSERT INTO attachments (id, tenant_id, ticket_id, message_id, filename, content_type, size, sha256, storage_key,
       status, uploader_type, uploader_id, created_at, attached_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.id,
      r.tenant_id,
      r.ticket_id,
      r.message_id,
      r.filename,
      r.content_type,
      r.size,
      r.sha256,
      r.storage_key,
      r.status,
      r.uploader_type,
      r.uploader_id,
      r.created_at,
      r.attached_at,
    ],
  );
}

/** Any attachment by id, whichever tenant (the signed download checks the tenant in its signature). */
export async function getAttachmentById(q: Queryable, id: string): Promise<AttachmentRow | undefined> {
  return q.get<AttachmentRow>('SELECT * FROM attachments WHERE id = ? AND deleted_at IS NULL', [id]);
}

export async function getAttachment(q: Queryable, tenantId: string, id: string): Promise<AttachmentRow | undefined> {
  return q.get<AttachmentRow>('SELECT * FROM attachments WHERE tenant_id = ? AND id = ? AND deleted_at IS NULL', [
    tenantId,
    id,
  ]);
}

export async function getAttachments(q: Queryable, tenantId: string, ids: string[]): Promise<AttachmentRow[]> {
  if (!ids.length) return [];
  return q.all<AttachmentRow>(
    `SELECT * FROM attachments WHERE tenant_id = ? AND id IN (${placeholders(ids.length)}) AND deleted_at IS NULL`,
    [tenantId, ...ids],
  );
}

/** The files of these messages, in upload order. */
export async function attachmentsOfMessages(
  q: Queryable,
  tenantId: string,
  messageIds: string[],
): Promise<AttachmentRow[]> {
  if (!messageIds.length) return [];
  return q.all<AttachmentRow>(
    `SELECT * FROM attachments WHERE tenant_id = ? AND message_id IN (${placeholders(messageIds.length)})
       AND deleted_at IS NULL ORDER BY position, created_at, id`,
    [tenantId, ...messageIds],
  );
}

/** The files on these tickets' messages, in upload order. */
/** What a thread shows of a message's file (toAttachment), and the message it belongs to. */
export type ThreadAttachmentRow = Pick<
  AttachmentRow,
  'id' | 'message_id' | 'filename' | 'content_type' | 'size' | 'status'
>;
const THREAD_ATTACHMENT_KEYS = [
  'id',
  'message_id',
  'filename',
  'content_type',
  'size',
  'status',
] as const satisfies readonly (keyof ThreadAttachmentRow)[];

/**
 * The live files of ticket `t`'s messages as one JSON array of arrays (a SQL expression over the ticket's row), in
 * attachmentsOfTickets' order; `threadAttachmentRowsOf` reads it.
 */
export const THREAD_ATTACHMENTS_SQL = `(SELECT json_group_array(json_array(${THREAD_ATTACHMENT_KEYS.map((k) => `a.${k}`).join(', ')})
    ORDER BY a.position, a.created_at, a.id) FROM attachments a
   WHERE a.tenant_id = t.tenant_id AND a.ticket_id = t.id AND a.message_id IS NOT NULL AND a.deleted_at IS NULL)`;

export function threadAttachmentRowsOf(json: string): ThreadAttachmentRow[] {
  return (JSON.parse(json) as unknown[][]).map((values) => {
    const row: Record<string, unknown> = {};
    THREAD_ATTACHMENT_KEYS.forEach((k, i) => (row[k] = values[i]));
    return row as unknown as ThreadAttachmentRow;
  });
}

export async function attachmentsOfTickets(
  q: Queryable,
  tenantId: string,
  ticketIds: string[],
): Promise<AttachmentRow[]> {
  if (!ticketIds.length) return [];
  return q.all<AttachmentRow>(
    `SELECT * FROM attachments WHERE tenant_id = ? AND ticket_id IN (${placeholders(ticketIds.length)})
       AND message_id IS NOT NULL AND deleted_at IS NULL ORDER BY position, created_at, id`,
    [tenantId, ...ticketIds],
  );
}

/**
 * Gives unattached uploads to a message, in the order given (their `position`); answers how many it took (all of
 * them, or the caller refuses).
 */
export async function attachToMessage(
  q: Queryable,
  tenantId: string,
  ids: string[],
  ticketId: string,
  messageId: string,
  at: string,
): Promise<number> {
  let taken = 0;
  for (const [position, id] of ids.entries()) {
    const { changes } = await q.run(
      `UPDATE attachments SET ticket_id = ?, message_id = ?, attached_at = ?, position = ?
       WHERE tenant_id = ? AND id = ? AND message_id IS NULL AND deleted_at IS NULL`,
      [ticketId, messageId, at, position, tenantId, id],
    );
    taken += changes;
  }
  return taken;
}

/** Bytes the tenant keeps (deleted files stop counting at once, before the janitor removes them). */
export async function storageUsed(q: Queryable, tenantId: string): Promise<number> {
  const row = await q.get<{ used: number | null }>(
    'SELECT SUM(size) AS used FROM attachments WHERE tenant_id = ? AND deleted_at IS NULL',
    [tenantId],
  );
  return Number(row?.used ?? 0);
}

/** A deleted ticket's files: gone from every answer now, their bytes removed by the janitor. */
export async function markTicketAttachmentsDeleted(q: Queryable, tenantId: string, ticketId: string, at: string) {
  await q.run('UPDATE attachments SET deleted_at = ? WHERE tenant_id = ? AND ticket_id = ? AND deleted_at IS NULL', [
    at,
    tenantId,
    ticketId,
  ]);
}

/** Uploads no message took before `before`: marked deleted, for the janitor. */
export async function expireUnattached(q: Queryable, before: string, at: string): Promise<number> {
  const { changes } = await q.run(
    'UPDATE attachments SET deleted_at = ? WHERE message_id IS NULL AND deleted_at IS NULL AND created_at < ?',
    [at, before],
  );
  return changes;
}

export async function listDeleted(q: Queryable, limit: number): Promise<Pick<AttachmentRow, 'id' | 'storage_key'>[]> {
  return q.all('SELECT id, storage_key FROM attachments WHERE deleted_at IS NOT NULL ORDER BY deleted_at LIMIT ?', [
    limit,
  ]);
}

export async function deleteAttachmentRow(q: Queryable, id: string) {
  await q.run('DELETE FROM attachments WHERE id = ? AND deleted_at IS NOT NULL', [id]);
}

export async function listScanning(q: Queryable, limit: number): Promise<AttachmentRow[]> {
  return q.all<AttachmentRow>(
    "SELECT * FROM attachments WHERE status = 'scanning' AND deleted_at IS NULL ORDER BY created_at LIMIT ?",
    [limit],
  );
}

export async function setScanResult(
  q: Queryable,
  id: string,
  status: Exclude<AttachmentStatus, 'scanning'>,
  signature: string | null,
) {
  await q.run("UPDATE attachments SET status = ?, scan_result = ? WHERE id = ? AND status = 'scanning'", [
    status,
    signature,
    id,
  ]);
}
