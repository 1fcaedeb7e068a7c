// Rows inbound mail reads and writes: Message-ID lookups for threading, the kept originals, participants.
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';

/** The ticket a Message-ID we sent or received belongs to, trying `ids` in order (In-Reply-To first). */
export async function ticketOfMessageIds(q: Queryable, tenantId: string, ids: string[]): Promise<string | null> {
  if (!ids.length) return null;
  const rows = await q.all<{ message_id: string; ticket_id: string }>(
    `SELECT message_id, ticket_id FROM mail_message_ids WHERE tenant_id = ? AND message_id IN (${placeholders(ids.length)})`,
    [tenantId, ...ids],
  );
  const byId = new Map(rows.map((r) => [r.message_id, r.ticket_id]));
  for (const id of ids) {
    const t = byId.get(id);
    if (t) return t;
  }
  return null;
}

export async function getMailMessageId(
  q: Queryable,
  tenantId: string,
  messageId: string,
): Promise<{ ticketId: string; direction: 'in' | 'out' } | undefined> {
  const r = await q.get<{ ticket_id: string; direction: 'in' | 'out' }>(
    'SELECT ticket_id, direction FROM mail_message_ids WHERE tenant_id = ? AND message_id = ?',
    [tenantId, messageId],
  );
  return r && { ticketId: r.ticket_id, direction: r.direction };
}

export async function insertMailMessageId(
  q: Queryable,
  tenantId: string,
  messageId: string,
  ticketId: string,
  now: string,
): Promise<void> {
  await q.run(
    `INSERT OR IGNORE INTO mail_message_ids (tenant_id, message_id, ticket_id, direction, created_at) VALUES (?, ?, ?, 'in', ?)`,
    [tenantId, messageId, ticketId, now],
  );
}

export async function ticketIdByNumber(q: Queryable, tenantId: string, number: number): Promise<string | null> {
  const r = await q.get<{ id: string }>('SELECT id FROM tickets WHERE tenant_id = ? AND number = ?', [
    tenantId,
    number,
  ]);
  return r?.id ?? null;
}

/** The requester, or a customer who wrote a message on the ticket (a CC'd colleague who replied, say). */
export async function isParticipant(q: Queryable, tenantId: string, ticketId: string, email: string): Promise<boolean> {
  const r = await q.get(
    `SELECT 1 FROM tickets t JOIN customers c ON c.id = t.requester_id
       WHERE t.tenant_id = ? AND t.id = ? AND c.email = ? COLLATE NOCASE
     UNION ALL
     SELECT 1 FROM ticket_messages m JOIN customers c ON c.id = m.author_id AND c.tenant_id = m.tenant_id
       WHERE m.tenant_id = ? AND m.ticket_id = ? AND m.author_type = 'customer' AND c.email = ? COLLATE NOCASE
     LIMIT 1`,
    [tenantId, ticketId, email, tenantId, ticketId, email],
  );
  return !!r;
}

export interface OriginalRow {
  message_id: string;
  ticket_id: string;
  mail_message_id: string | null;
  sender: string;
  subject: string;
  size: number;
  received_at: string;
}

export async function insertOriginal(q: Queryable, tenantId: string, o: OriginalRow & { raw: Buffer }): Promise<void> {
  await q.run(
    `INSERT INTO mail_inbound (tenant_id, message_id, ticket_id, mail_message_id, sender, subject, size, raw, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [tenantId, o.message_id, o.ticket_id, o.mail_message_id, o.sender, o.subject, o.size, o.raw, o.received_at],
  );
}

/** The message an earlier delivery of the same mail became. */
export async function originalByMailMessageId(
  q: Queryable,
  tenantId: string,
  mailMessageId: string,
): Promise<OriginalRow | undefined> {
  return q.get<OriginalRow>(
    `SELECT message_id, ticket_id, mail_message_id, sender, subject, size, received_at FROM mail_inbound
     WHERE tenant_id = ? AND mail_message_id = ? ORDER BY received_at LIMIT 1`,
    [tenantId, mailMessageId],
  );
}

export async function listOriginals(q: Queryable, tenantId: string, ticketId: string): Promise<OriginalRow[]> {
  return q.all<OriginalRow>(
    `SELECT message_id, ticket_id, mail_message_id, sender, subject, size, received_at FROM mail_inbound
     WHERE tenant_id = ? AND ticket_id = ? ORDER BY received_at, message_id`,
    [tenantId, ticketId],
  );
}

export async function getOriginal(
  q: Queryable,
  tenantId: string,
  ticketId: string,
  messageId: string,
): Promise<(OriginalRow & { raw: ArrayBuffer | Uint8Array }) | undefined> {
  return q.get(
    `SELECT message_id, ticket_id, mail_message_id, sender, subject, size, raw, received_at FROM mail_inbound
     WHERE tenant_id = ? AND ticket_id = ? AND message_id = ?`,
    [tenantId, ticketId, messageId],
  );
}

/**
 * Marks a mail's files deleted when the mail did not become a message (its transaction failed, or it was a
 * duplicate after all); only unattached uploads of inbound mail. Answers their storage keys.
 */
export async function discardMailUploads(q: Queryable, tenantId: string, ids: string[], at: string) {
  if (!ids.length) return [];
  return q.all<{ id: string; storage_key: string }>(
    `UPDATE attachments SET deleted_at = ?
     WHERE tenant_id = ? AND id IN (${placeholders(ids.length)}) AND message_id IS NULL AND uploader_type = 'email'
       AND deleted_at IS NULL
     RETURNING id, storage_key`,
    [at, tenantId, ...ids],
  );
}
