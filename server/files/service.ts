// Attachment use cases: keep an uploaded file (plan limits, type, storage, row), give uploads to a message
// inside the message's transaction, and remove the bytes of deleted or abandoned files.
import type { Queryable } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import { validationProblem } from '../lib/problem.ts';
import { planLimitReached } from '../tenants/plans.ts';
import { assertWithin, loadEntitlements } from '../billing/entitlements.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import type { Deps } from '../types.ts';
import { contentTypeOf } from './content-type.ts';
import { toAttachment } from './present.ts';
import {
  attachToMessage,
  deleteAttachmentRow,
  expireUnattached,
  getAttachments,
  insertAttachment,
  listDeleted,
  storageUsed,
  type AttachmentRow,
  type UploaderType,
} from './queries.ts';
import type { ReceivedFile } from './receive.ts';
import type { Attachment } from './schemas.ts';
import { storageKey } from './storage.ts';

/** Who uploads: an agent or API key of the tenant, a visitor (with the token they hold, if any), or inbound mail. */
export type Uploader =
  | { type: 'agent'; id: string }
  | { type: 'api'; id: string }
  | { type: 'visitor'; tokenHash: string | null }
  | { type: 'email' };

/** The largest file the tenant may upload now (the entitlement engine's `fileBytes`). */
export async function maxFileBytes(deps: Pick<Deps, 'db' | 'now'>, tenant: TenantRecord): Promise<number> {
  return (await loadEntitlements(deps.db, tenant, deps.now())).limits.fileBytes;
}

/** 413 naming the per-file limit; the connection closes, since the rest of the body is never read. */
export const fileTooLarge = (tenant: TenantRecord, max: number, size?: number) =>
  planLimitReached(tenant.plan, 'maxFileSize', max, size ?? max + 1, { Connection: 'close' });

/** 402 when the tenant's files already fill its storage, before a byte is read. */
export async function assertStorageLeft(deps: Pick<Deps, 'db' | 'now'>, tenant: TenantRecord, adding = 0) {
  const e = await loadEntitlements(deps.db, tenant, deps.now());
  if (e.limits.storageBytes === null) return;
  const used = await storageUsed(deps.db, tenant.id);
  // An empty upload still needs room left: a full store refuses before the body is read.
  assertWithin(e, 'storageBytes', used, adding === 0 ? 1 : adding);
}

/**
 * Keeps a received file: its type from its bytes (422 for a program or a name that lies), room in the plan's
 * storage (402), the bytes in storage under the tenant's prefix, then the row. With a virus scanner
 * configured it starts as `scanning`, downloadable only once the scan passes.
 */
export async function keepFile(
  deps: Pick<Deps, 'db' | 'storage' | 'env' | 'now'>,
  tenant: TenantRecord,
  uploader: Uploader,
  file: Pick<ReceivedFile, 'path' | 'filename' | 'size' | 'sha256'>,
  attachTo?: { ticketId: string; messageId: string; tx: Queryable },
): Promise<Attachment> {
  const contentType = await contentTypeOf(file.path, file.filename);
  if (!attachTo) await assertStorageLeft(deps, tenant, file.size);
  const id = newId('att');
  const key = storageKey(tenant.id, id);
  await deps.storage.putFile(key, file.path, file.size, contentType);
  const ts = deps.now().toISOString();
  const row: Omit<AttachmentRow, 'deleted_at' | 'scan_result'> = {
    id,
    tenant_id: tenant.id,
    ticket_id: attachTo?.ticketId ?? null,
    message_id: attachTo?.messageId ?? null,
    filename: file.filename,
    content_type: contentType,
    size: file.size,
    sha256: file.sha256,
    storage_key: key,
    status: deps.env.CLAMAV_URL ? 'scanning' : 'ready',
    uploader_type: uploader.type satisfies UploaderType,
    uploader_id: uploader.type === 'visitor' ? uploader.tokenHash : uploader.type === 'email' ? null : uploader.id,
    created_at: ts,
    attached_at: attachTo ? ts : null,
  };
  try {
    if (attachTo) await insertAttachment(attachTo.tx, row);
    else await deps.db.tx((tx) => insertAttachment(tx, row));
  } catch (err) {
    await deps.storage.delete(key).catch(() => undefined);
    throw err;
  }
  return toAttachment({ ...row, deleted_at: null, scan_result: null });
}

/** Whether `uploader` may put the upload `row` on a message: agents take the team's uploads, a visitor only their own, a mail the files it brought. */
function mayClaim(row: AttachmentRow, by: Uploader): boolean {
  if (by.type === 'agent' || by.type === 'api') return row.uploader_type === 'agent' || row.uploader_type === 'api';
  if (by.type === 'visitor')
    return row.uploader_type === 'visitor' && (row.uploader_id === null || row.uploader_id === by.tokenHash);
  if (by.type === 'email') return row.uploader_type === 'email';
  return false;
}

/**
 * Gives uploads to a new message inside its transaction; all or nothing: an unknown id, another tenant's,
 * someone else's or one already on a message is a 422 naming it.
 */
export async function claimAttachments(
  tx: Queryable,
  tenantId: string,
  ids: string[] | undefined,
  by: Uploader,
  ticketId: string,
  messageId: string,
  at: string,
): Promise<Attachment[]> {
  if (!ids?.length) return [];
  const unique = [...new Set(ids)];
  const rows = new Map((await getAttachments(tx, tenantId, unique)).map((r) => [r.id, r]));
  const errors = unique.flatMap((id) => {
    const r = rows.get(id);
    if (!r || !mayClaim(r, by))
      return [{ path: `attachmentIds.${ids.indexOf(id)}`, message: 'is not a file you uploaded' }];
    if (r.message_id !== null)
      return [{ path: `attachmentIds.${ids.indexOf(id)}`, message: 'is already attached to a message' }];
    return [];
  });
  if (errors.length) throw validationProblem(errors);
  if ((await attachToMessage(tx, tenantId, unique, ticketId, messageId, at)) !== unique.length)
    throw validationProblem([{ path: 'attachmentIds', message: 'changed while sending; upload the files again' }]);
  return unique.map((id) => toAttachment({ ...rows.get(id)!, ticket_id: ticketId, message_id: messageId }));
}

/** How long an upload may wait for a message before it is removed. */
export const UNATTACHED_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * One pass of the file janitor: uploads no message took within a day are marked deleted, then the bytes of
 * deleted files are removed from storage and their rows after them (so a crash leaves a row to retry, never
 * bytes nobody knows of). Answers how many files it removed.
 */
export async function sweepFiles(deps: Pick<Deps, 'db' | 'storage' | 'now'>, batch = 100): Promise<number> {
  const now = deps.now();
  await deps.db.tx((tx) =>
    expireUnattached(tx, new Date(now.getTime() - UNATTACHED_TTL_MS).toISOString(), now.toISOString()),
  );
  let removed = 0;
  for (;;) {
    const rows = await listDeleted(deps.db, batch);
    for (const r of rows) {
      await deps.storage.delete(r.storage_key);
      await deps.db.tx((tx) => deleteAttachmentRow(tx, r.id));
      removed++;
    }
    if (rows.length < batch) return removed;
  }
}
