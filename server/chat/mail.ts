// Which mail to a chat's visitor is held: none to a placeholder address (visitors.invalid, RFC 2606), and none
// about what happened while the chat was live (the visitor read it there). Once the chat has ended, replies go by mail.
import type { Queryable } from '../db/client.ts';
import { chatIsLiveAt } from './queries.ts';
import { isPlaceholderEmail } from './schemas.ts';

export async function chatHoldsMail(
  q: Queryable,
  tenantId: string,
  ticketId: string,
  recipient: string,
  eventAt: string,
): Promise<boolean> {
  if (isPlaceholderEmail(recipient)) return true;
  return chatIsLiveAt(q, tenantId, ticketId, eventAt);
}
