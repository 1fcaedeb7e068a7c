// SQL the virus scanner needs beside the attachment rows: where a scanned file sits (message, ticket, requester).
import type { Queryable } from '../db/client.ts';

export interface ScannedFilePlace {
  ticketId: string;
  ticketNumber: number;
  requesterId: string;
  internal: boolean;
}

/** The message a file is on, with its ticket: who may hear of the verdict. Undefined for a message that is gone. */
export async function placeOfMessage(
  q: Queryable,
  tenantId: string,
  messageId: string,
): Promise<ScannedFilePlace | undefined> {
  const r = await q.get<{ ticket_id: string; number: number; requester_id: string; internal: number }>(
    `SELECT m.ticket_id, t.number, t.requester_id, m.internal
       FROM ticket_messages m JOIN tickets t ON t.tenant_id = m.tenant_id AND t.id = m.ticket_id
      WHERE m.tenant_id = ? AND m.id = ?`,
    [tenantId, messageId],
  );
  return (
    r && { ticketId: r.ticket_id, ticketNumber: r.number, requesterId: r.requester_id, internal: r.internal === 1 }
  );
}
