// The erasure a visitor confirmed from their own mailbox ("Delete my data" in the widget, server/widget/erasure-*):
// queued inside the confirming transaction, so a used link and its erasure commit together. The privacy worker runs it.
import type { Queryable } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import { insertPrivacyRequest } from './queries.ts';
import { subjectHash } from './subject.ts';

/** Queues a delete-mode erasure of `email` requested by the visitor; `key` is deps.fileUrlKey's, read before `tx`. */
export async function queueVisitorErasure(
  tx: Queryable,
  r: { tenantId: string; email: string; key: string; at: string },
): Promise<string> {
  const id = newId('prx');
  await insertPrivacyRequest(tx, {
    id,
    tenant_id: r.tenantId,
    kind: 'erasure',
    mode: 'delete',
    email: r.email,
    subject_hash: subjectHash(r.key, r.tenantId, r.email),
    requested_by_type: 'visitor',
    requested_by_id: null,
    created_at: r.at,
  });
  return id;
}
