// SQL of privacy requests and of finding one person's data across the stores (tenant first).
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';
import type { ErasureMode, PrivacyStatus } from './schemas.ts';

export interface PrivacyRequestRow {
  id: string;
  tenant_id: string;
  kind: 'export' | 'erasure';
  mode: ErasureMode | null;
  email: string | null;
  subject_hash: string;
  status: PrivacyStatus;
  result: string;
  found: number;
  archive_key: string | null;
  archive_size: number | null;
  error: string | null;
  requested_by_type: string;
  requested_by_id: string | null;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export async function insertPrivacyRequest(
  q: Queryable,
  r: Pick<
    PrivacyRequestRow,
    | 'id'
    | 'tenant_id'
    | 'kind'
    | 'mode'
    | 'email'
    | 'subject_hash'
    | 'requested_by_type'
    | 'requested_by_id'
    | 'created_at'
  >,
) {
  await q.run(
    `INSERT INTO privacy_requests (id, tenant_id, kind, mode, email, subject_hash, status, requested_by_type,
       requested_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
    [r.id, r.tenant_id, r.kind, r.mode, r.email, r.subject_hash, r.requested_by_type, r.requested_by_id, r.created_at],
  );
}

export async function getPrivacyRequest(
  q: Queryable,
  tenantId: string,
  kind: PrivacyRequestRow['kind'],
  id: string,
): Promise<PrivacyRequestRow | undefined> {
  return q.get<PrivacyRequestRow>('SELECT * FROM privacy_requests WHERE tenant_id = ? AND id = ? AND kind = ?', [
    tenantId,
    id,
    kind,
  ]);
}

/** Waiting requests, oldest first; `running` ones too (a restart in the middle picks them up again). */
export async function listWaiting(q: Queryable, limit: number): Promise<PrivacyRequestRow[]> {
  return q.all<PrivacyRequestRow>(
    "SELECT * FROM privacy_requests WHERE status IN ('queued', 'running') ORDER BY created_at, id LIMIT ?",
    [limit],
  );
}

export async function markRunning(q: Queryable, tenantId: string, id: string, at: string) {
  await q.run(
    "UPDATE privacy_requests SET status = 'running', started_at = ?, attempts = attempts + 1 WHERE tenant_id = ? AND id = ?",
    [at, tenantId, id],
  );
}

/** Done: the email is dropped from the row; only counts stay. */
export async function markDone(
  q: Queryable,
  tenantId: string,
  id: string,
  done: { found: boolean; counts: Record<string, number>; archiveKey?: string; archiveSize?: number },
  at: string,
) {
  await q.run(
    `UPDATE privacy_requests SET status = 'done', email = NULL, found = ?, result = ?, archive_key = ?, archive_size = ?,
       finished_at = ?, error = NULL WHERE tenant_id = ? AND id = ?`,
    [
      done.found ? 1 : 0,
      JSON.stringify(done.counts),
      done.archiveKey ?? null,
      done.archiveSize ?? null,
      at,
      tenantId,
      id,
    ],
  );
}

export async function markFailed(q: Queryable, tenantId: string, id: string, error: string, at: string) {
  await q.run(
    "UPDATE privacy_requests SET status = 'failed', email = NULL, error = ?, finished_at = ? WHERE tenant_id = ? AND id = ?",
    [error, at, tenantId, id],
  );
}

/** The person's earlier exports (their archives hold the data an erasure removes). */
export async function exportsOfSubject(q: Queryable, tenantId: string, subjectHash: string) {
  return q.all<Pick<PrivacyRequestRow, 'id' | 'archive_key'>>(
    "SELECT id, archive_key FROM privacy_requests WHERE tenant_id = ? AND subject_hash = ? AND kind = 'export'",
    [tenantId, subjectHash],
  );
}

export async function deletePrivacyRequest(q: Queryable, tenantId: string, id: string) {
  await q.run('DELETE FROM privacy_requests WHERE tenant_id = ? AND id = ?', [tenantId, id]);
}

// ---- one person's data ----

export interface SubjectTickets {
  /** Tickets they requested. */
  requested: string[];
  /** Tickets of others where they wrote a message. */
  joined: string[];
}

export async function ticketsOfCustomer(q: Queryable, tenantId: string, customerId: string): Promise<SubjectTickets> {
  const requested = await q.all<{ id: string }>(
    'SELECT id FROM tickets WHERE tenant_id = ? AND requester_id = ? ORDER BY created_at, id',
    [tenantId, customerId],
  );
  const joined = await q.all<{ id: string }>(
    `SELECT DISTINCT m.ticket_id AS id FROM ticket_messages m JOIN tickets t ON t.tenant_id = m.tenant_id AND t.id = m.ticket_id
     WHERE m.tenant_id = ? AND m.author_type = 'customer' AND m.author_id = ? AND t.requester_id != ?`,
    [tenantId, customerId, customerId],
  );
  return { requested: requested.map((r) => r.id), joined: joined.map((r) => r.id) };
}

export async function ticketRowsFor(q: Queryable, tenantId: string, ids: string[]) {
  if (!ids.length) return [];
  return q.all<Record<string, unknown>>(
    `SELECT id, number, subject, status, priority, channel, tags, custom_fields, created_at, updated_at, resolved_at,
       closed_at FROM tickets WHERE tenant_id = ? AND id IN (${placeholders(ids.length)}) ORDER BY created_at, id`,
    [tenantId, ...ids],
  );
}

/** Public messages only: internal notes are the tenant's, not the person's. */
export async function publicMessagesOf(q: Queryable, tenantId: string, ticketIds: string[]) {
  if (!ticketIds.length) return [];
  return q.all<{
    id: string;
    ticket_id: string;
    author_type: string;
    author_name: string | null;
    body: string;
    created_at: string;
  }>(
    `SELECT id, ticket_id, author_type, author_name, body, created_at FROM ticket_messages
     WHERE tenant_id = ? AND internal = 0 AND ticket_id IN (${placeholders(ticketIds.length)}) ORDER BY created_at, id`,
    [tenantId, ...ticketIds],
  );
}

export async function ratingsOf(q: Queryable, tenantId: string, ticketIds: string[]) {
  if (!ticketIds.length) return [];
  return q.all<Record<string, unknown>>(
    `SELECT ticket_id, rating, comment, rated_at, resolved_at FROM csat_surveys
     WHERE tenant_id = ? AND ticket_id IN (${placeholders(ticketIds.length)}) ORDER BY created_at, id`,
    [tenantId, ...ticketIds],
  );
}

/** Token metadata (never the hash: it is a credential). */
export async function visitorTokensOf(q: Queryable, tenantId: string, customerId: string) {
  return q.all<Record<string, unknown>>(
    'SELECT scope, created_at, last_used_at FROM visitor_tokens WHERE tenant_id = ? AND customer_id = ? ORDER BY created_at',
    [tenantId, customerId],
  );
}

export async function mailOf(q: Queryable, tenantId: string, email: string, ticketIds: string[]) {
  const outbound = await q.all<Record<string, unknown>>(
    `SELECT id, ticket_id, kind, recipient, subject, status, created_at, sent_at FROM mail_outbox
     WHERE tenant_id = ? AND (recipient = ? COLLATE NOCASE${ticketIds.length ? ` OR ticket_id IN (${placeholders(ticketIds.length)})` : ''})
     ORDER BY created_at, id`,
    [tenantId, email, ...ticketIds],
  );
  const inbound = await q.all<Record<string, unknown>>(
    `SELECT message_id, ticket_id, sender, subject, size, received_at FROM mail_inbound
     WHERE tenant_id = ? AND (sender = ? COLLATE NOCASE${ticketIds.length ? ` OR ticket_id IN (${placeholders(ticketIds.length)})` : ''})
     ORDER BY received_at`,
    [tenantId, email, ...ticketIds],
  );
  return { outbound, inbound };
}

/** `LIKE … ESCAPE '\\'` patterns matching a text that contains any of `values`. */
export const containsPatterns = (values: string[]) => values.map((s) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);

/** `LIKE` patterns of the ids and email that mark a row as carrying the person's data. */
export function subjectPatterns(email: string, customerId: string | null, ticketIds: string[]): string[] {
  return containsPatterns([email, ...(customerId ? [customerId] : []), ...ticketIds]);
}

const likeAny = (col: string, n: number) =>
  n ? `(${Array.from({ length: n }, () => `${col} LIKE ? ESCAPE '\\'`).join(' OR ')})` : '0';

export async function webhookDeliveriesCarrying(q: Queryable, tenantId: string, patterns: string[]) {
  return q.all<{
    id: string;
    endpoint_id: string;
    event_type: string;
    status: string;
    payload: string;
    created_at: string;
  }>(
    `SELECT id, endpoint_id, event_type, status, payload, created_at FROM webhook_deliveries
     WHERE tenant_id = ? AND ${likeAny('payload', patterns.length)} ORDER BY seq`,
    [tenantId, ...patterns],
  );
}

export async function auditEntriesAbout(q: Queryable, tenantId: string, targets: string[], patterns: string[]) {
  return q.all<{
    id: string;
    actor_type: string;
    action: string;
    target_type: string | null;
    target_id: string | null;
    details: string;
    created_at: string;
  }>(
    `SELECT id, actor_type, action, target_type, target_id, details, created_at FROM audit_log
     WHERE tenant_id = ? AND (${targets.length ? `target_id IN (${placeholders(targets.length)}) OR ` : ''}${likeAny('details', patterns.length)})
     ORDER BY seq`,
    [tenantId, ...targets, ...patterns],
  );
}

export async function eventsCarrying(q: Queryable, tenantId: string, patterns: string[]) {
  return q.all<{ seq: number }>(
    `SELECT seq FROM events WHERE tenant_id = ? AND (${likeAny('data', patterns.length)} OR ${likeAny('visitor_scope', patterns.length)})`,
    [tenantId, ...patterns, ...patterns],
  );
}

export async function deleteEvents(q: Queryable, tenantId: string, seqs: number[]) {
  for (let i = 0; i < seqs.length; i += 200) {
    const part = seqs.slice(i, i + 200);
    await q.run(`DELETE FROM events WHERE tenant_id = ? AND seq IN (${placeholders(part.length)})`, [
      tenantId,
      ...part,
    ]);
  }
}

export async function deleteWebhookDeliveries(q: Queryable, tenantId: string, ids: string[]) {
  for (const id of ids) {
    await q.run('DELETE FROM webhook_attempts WHERE tenant_id = ? AND delivery_id = ?', [tenantId, id]);
    await q.run('DELETE FROM webhook_deliveries WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  }
}

export async function deleteIdempotencyCarrying(q: Queryable, tenantId: string, patterns: string[]) {
  const { changes } = await q.run(
    `DELETE FROM idempotency_keys WHERE tenant_id = ? AND ${likeAny('body', patterns.length)}`,
    [tenantId, ...patterns],
  );
  return changes;
}

export async function setAuditDetails(q: Queryable, tenantId: string, id: string, details: string) {
  await q.run('UPDATE audit_log SET details = ? WHERE tenant_id = ? AND id = ?', [details, tenantId, id]);
}
