// The files of an inbound mail, kept as uploads of the mail (uploader "email") before its transaction, so
// the transaction only gives them to the message; the same rules as an upload decide what is kept, but a
// file that is refused never refuses the mail: the message names it instead.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Problem } from '../lib/problem.ts';
import { PLAN_LIMIT_PROBLEM } from '../tenants/plans.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import type { Deps } from '../types.ts';
import { deleteAttachmentRow } from '../files/queries.ts';
import { keepFile, maxFileBytes } from '../files/service.ts';
import { discardMailUploads } from './inbound-queries.ts';
import { humanSize, type FileNotKept, type InboundAttachment } from './inbound-parse.ts';

export type MailFileDeps = Pick<Deps, 'db' | 'storage' | 'env' | 'now' | 'uploadDir' | 'logger'>;

export interface KeptMailFiles {
  /** Attachment ids, for the message to claim in the mail's transaction. */
  ids: string[];
  notKept: FileNotKept[];
  /** Removes the kept files again (bytes, then rows) when the mail does not become a message after all. */
  discard(): Promise<void>;
}

/** "is a program", "is named .png but its content is a PDF file": the upload rule's words, without its advice. */
function refusal(p: Problem): string {
  const errors = (p.extra.errors as { message?: string }[] | undefined) ?? [];
  const message = errors[0]?.message ?? p.message;
  return message
    .split(';')[0]!
    .replace(/\s*\(\.[^)]*\)/, '')
    .replace(/[.\s]+$/, '');
}

async function keepOne(
  deps: MailFileDeps,
  tenant: TenantRecord,
  a: InboundAttachment,
): Promise<{ id: string } | FileNotKept> {
  const limit = await maxFileBytes(deps, tenant);
  if (a.size > limit)
    return {
      filename: a.filename,
      verdict: 'not kept',
      reason: `is larger than ${humanSize(limit)}, this plan's limit per file`,
    };
  if (a.size === 0) return { filename: a.filename, verdict: 'not kept', reason: 'is empty' };
  await mkdir(deps.uploadDir, { recursive: true });
  const path = join(deps.uploadDir, randomUUID());
  try {
    await writeFile(path, a.content);
    const sha256 = createHash('sha256').update(a.content).digest('hex');
    const kept = await keepFile(deps, tenant, { type: 'email' }, { path, filename: a.filename, size: a.size, sha256 });
    return { id: kept.id };
  } catch (err) {
    if (err instanceof Problem && err.status === 422)
      return { filename: a.filename, verdict: 'removed', reason: refusal(err) };
    if (err instanceof Problem && err.type === PLAN_LIMIT_PROBLEM)
      return { filename: a.filename, verdict: 'not kept', reason: "did not fit in the help desk's file storage" };
    deps.logger.error('inbound mail file not stored', { tenantId: tenant.id, error: (err as Error).message });
    return { filename: a.filename, verdict: 'not kept', reason: 'could not be stored' };
  } finally {
    await rm(path, { force: true });
  }
}

/** Keeps each of the mail's files that an upload would keep, in order; names the others. */
export async function keepMailFiles(
  deps: MailFileDeps,
  tenant: TenantRecord,
  attachments: InboundAttachment[],
): Promise<KeptMailFiles> {
  const ids: string[] = [];
  const notKept: FileNotKept[] = [];
  for (const a of attachments) {
    const r = await keepOne(deps, tenant, a);
    if ('id' in r) ids.push(r.id);
    else notKept.push(r);
  }
  return {
    ids,
    notKept,
    async discard() {
      if (!ids.length) return;
      const at = deps.now().toISOString();
      const rows = await deps.db.tx((tx) => discardMailUploads(tx, tenant.id, ids, at));
      // Marked deleted first: should this stop half-way, the file janitor removes the rest.
      for (const r of rows) {
        await deps.storage.delete(r.storage_key);
        await deps.db.tx((tx) => deleteAttachmentRow(tx, r.id));
      }
    },
  };
}
