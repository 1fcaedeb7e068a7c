// Webhook endpoint use cases: create, update, delete, rotate the secret, redeliver, test ping — each with its audit entry.
import type { Deps } from '../types.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { conflict, invalidField, notFound } from '../lib/problem.ts';
import { PING_EVENT, type CreateWebhookInput, type PingData, type UpdateWebhookInput } from './schemas.ts';
import { assertRoomFor } from '../billing/entitlements.ts';
import {
  countEndpoints,
  deleteEndpoint,
  getDelivery,
  getEndpoint,
  insertEndpoint,
  rotateEndpointSecret,
  scheduleRedelivery,
  updateEndpoint,
  type EndpointRecord,
} from './queries.ts';
import { newWebhookSecret } from './signing.ts';
import { urlRefusal } from './ssrf.ts';
import { insertPing } from './outbox.ts';
import { attemptDelivery, DEFAULT_DELIVERY_OPTIONS } from './deliver.ts';

type WebhookDeps = Pick<Deps, 'db' | 'env' | 'logger' | 'now'>;

/** DNS lookups: always before the transaction. */
async function checkUrl(deps: WebhookDeps, url: string) {
  const refusal = await urlRefusal(new URL(url), deps.env.ALLOW_PRIVATE_WEBHOOKS);
  if (refusal) throw invalidField('url', `${refusal} Webhooks must reach a public address.`);
}

export async function endpointOr404(deps: Pick<Deps, 'db'>, tenantId: string, id: string): Promise<EndpointRecord> {
  const ep = await getEndpoint(deps.db, tenantId, id);
  if (!ep) throw notFound('Webhook');
  return ep;
}

/** Answers the new endpoint's id and its secret (shown once). */
export async function createWebhook(deps: WebhookDeps, actor: Actor, input: CreateWebhookInput) {
  const tenantId = actorTenant(actor);
  await checkUrl(deps, input.url);
  const id = newId('wh');
  const secret = newWebhookSecret();
  const now = deps.now();
  const events = [...new Set(input.events)];
  await deps.db.tx(async (tx) => {
    await assertRoomFor(tx, tenantId, 'webhooks', await countEndpoints(tx, tenantId), now);
    await insertEndpoint(tx, tenantId, {
      id,
      url: input.url,
      description: input.description,
      events,
      includeInternalNotes: input.includeInternalNotes,
      active: input.active,
      secret,
      now: now.toISOString(),
    });
    await audit(
      actor,
      tx,
      { action: 'webhook.created', targetType: 'webhook', targetId: id, details: { url: input.url, events } },
      now,
    );
  });
  return { endpoint: (await getEndpoint(deps.db, tenantId, id))!, secret, now };
}

/** active: true on a paused endpoint re-enables it from now on. */
export async function updateWebhook(deps: WebhookDeps, actor: Actor, id: string, patch: UpdateWebhookInput) {
  const tenantId = actorTenant(actor);
  const current = await endpointOr404(deps, tenantId, id);
  if (patch.url !== undefined && patch.url !== current.url) await checkUrl(deps, patch.url);
  const now = deps.now();
  const active = patch.active ?? current.active;
  await deps.db.tx(async (tx) => {
    await updateEndpoint(tx, tenantId, id, {
      url: patch.url ?? current.url,
      description: patch.description ?? current.description,
      events: patch.events ? [...new Set(patch.events)] : current.events,
      includeInternalNotes: patch.includeInternalNotes ?? current.includeInternalNotes,
      active,
      reactivate: active && !current.active,
      now: now.toISOString(),
    });
    await audit(
      actor,
      tx,
      { action: 'webhook.updated', targetType: 'webhook', targetId: id, details: { fields: Object.keys(patch) } },
      now,
    );
  });
  return { endpoint: (await getEndpoint(deps.db, tenantId, id))!, now };
}

export async function deleteWebhook(deps: WebhookDeps, actor: Actor, id: string) {
  const tenantId = actorTenant(actor);
  await endpointOr404(deps, tenantId, id);
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    await deleteEndpoint(tx, tenantId, id);
    await audit(actor, tx, { action: 'webhook.deleted', targetType: 'webhook', targetId: id }, now);
  });
}

/** The old secret keeps signing beside the new one for graceSeconds (0: not at all). */
export async function rotateWebhookSecret(deps: WebhookDeps, actor: Actor, id: string, graceSeconds: number) {
  const tenantId = actorTenant(actor);
  await endpointOr404(deps, tenantId, id);
  const now = deps.now();
  const secret = newWebhookSecret();
  const expires = graceSeconds > 0 ? new Date(now.getTime() + graceSeconds * 1000).toISOString() : null;
  await deps.db.tx(async (tx) => {
    await rotateEndpointSecret(tx, tenantId, id, secret, expires, now.toISOString());
    await audit(
      actor,
      tx,
      {
        action: 'webhook.secret_rotated',
        targetType: 'webhook',
        targetId: id,
        details: { previousSecretExpiresAt: expires },
      },
      now,
    );
  });
  return { endpoint: (await getEndpoint(deps.db, tenantId, id))!, secret, now };
}

/** Same webhook-id, fresh retry schedule; a disabled endpoint or an attempt in flight is 409. */
export async function redeliverWebhook(deps: WebhookDeps, actor: Actor, id: string, deliveryId: string) {
  const tenantId = actorTenant(actor);
  const ep = await endpointOr404(deps, tenantId, id);
  const d = await getDelivery(deps.db, tenantId, id, deliveryId);
  if (!d || d.event_type === PING_EVENT) throw notFound('Delivery');
  if (!ep.active) throw conflict('This endpoint is disabled; enable it (PATCH active: true) before redelivering.');
  const now = deps.now();
  const queued = await deps.db.tx(async (tx) => {
    const ok = await scheduleRedelivery(tx, tenantId, id, deliveryId, now.toISOString());
    if (ok)
      await audit(
        actor,
        tx,
        { action: 'webhook.redelivered', targetType: 'webhook', targetId: id, details: { deliveryId } },
        now,
      );
    return ok;
  });
  if (!queued) throw conflict('This delivery is being attempted right now; try again when the attempt is logged.');
}

/** Sends a signed webhook.ping now (network, outside any transaction); answers the ping's delivery id. */
export async function sendTestPing(deps: WebhookDeps, tenantId: string, id: string): Promise<string> {
  const ep = await endpointOr404(deps, tenantId, id);
  const now = deps.now();
  const owner = `api_${randomToken(12)}`;
  const data: PingData = { webhookId: ep.id, message: 'Test delivery from Helpdesk.' };
  const payload = JSON.stringify({ type: PING_EVENT, timestamp: now.toISOString(), data });
  const claim = await insertPing(deps.db, tenantId, id, payload, owner, now, DEFAULT_DELIVERY_OPTIONS.leaseMs);
  await attemptDelivery(
    {
      db: deps.db,
      logger: deps.logger,
      now: deps.now,
      allowPrivate: deps.env.ALLOW_PRIVATE_WEBHOOKS,
      owner,
      options: DEFAULT_DELIVERY_OPTIONS,
    },
    claim,
  );
  return claim.id;
}
