// Webhook endpoints and their delivery log, per tenant (tenantId first in every query).
import type { Queryable } from '../db/client.ts';
import { parseJson } from '../lib/json.ts';
import { placeholders } from '../db/placeholders.ts';

export interface EndpointRecord {
  id: string;
  tenantId: string;
  url: string;
  description: string;
  events: string[];
  includeInternalNotes: boolean;
  active: boolean;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
  failingSince: string | null;
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface EndpointRow {
  id: string;
  tenant_id: string;
  url: string;
  description: string;
  events: string;
  include_internal_notes: number;
  active: number;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  failing_since: string | null;
  disabled_reason: string | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

const endpointFromRow = (r: EndpointRow): EndpointRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  url: r.url,
  description: r.description,
  events: parseJson(r.events, []),
  includeInternalNotes: !!r.include_internal_notes,
  active: !!r.active,
  secret: r.secret,
  previousSecret: r.previous_secret,
  previousSecretExpiresAt: r.previous_secret_expires_at,
  failingSince: r.failing_since,
  disabledReason: r.disabled_reason,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The API shape: never the secret, only a hint; an elapsed rotation window reads as none. */
export function toWebhookDto(e: EndpointRecord, now: Date) {
  const rotating = e.previousSecretExpiresAt && e.previousSecretExpiresAt > now.toISOString();
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events,
    active: e.active,
    includeInternalNotes: e.includeInternalNotes,
    disabledReason: e.disabledReason,
    disabledAt: e.disabledAt,
    failingSince: e.failingSince,
    secretHint: `${e.secret.slice(0, 10)}…`,
    previousSecretExpiresAt: rotating ? e.previousSecretExpiresAt : null,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export async function insertEndpoint(
  q: Queryable,
  tenantId: string,
  e: {
    id: string;
    url: string;
    description: string;
    events: string[];
    includeInternalNotes: boolean;
    active: boolean;
    secret: string;
    now: string;
  },
) {
  // Starts after the tenant's latest event: an endpoint never receives what happened before it existed.
  await q.run(
    `INSERT INTO webhook_endpoints (id, tenant_id, url, description, events, include_internal_notes, active, secret, cursor_seq, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, coalesce((SELECT max(seq) FROM events WHERE tenant_id = ?), 0), ?, ?)`,
    [
      e.id,
      tenantId,
      e.url,
      e.description,
      JSON.stringify(e.events),
      e.includeInternalNotes ? 1 : 0,
      e.active ? 1 : 0,
      e.secret,
      tenantId,
      e.now,
      e.now,
    ],
  );
}

export async function getEndpoint(q: Queryable, tenantId: string, id: string) {
  const row = await q.get<EndpointRow>('SELECT * FROM webhook_endpoints WHERE tenant_id = ? AND id = ?', [
    tenantId,
    id,
  ]);
  return row && endpointFromRow(row);
}

export async function listEndpoints(q: Queryable, tenantId: string, after: [string, string] | null, limit: number) {
  const rows = after
    ? await q.all<EndpointRow>(
        'SELECT * FROM webhook_endpoints WHERE tenant_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?',
        [tenantId, after[0], after[1], limit + 1],
      )
    : await q.all<EndpointRow>('SELECT * FROM webhook_endpoints WHERE tenant_id = ? ORDER BY created_at, id LIMIT ?', [
        tenantId,
        limit + 1,
      ]);
  return rows.map(endpointFromRow);
}

export async function updateEndpoint(
  q: Queryable,
  tenantId: string,
  id: string,
  e: Pick<EndpointRecord, 'url' | 'description' | 'events' | 'includeInternalNotes'> & {
    active: boolean;
    reactivate: boolean;
    now: string;
  },
) {
  await q.run(
    `UPDATE webhook_endpoints SET url = ?, description = ?, events = ?, include_internal_notes = ?, active = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
    [
      e.url,
      e.description,
      JSON.stringify(e.events),
      e.includeInternalNotes ? 1 : 0,
      e.active ? 1 : 0,
      e.now,
      tenantId,
      id,
    ],
  );
  if (e.reactivate) {
    // Re-enabled endpoints start from now, like new ones; missed deliveries can be redelivered by hand.
    await q.run(
      `UPDATE webhook_endpoints SET disabled_reason = NULL, disabled_at = NULL, failing_since = NULL,
         cursor_seq = coalesce((SELECT max(seq) FROM events WHERE tenant_id = ?), 0)
       WHERE tenant_id = ? AND id = ?`,
      [tenantId, tenantId, id],
    );
  }
}

export async function rotateEndpointSecret(
  q: Queryable,
  tenantId: string,
  id: string,
  secret: string,
  previousExpiresAt: string | null,
  now: string,
) {
  await q.run(
    `UPDATE webhook_endpoints SET previous_secret = CASE WHEN ? IS NULL THEN NULL ELSE secret END,
       previous_secret_expires_at = ?, secret = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
    [previousExpiresAt, previousExpiresAt, secret, now, tenantId, id],
  );
}

export async function deleteEndpoint(q: Queryable, tenantId: string, id: string) {
  await q.run('DELETE FROM webhook_attempts WHERE tenant_id = ? AND endpoint_id = ?', [tenantId, id]);
  await q.run('DELETE FROM webhook_deliveries WHERE tenant_id = ? AND endpoint_id = ?', [tenantId, id]);
  await q.run('DELETE FROM webhook_endpoints WHERE tenant_id = ? AND id = ?', [tenantId, id]);
}

export interface DeliveryRow {
  seq: number;
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_id: string | null;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  lease_until: string | null;
  created_at: string;
}

interface AttemptRow {
  id: string;
  delivery_id: string;
  attempt: number;
  trigger: 'scheduled' | 'manual' | 'test';
  status_code: number | null;
  duration_ms: number;
  response_body: string | null;
  error: string | null;
  next_retry_at: string | null;
  created_at: string;
}

const DELIVERY_COLUMNS =
  'seq, id, tenant_id, endpoint_id, event_id, event_type, status, attempts, next_attempt_at, last_attempt_at, last_status_code, lease_until, created_at';

/** Newest first, keyed on the delivery sequence. */
export async function listDeliveries(
  q: Queryable,
  tenantId: string,
  endpointId: string,
  beforeSeq: number | null,
  limit: number,
  status?: string,
) {
  const where = ['tenant_id = ?', 'endpoint_id = ?', 'seq < ?'];
  const args: (string | number)[] = [tenantId, endpointId, beforeSeq ?? Number.MAX_SAFE_INTEGER];
  if (status) {
    where.push('status = ?');
    args.push(status);
  }
  return q.all<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
    [...args, limit + 1],
  );
}

export async function getDelivery(q: Queryable, tenantId: string, endpointId: string, id: string) {
  return q.get<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE tenant_id = ? AND endpoint_id = ? AND id = ?`,
    [tenantId, endpointId, id],
  );
}

/** The body a delivery sends (the same on every attempt); kept out of the log queries, which do not need it. */
export async function getDeliveryPayload(
  q: Queryable,
  tenantId: string,
  endpointId: string,
  id: string,
): Promise<string | undefined> {
  const row = await q.get<{ payload: string }>(
    'SELECT payload FROM webhook_deliveries WHERE tenant_id = ? AND endpoint_id = ? AND id = ?',
    [tenantId, endpointId, id],
  );
  return row?.payload;
}

/** Up to the latest 50 attempts of each delivery, oldest first. */
export async function attemptsOf(q: Queryable, tenantId: string, deliveryIds: string[]) {
  const byDelivery = new Map<string, AttemptRow[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await q.all<AttemptRow>(
    `SELECT * FROM (
       SELECT a.*, row_number() OVER (PARTITION BY delivery_id ORDER BY seq DESC) AS rn FROM webhook_attempts a
       WHERE tenant_id = ? AND delivery_id IN (${placeholders(deliveryIds.length)})
     ) WHERE rn <= 50 ORDER BY seq`,
    [tenantId, ...deliveryIds],
  );
  for (const r of rows) byDelivery.set(r.delivery_id, [...(byDelivery.get(r.delivery_id) ?? []), r]);
  return byDelivery;
}

export function toDeliveryDto(d: DeliveryRow, attempts: AttemptRow[] = []) {
  return {
    id: d.id,
    eventId: d.event_id,
    eventType: d.event_type,
    status: d.status,
    attemptCount: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.next_attempt_at : null,
    lastAttemptAt: d.last_attempt_at,
    lastStatusCode: d.last_status_code,
    createdAt: d.created_at,
    attempts: attempts.map((a) => ({
      id: a.id,
      attempt: a.attempt,
      trigger: a.trigger,
      statusCode: a.status_code,
      durationMs: a.duration_ms,
      responseBody: a.response_body,
      error: a.error,
      nextRetryAt: a.next_retry_at,
      createdAt: a.created_at,
    })),
  };
}

/** Queues one more attempt now, with a fresh retry schedule; the webhook-id stays the same. */
export async function scheduleRedelivery(q: Queryable, tenantId: string, endpointId: string, id: string, now: string) {
  const r = await q.run(
    `UPDATE webhook_deliveries SET status = 'pending', retry_step = 0, next_attempt_at = ?, next_trigger = 'manual', updated_at = ?
     WHERE tenant_id = ? AND endpoint_id = ? AND id = ? AND (lease_until IS NULL OR lease_until <= ?)`,
    [now, now, tenantId, endpointId, id, now],
  );
  return r.changes > 0;
}

export async function countEndpoints(q: Queryable, tenantId: string): Promise<number> {
  const r = await q.get<{ n: number }>('SELECT count(*) AS n FROM webhook_endpoints WHERE tenant_id = ?', [tenantId]);
  return r?.n ?? 0;
}
