// The dispatcher's SQL: fan events out to endpoints, claim due deliveries with a lease, record attempts.
import type { Db, Queryable } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import { parseJson } from '../lib/json.ts';
import { featureSql } from '../billing/entitlements.ts';
import { writeAudit } from '../audit/log.ts';
import { MAX_ATTEMPTS } from './schedule.ts';
import { placeholders } from '../db/placeholders.ts';

/** Tenants whose endpoints receive deliveries: active, entitled to webhooks (`t` tenants, `b` tenant_billing). */
const TENANT_DELIVERS = `t.status = 'active' AND ${featureSql('webhooks')}`;
const ENDPOINT_TENANT =
  'webhook_endpoints w JOIN tenants t ON t.id = w.tenant_id LEFT JOIN tenant_billing b ON b.tenant_id = t.id';

interface BehindRow {
  id: string;
  tenant_id: string;
  cursor_seq: number;
  events: string;
  include_internal_notes: number;
}

const BEHIND_SQL = `SELECT w.id, w.tenant_id, w.cursor_seq, w.events, w.include_internal_notes
  FROM ${ENDPOINT_TENANT}
  WHERE w.active = 1 AND ${TENANT_DELIVERS}
    AND w.cursor_seq < coalesce((SELECT max(seq) FROM events e WHERE e.tenant_id = w.tenant_id), 0)`;

interface EventRow {
  seq: number;
  id: string;
  type: string;
  data: string;
  created_at: string;
}

/** message.created for an internal note, and attachment.scanned for a note's file, go only to endpoints that opted in. */
function isInternalNote(e: EventRow): boolean {
  if (e.type !== 'message.created' && e.type !== 'attachment.scanned') return false;
  const data = parseJson<{ message?: { internal?: unknown }; internal?: unknown } | null>(e.data, null);
  return data?.message?.internal === true || data?.internal === true;
}

/** The body is fixed at fan-out, so every retry sends the same bytes under the same webhook-id. */
const payloadOf = (e: EventRow) =>
  `{"type":${JSON.stringify(e.type)},"timestamp":${JSON.stringify(e.created_at)},"data":${e.data}}`;

/**
 * Turns new events into delivery rows, one tenant per transaction. The cursor is re-read inside the
 * write transaction, so two processes fanning out at once cannot both create the same deliveries
 * (and the unique (endpoint, event) index would refuse them anyway).
 */
export async function fanOut(db: Db, now: Date, batch = 500): Promise<number> {
  const behind = await db.all<BehindRow>(BEHIND_SQL);
  const tenants = [...new Set(behind.map((r) => r.tenant_id))];
  let created = 0;
  for (const tenantId of tenants) {
    created += await db.tx(async (tx) => {
      const endpoints = await tx.all<BehindRow>(`${BEHIND_SQL} AND w.tenant_id = ?`, [tenantId]);
      if (endpoints.length === 0) return 0;
      const from = Math.min(...endpoints.map((e) => e.cursor_seq));
      const events = await tx.all<EventRow>(
        'SELECT seq, id, type, data, created_at FROM events WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?',
        [tenantId, from, batch],
      );
      if (events.length === 0) return 0;
      const last = events[events.length - 1].seq;
      const at = now.toISOString();
      let n = 0;
      for (const ep of endpoints) {
        const wanted = new Set(parseJson<string[]>(ep.events, []));
        for (const e of events) {
          if (e.seq <= ep.cursor_seq || !wanted.has(e.type)) continue;
          if (!ep.include_internal_notes && isInternalNote(e)) continue;
          const r = await tx.run(
            `INSERT OR IGNORE INTO webhook_deliveries
               (id, tenant_id, endpoint_id, event_id, event_type, payload, status, max_attempts, next_attempt_at, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
            [newId('msg'), tenantId, ep.id, e.id, e.type, payloadOf(e), MAX_ATTEMPTS, at, at, at],
          );
          n += r.changes;
        }
        await tx.run('UPDATE webhook_endpoints SET cursor_seq = ? WHERE id = ? AND cursor_seq < ?', [
          last,
          ep.id,
          last,
        ]);
      }
      return n;
    });
  }
  return created;
}

/** A claimed delivery with what sending it needs. */
export interface Claim {
  seq: number;
  id: string;
  tenantId: string;
  endpointId: string;
  eventType: string;
  payload: string;
  attempts: number;
  retryStep: number;
  maxAttempts: number;
  trigger: 'scheduled' | 'manual' | 'test';
  url: string;
  secrets: string[];
}

interface ClaimRow {
  seq: number;
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_type: string;
  payload: string;
  attempts: number;
  retry_step: number;
  max_attempts: number;
  next_trigger: Claim['trigger'];
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
}

function claimFromRow(r: ClaimRow, now: Date): Claim {
  const rotating =
    r.previous_secret && r.previous_secret_expires_at && r.previous_secret_expires_at > now.toISOString();
  return {
    seq: r.seq,
    id: r.id,
    tenantId: r.tenant_id,
    endpointId: r.endpoint_id,
    eventType: r.event_type,
    payload: r.payload,
    attempts: r.attempts,
    retryStep: r.retry_step,
    maxAttempts: r.max_attempts,
    trigger: r.next_trigger,
    url: r.url,
    secrets: rotating ? [r.secret, r.previous_secret!] : [r.secret],
  };
}

export async function loadClaims(q: Queryable, seqs: number[], now: Date): Promise<Claim[]> {
  if (seqs.length === 0) return [];
  const rows = await q.all<ClaimRow>(
    `SELECT d.seq, d.id, d.tenant_id, d.endpoint_id, d.event_type, d.payload, d.attempts, d.retry_step, d.max_attempts, d.next_trigger,
            w.url, w.secret, w.previous_secret, w.previous_secret_expires_at
     FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id
     WHERE d.seq IN (${placeholders(seqs.length)}) ORDER BY d.next_attempt_at, d.seq`,
    seqs,
  );
  return rows.map((r) => claimFromRow(r, now));
}

export interface ClaimOptions {
  owner: string;
  leaseMs: number;
  /** How many deliveries this process may start now. */
  budget: number;
  /** In-flight deliveries per endpoint across every process (leases count). */
  perEndpoint: number;
}

/**
 * Leases due deliveries to this process. Endpoints are served oldest-due first and each gets at
 * most `perEndpoint` in flight, so one slow endpoint holds a few slots, never the whole budget.
 */
export async function claimDue(db: Db, now: Date, o: ClaimOptions): Promise<Claim[]> {
  if (o.budget <= 0) return [];
  const at = now.toISOString();
  const leaseUntil = new Date(now.getTime() + o.leaseMs).toISOString();
  // A read first, so an idle dispatcher does not take the write lock on every poll.
  const due = await db.get(
    "SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1) LIMIT 1",
    [at],
  );
  if (!due) return [];
  const seqs = await db.tx(async (tx) => {
    const endpoints = await tx.all<{ id: string; inflight: number }>(
      `SELECT w.id,
         (SELECT count(*) FROM webhook_deliveries x WHERE x.endpoint_id = w.id AND x.status = 'pending' AND x.lease_until > ?1) AS inflight,
         (SELECT min(d.next_attempt_at) FROM webhook_deliveries d WHERE d.endpoint_id = w.id AND d.status = 'pending'
            AND d.next_attempt_at <= ?1 AND (d.lease_until IS NULL OR d.lease_until <= ?1)) AS oldest
       FROM ${ENDPOINT_TENANT}
       WHERE w.active = 1 AND ${TENANT_DELIVERS} AND oldest IS NOT NULL
       ORDER BY oldest`,
      [at],
    );
    const claimed: number[] = [];
    let budget = o.budget;
    for (const ep of endpoints) {
      const room = Math.min(o.perEndpoint - ep.inflight, budget);
      if (room <= 0) continue;
      const rows = await tx.all<{ seq: number }>(
        `SELECT seq FROM webhook_deliveries WHERE endpoint_id = ?1 AND status = 'pending' AND next_attempt_at <= ?2
           AND (lease_until IS NULL OR lease_until <= ?2) ORDER BY next_attempt_at, seq LIMIT ?3`,
        [ep.id, at, room],
      );
      if (rows.length === 0) continue;
      const ids = rows.map((r) => r.seq);
      await tx.run(
        `UPDATE webhook_deliveries SET claimed_by = ?, lease_until = ? WHERE seq IN (${placeholders(ids.length)})`,
        [o.owner, leaseUntil, ...ids],
      );
      claimed.push(...ids);
      budget -= ids.length;
      if (budget <= 0) break;
    }
    return claimed;
  });
  return loadClaims(db, seqs, now);
}

/** Hands leases back (on shutdown) so another process may retry at once instead of waiting them out. */
export async function releaseLeases(db: Db, owner: string, seqs: number[]) {
  if (seqs.length === 0) return;
  await db.run(
    `UPDATE webhook_deliveries SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = ? AND seq IN (${placeholders(seqs.length)})`,
    [owner, ...seqs],
  );
}

export interface AttemptRecord {
  statusCode: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
  /** 'succeeded' | 'failed' end the delivery; 'retry' schedules nextAttemptAt. */
  outcome: 'succeeded' | 'retry' | 'failed';
  nextAttemptAt: Date | null;
  /** Set when the endpoint must be disabled now, with the reason shown to the tenant. */
  disable: { reason: string; kind: 'gone' | 'failing' } | null;
}

export interface AttemptResult {
  claim: Claim;
  owner: string;
  now: Date;
  record: AttemptRecord;
  /** null for test pings, which do not count toward disabling a failing endpoint. */
  health: { disableAfterMs: number } | null;
}

/**
 * Writes attempts and their consequences in one transaction (the dispatcher batches them). Each is
 * written only if its process still holds the lease; otherwise another process has taken the
 * delivery over and records its own attempt.
 */
export async function recordAttempts(db: Db, items: AttemptResult[]) {
  if (items.length === 0) return [];
  return db.tx(async (tx) => {
    const out: { recorded: boolean; disabled: boolean }[] = [];
    for (const item of items) out.push(await recordOne(tx, item));
    return out;
  });
}

async function recordOne(
  tx: Queryable,
  { claim, owner, now, record: r, health }: AttemptResult,
): Promise<{ recorded: boolean; disabled: boolean }> {
  const at = now.toISOString();
  const failed = r.outcome !== 'succeeded';
  const u = await tx.run(
    `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, retry_step = ?, next_attempt_at = ?,
       next_trigger = CASE WHEN next_trigger = 'test' THEN 'test' ELSE 'scheduled' END,
       claimed_by = NULL, lease_until = NULL, last_attempt_at = ?, last_status_code = ?, last_error = ?, updated_at = ?
     WHERE seq = ? AND claimed_by = ?`,
    [
      r.outcome === 'retry' ? 'pending' : r.outcome,
      failed ? claim.retryStep + 1 : claim.retryStep,
      r.nextAttemptAt?.toISOString() ?? null,
      at,
      r.statusCode,
      r.error,
      at,
      claim.seq,
      owner,
    ],
  );
  if (u.changes === 0) return { recorded: false, disabled: false };
  await tx.run(
    `INSERT INTO webhook_attempts (id, tenant_id, endpoint_id, delivery_id, attempt, trigger, status_code, duration_ms, response_body, error, next_retry_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      newId('att'),
      claim.tenantId,
      claim.endpointId,
      claim.id,
      claim.attempts + 1,
      claim.trigger,
      r.statusCode,
      r.durationMs,
      r.responseBody,
      r.error,
      r.outcome === 'retry' ? r.nextAttemptAt!.toISOString() : null,
      at,
    ],
  );
  let disable = r.disable;
  if (health && !failed) {
    await tx.run('UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL', [
      claim.endpointId,
    ]);
  } else if (health && failed) {
    await tx.run('UPDATE webhook_endpoints SET failing_since = ? WHERE id = ? AND failing_since IS NULL', [
      at,
      claim.endpointId,
    ]);
    const ep = await tx.get<{ failing_since: string }>('SELECT failing_since FROM webhook_endpoints WHERE id = ?', [
      claim.endpointId,
    ]);
    const since = ep ? Date.parse(ep.failing_since) : now.getTime();
    if (!disable && now.getTime() - since >= health.disableAfterMs) {
      disable = {
        kind: 'failing',
        reason: `Every delivery attempt failed for ${spell(health.disableAfterMs)} (since ${new Date(since).toISOString()}), so the endpoint was disabled.`,
      };
    }
  }
  if (!disable) return { recorded: true, disabled: false };
  const d = await tx.run(
    'UPDATE webhook_endpoints SET active = 0, disabled_reason = ?, disabled_at = ?, updated_at = ? WHERE id = ? AND active = 1',
    [disable.reason, at, at, claim.endpointId],
  );
  if (d.changes > 0) {
    await writeAudit(
      tx,
      {
        tenantId: claim.tenantId,
        actorType: 'system',
        action: 'webhook.disabled',
        targetType: 'webhook',
        targetId: claim.endpointId,
        details: { reason: disable.kind, detail: disable.reason, deliveryId: claim.id, statusCode: r.statusCode },
      },
      now,
    );
  }
  return { recorded: true, disabled: d.changes > 0 };
}

function spell(ms: number) {
  const [n, unit] = ms >= 86_400_000 ? [ms / 86_400_000, 'day'] : [ms / 3_600_000, 'hour'];
  const v = Math.round(n * 10) / 10;
  return `${v} ${unit}${v === 1 ? '' : 's'}`;
}

/** A test delivery, leased to its caller at creation so no dispatcher picks it up. */
export async function insertPing(
  db: Db,
  tenantId: string,
  endpointId: string,
  payload: string,
  owner: string,
  now: Date,
  leaseMs: number,
) {
  const at = now.toISOString();
  const id = newId('msg');
  await db.run(
    `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, payload, status, max_attempts, next_attempt_at,
       next_trigger, claimed_by, lease_until, created_at, updated_at)
     VALUES (?, ?, ?, NULL, 'webhook.ping', ?, 'pending', 1, ?, 'test', ?, ?, ?, ?)`,
    [id, tenantId, endpointId, payload, at, owner, new Date(now.getTime() + leaseMs).toISOString(), at, at],
  );
  const row = await db.get<{ seq: number }>('SELECT seq FROM webhook_deliveries WHERE id = ?', [id]);
  return (await loadClaims(db, [row!.seq], now))[0];
}
