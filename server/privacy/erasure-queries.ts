// SQL of an erasure: the rows of one person, removed (delete) or overwritten (redact). Tenant first; no audit,
// no events (erasure-service.ts owns the transaction).
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';
import { indexSubject } from '../tickets/queries.ts';

export const ERASED = '[erased]';

/** The person's messages on a ticket (their bodies, to find their search rows). */
export async function customerMessages(q: Queryable, tenantId: string, ticketId: string, customerId: string) {
  return q.all<{ id: string; body: string }>(
    "SELECT id, body FROM ticket_messages WHERE tenant_id = ? AND ticket_id = ? AND author_type = 'customer' AND author_id = ?",
    [tenantId, ticketId, customerId],
  );
}

/** Removes search rows of these texts on a ticket (message rows carry no message id, so they are found by text). */
export async function unindexTexts(q: Queryable, tenantId: string, ticketId: string, texts: string[]) {
  for (const text of texts)
    await q.run('DELETE FROM tickets_fts WHERE tenant_id = ? AND ticket_id = ? AND rowid >= 0 AND text = ?', [
      tenantId,
      ticketId,
      text,
    ]);
}

/** Drops deleted rows from the search index's segments, so no erased term survives in its shadow tables. */
export async function compactTicketIndex(q: Queryable) {
  await q.run("INSERT INTO tickets_fts (tickets_fts) VALUES ('optimize')");
}

/** Files of these messages: gone from every answer, named `erased`, their bytes for the janitor. */
export async function eraseMessageFiles(q: Queryable, tenantId: string, messageIds: string[], at: string) {
  if (!messageIds.length) return 0;
  const { changes } = await q.run(
    `UPDATE attachments SET deleted_at = COALESCE(deleted_at, ?), filename = 'erased'
     WHERE tenant_id = ? AND message_id IN (${placeholders(messageIds.length)})`,
    [at, tenantId, ...messageIds],
  );
  return changes;
}

export async function eraseTicketFiles(q: Queryable, tenantId: string, ticketId: string, at: string) {
  const { changes } = await q.run(
    "UPDATE attachments SET deleted_at = COALESCE(deleted_at, ?), filename = 'erased' WHERE tenant_id = ? AND ticket_id = ?",
    [at, tenantId, ticketId],
  );
  return changes;
}

export async function deleteMessages(q: Queryable, tenantId: string, ids: string[]) {
  if (!ids.length) return;
  await q.run(`DELETE FROM ticket_messages WHERE tenant_id = ? AND id IN (${placeholders(ids.length)})`, [
    tenantId,
    ...ids,
  ]);
}

export async function redactMessages(q: Queryable, tenantId: string, ids: string[]) {
  if (!ids.length) return;
  await q.run(
    `UPDATE ticket_messages SET body = ?, author_name = CASE WHEN author_type = 'customer' THEN NULL ELSE author_name END
     WHERE tenant_id = ? AND id IN (${placeholders(ids.length)})`,
    [ERASED, tenantId, ...ids],
  );
}

/**
 * Keeps the ticket for statistics (status, priority, channel, times, tags, assignee) and replaces what is the
 * person's: subject, custom-field values, every message body (replies quote), chat page and browser, rating comment.
 */
export async function redactTicket(q: Queryable, tenantId: string, ticketId: string, at: string) {
  await q.run(
    "UPDATE tickets SET subject = ?, custom_fields = '{}', redacted_at = COALESCE(redacted_at, ?) WHERE tenant_id = ? AND id = ?",
    [ERASED, at, tenantId, ticketId],
  );
  await indexSubject(q, tenantId, ticketId, ERASED);
  await q.run('DELETE FROM tickets_fts WHERE tenant_id = ? AND ticket_id = ? AND rowid >= 0', [tenantId, ticketId]);
  await q.run(
    `UPDATE ticket_messages SET body = ?, author_name = CASE WHEN author_type = 'customer' THEN NULL ELSE author_name END
     WHERE tenant_id = ? AND ticket_id = ?`,
    [ERASED, tenantId, ticketId],
  );
  await q.run(
    `UPDATE ticket_activity SET changes = '{}', actor_name = CASE WHEN actor_type = 'customer' THEN NULL ELSE actor_name END
     WHERE tenant_id = ? AND ticket_id = ?`,
    [tenantId, ticketId],
  );
  await q.run(
    'UPDATE chats SET page_url = NULL, page_title = NULL, user_agent = NULL WHERE tenant_id = ? AND ticket_id = ?',
    [tenantId, ticketId],
  );
  await q.run('UPDATE csat_surveys SET comment = NULL, token_hash = NULL WHERE tenant_id = ? AND ticket_id = ?', [
    tenantId,
    ticketId,
  ]);
  await deleteTicketMail(q, tenantId, ticketId);
  await deleteMerges(q, tenantId, ticketId);
}

/** What deleteTicketRows (tickets/queries.ts) leaves: ratings, chat rows, read marks, inbound mail, merge snapshots. */
export async function deleteTicketExtras(q: Queryable, tenantId: string, ticketId: string) {
  for (const table of ['csat_surveys', 'chats', 'ticket_reads'])
    await q.run(`DELETE FROM ${table} WHERE tenant_id = ? AND ticket_id = ?`, [tenantId, ticketId]);
  await deleteTicketMail(q, tenantId, ticketId);
  await deleteMerges(q, tenantId, ticketId);
}

async function deleteTicketMail(q: Queryable, tenantId: string, ticketId: string) {
  // The mail log of the ticket: its outbox rows (rendered bodies) and inbound raw mail.
  await q.run('DELETE FROM mail_outbox WHERE tenant_id = ? AND ticket_id = ?', [tenantId, ticketId]);
  await q.run('DELETE FROM mail_inbound WHERE tenant_id = ? AND ticket_id = ?', [tenantId, ticketId]);
  // Message-IDs of their mail clients can name them (`<…ann.smith@…>`); replies by mail then start a new ticket.
  await q.run('DELETE FROM mail_message_ids WHERE tenant_id = ? AND ticket_id = ?', [tenantId, ticketId]);
}

async function deleteMerges(q: Queryable, tenantId: string, ticketId: string) {
  // A merge keeps a snapshot of the merged tickets (for undo): it goes, and with it the undo.
  await q.run("DELETE FROM ticket_merges WHERE tenant_id = ? AND (target_id = ? OR source_ids LIKE ? ESCAPE '\\')", [
    tenantId,
    ticketId,
    `%${ticketId.replace(/[\\%_]/g, (m) => `\\${m}`)}%`,
  ]);
}

/** Mail to or from the address that is on no ticket of theirs (a notification, a bounce). */
export async function deleteMailOfAddress(q: Queryable, tenantId: string, email: string) {
  const a = await q.run('DELETE FROM mail_outbox WHERE tenant_id = ? AND recipient = ? COLLATE NOCASE', [
    tenantId,
    email,
  ]);
  const b = await q.run('DELETE FROM mail_inbound WHERE tenant_id = ? AND sender = ? COLLATE NOCASE', [
    tenantId,
    email,
  ]);
  return a.changes + b.changes;
}

/** Searches that missed (all time and per day), kept as typed: a visitor who searched for their own email or name. */
export async function deleteSearchMisses(q: Queryable, tenantId: string, secrets: string[]) {
  let n = 0;
  for (const s of secrets) {
    const { changes } = await q.run('DELETE FROM kb_search_misses WHERE tenant_id = ? AND instr(lower(query), ?) > 0', [
      tenantId,
      s,
    ]);
    n += changes;
    // Their per-day copies (the deflection report's) go too; the count is of searches, so they add nothing to it.
    await q.run('DELETE FROM kb_search_miss_days WHERE tenant_id = ? AND instr(lower(query), ?) > 0', [tenantId, s]);
  }
  return n;
}

export async function deleteVisitorTokens(q: Queryable, tenantId: string, customerId: string) {
  const tokens = await q.all<{ token_hash: string }>(
    'SELECT token_hash FROM visitor_tokens WHERE tenant_id = ? AND customer_id = ?',
    [tenantId, customerId],
  );
  for (const t of tokens) await q.run('DELETE FROM visitor_token_tickets WHERE token_hash = ?', [t.token_hash]);
  await q.run('DELETE FROM visitor_tokens WHERE tenant_id = ? AND customer_id = ?', [tenantId, customerId]);
  return tokens.length;
}

/** Their name on activity anywhere (a ticket of someone else they acted on). */
export async function anonymizeActivity(q: Queryable, tenantId: string, customerId: string) {
  await q.run(
    "UPDATE ticket_activity SET actor_name = NULL WHERE tenant_id = ? AND actor_type = 'customer' AND actor_id = ?",
    [tenantId, customerId],
  );
}

export async function deleteCustomerRow(q: Queryable, tenantId: string, customerId: string) {
  await q.run('DELETE FROM customers WHERE tenant_id = ? AND id = ?', [tenantId, customerId]);
}

/** The customer row stays (tickets need a requester) with nothing that identifies the person. */
export async function redactCustomerRow(
  q: Queryable,
  tenantId: string,
  customerId: string,
  placeholderEmail: string,
  at: string,
) {
  await q.run(
    'UPDATE customers SET email = ?, name = NULL, external_id = NULL, updated_at = ? WHERE tenant_id = ? AND id = ?',
    [placeholderEmail, at, tenantId, customerId],
  );
}
