// The virus scanner's one use case: record clamd's verdict on a file, in one transaction with the
// `attachment.scanned` event (for a file already on a message) and, for a quarantined file, the audit entry.
import { appendEvent } from '../events/log.ts';
import { writeAudit } from '../audit/log.ts';
import type { Deps } from '../types.ts';
import type { Verdict } from './clamd.ts';
import { toAttachment } from './present.ts';
import { getAttachment, setScanResult, type AttachmentRow } from './queries.ts';
import { placeOfMessage } from './scan-queries.ts';

/** What scan_result keeps for a file clamd refused to scan: it is quarantined, since nobody knows it is clean. */
export const UNSCANNABLE_PREFIX = 'Unscannable: ';

/**
 * Sets the file `ready` (clean) or `infected` (a signature, or a file clamd would not scan) unless another
 * scanner or a deletion came first; answers the new status, or null when nothing changed.
 *
 * A file still waiting for a message gets no event: the message it joins later carries its status already
 * (message.created is read in the attaching transaction, so it sees this verdict or none).
 */
export async function recordScan(
  deps: Pick<Deps, 'db' | 'now'>,
  file: Pick<AttachmentRow, 'tenant_id' | 'id'>,
  verdict: Verdict,
): Promise<'ready' | 'infected' | null> {
  const now = deps.now();
  return deps.db.tx(async (tx) => {
    const row = await getAttachment(tx, file.tenant_id, file.id);
    if (!row || row.status !== 'scanning') return null;
    const status = verdict.status === 'clean' ? 'ready' : 'infected';
    const signature =
      verdict.status === 'infected'
        ? verdict.signature
        : verdict.status === 'unscannable'
          ? `${UNSCANNABLE_PREFIX}${verdict.reason}`
          : null;
    await setScanResult(tx, row.id, status, signature);
    const place = row.message_id ? await placeOfMessage(tx, row.tenant_id, row.message_id) : undefined;
    if (place && row.message_id) {
      await appendEvent(
        tx,
        row.tenant_id,
        {
          type: 'attachment.scanned',
          data: {
            ticketId: place.ticketId,
            messageId: row.message_id,
            internal: place.internal,
            attachment: toAttachment({ ...row, status, scan_result: signature }),
          },
          // Internal notes' files are agents-only events, so they can never reach a visitor stream.
          audience: place.internal ? 'agents' : 'public',
          visitorScope: place.internal ? null : place.requesterId,
        },
        now,
      );
    }
    if (status === 'infected') {
      await writeAudit(
        tx,
        {
          tenantId: row.tenant_id,
          actorType: 'system',
          action: 'attachment.quarantined',
          targetType: 'attachment',
          targetId: row.id,
          details: { filename: row.filename, signature, ticketNumber: place?.ticketNumber ?? null },
        },
        now,
      );
    }
    return status;
  });
}
