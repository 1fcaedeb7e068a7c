// Rows of the outbound mail outbox (mail_outbox) that more than the sender touches.
import type { Queryable } from '../db/client.ts';

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
