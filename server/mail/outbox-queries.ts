// Rows of the outbound mail outbox (mail_outbox) that more than the sender touches.
import type { Queryable } from '../db/client.ts';
import { NOT_SENT_NO_SMTP } from './outbound-fanout.ts';

/**
 * A delivery status notification names one of our Message-IDs: that mail is marked bounced (with the
 * DSN's diagnostic) instead of the DSN opening a ticket. Returns whether a mail of this tenant matched.
 */
export async function markOutboundBounced(
  q: Queryable,
  tenantId: string,
  messageId: string,
  diagnostic: string,
  now: string,
): Promise<boolean> {
  const r = await q.run(
    `UPDATE mail_outbox SET status = 'bounced', smtp_response = ?, updated_at = ?
     WHERE tenant_id = ? AND message_id = ?`,
    [diagnostic.slice(0, 1000), now, tenantId, messageId.replace(/^<|>$/g, '')],
  );
  return r.changes > 0;
}

/**
 * A mail about no ticket and no event (a "Delete my data" confirmation), rendered by its use case and written in
 * that use case's transaction; the sender sends it like any other (`sending`: SMTP_URL is set, else it is logged
 * as not sent).
 */
export async function queueOutboxMail(
  q: Queryable,
  tenantId: string,
  m: { id: string; kind: string; recipient: string; subject: string; messageId: string; payload: string },
  sending: boolean,
  now: string,
) {
  await q.run(
    `INSERT INTO mail_outbox (id, tenant_id, ticket_id, kind, event_id, recipient, subject, message_id, status,
       attempts, next_attempt_at, smtp_response, payload, created_at, updated_at)
     VALUES (?, ?, NULL, ?, NULL, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
    [
      m.id,
      tenantId,
      m.kind,
      m.recipient,
      m.subject,
      m.messageId,
      sending ? 'queued' : 'not_sent',
      sending ? now : null,
      sending ? null : NOT_SENT_NO_SMTP,
      m.payload,
      now,
      now,
    ],
  );
}
