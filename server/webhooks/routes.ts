// Webhook endpoints API: CRUD, secret rotation, delivery log, redelivery, test ping, event catalogue.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonBody, jsonContent, problemResponse, SECURITY } from '../openapi/router.ts';
import { requireFeature, requirePermission } from '../middleware/permission.ts';
import { idempotency } from '../middleware/idempotency.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { conflict, invalidField, notFound } from '../lib/problem.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { actorOf, audit } from '../audit/audit.ts';
import { EVENTS } from '../events/types.ts';
import {
  CreateWebhookBody,
  DeliveryQuery,
  DeliverySchema,
  EVENT_TYPE_NAMES,
  PING_EVENT,
  type PingData,
  RotateSecretBody,
  UpdateWebhookBody,
  WebhookSchema,
} from './schemas.ts';
import {
  attemptsOf,
  deleteEndpoint,
  getDelivery,
  getEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  rotateEndpointSecret,
  scheduleRedelivery,
  toDeliveryDto,
  toWebhookDto,
  updateEndpoint,
} from './queries.ts';
import { newWebhookSecret } from './signing.ts';
import { urlRefusal } from './ssrf.ts';
import { insertPing } from './outbox.ts';
import { attemptDelivery, DEFAULT_DELIVERY_OPTIONS } from './deliver.ts';

const DeliveryParams = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'wh_…', description: 'Webhook id' }),
  deliveryId: z.string().min(1).max(64).openapi({ param: { name: 'deliveryId', in: 'path' }, example: 'msg_…', description: 'Delivery id (the webhook-id header)' }),
});

const WithSecret = WebhookSchema.extend({ secret: z.string().openapi({ description: 'whsec_… — shown only in this answer.' }) });

export function createWebhookRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Webhook', 'wh_…');
  const allowPrivate = () => deps.env.ALLOW_PRIVATE_WEBHOOKS;

  // Every webhook route needs the feature, so the guard sits on the path rather than on each route.
  router.use('/webhooks/*', requireFeature('webhooks'));

  async function checkUrl(url: string) {
    const refusal = await urlRefusal(new URL(url), allowPrivate());
    if (refusal) throw invalidField('url', `${refusal} Webhooks must reach a public address.`);
  }

  async function endpointOr404(tenantId: string, id: string) {
    const ep = await getEndpoint(db, tenantId, id);
    if (!ep) throw notFound('Webhook');
    return ep;
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/event-types',
      tags: ['Webhooks'],
      summary: 'The event types an endpoint can subscribe to',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:read')] as const,
      responses: {
        200: jsonContent(z.object({ data: z.array(z.object({ type: z.enum(EVENT_TYPE_NAMES), description: z.string() })) }), 'The catalogue'),
        ...commonErrors,
      },
    }),
    async (c) => c.json({ data: EVENT_TYPE_NAMES.map((type) => ({ type, description: EVENTS[type].description })) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks',
      tags: ['Webhooks'],
      summary: 'Create a webhook endpoint; the signing secret (whsec_…) is in this answer only',
      description:
        'Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). The URL must resolve to a public address. The endpoint receives events that happen after it is created.',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:create'), idempotency(deps)] as const,
      request: { body: jsonBody(CreateWebhookBody) },
      responses: { 201: jsonContent(WithSecret, 'Created'), ...commonErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const tenantId = c.get('tenantId');
      await checkUrl(body.url);
      const id = newId('wh');
      const secret = newWebhookSecret();
      const now = deps.now();
      const events = [...new Set(body.events)];
      await db.tx(async (tx) => {
        await insertEndpoint(tx, tenantId, { id, url: body.url, description: body.description, events, includeInternalNotes: body.includeInternalNotes, active: body.active, secret, now: now.toISOString() });
        await audit(actorOf(c), tx, { action: 'webhook.created', targetType: 'webhook', targetId: id, details: { url: body.url, events } }, now);
      });
      return c.json({ ...toWebhookDto((await getEndpoint(db, tenantId, id))!, now), secret }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks',
      tags: ['Webhooks'],
      summary: 'List webhook endpoints (never their secrets)',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:read')] as const,
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(pageOf(WebhookSchema), 'A page of endpoints'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await listEndpoints(db, c.get('tenantId'), decodeCursor(cursor, Keyset.timeId), limit);
      const now = deps.now();
      return c.json(toPage(rows, limit, (e) => [e.createdAt, e.id], (e) => toWebhookDto(e, now)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{id}',
      tags: ['Webhooks'],
      summary: 'Read a webhook endpoint',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(WebhookSchema, 'The endpoint'), ...commonErrors },
    }),
    async (c) => {
      const ep = await endpointOr404(c.get('tenantId'), c.req.valid('param').id);
      return c.json(toWebhookDto(ep, deps.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/webhooks/{id}',
      tags: ['Webhooks'],
      summary: 'Change an endpoint; active: false pauses it, active: true re-enables it from now on',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:update')] as const,
      request: { params: Params, body: jsonBody(UpdateWebhookBody) },
      responses: { 200: jsonContent(WebhookSchema, 'The endpoint'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const tenantId = c.get('tenantId');
      const current = await endpointOr404(tenantId, id);
      if (body.url !== undefined && body.url !== current.url) await checkUrl(body.url);
      const now = deps.now();
      const active = body.active ?? current.active;
      await db.tx(async (tx) => {
        await updateEndpoint(tx, tenantId, id, {
          url: body.url ?? current.url,
          description: body.description ?? current.description,
          events: body.events ? [...new Set(body.events)] : current.events,
          includeInternalNotes: body.includeInternalNotes ?? current.includeInternalNotes,
          active,
          reactivate: active && !current.active,
          now: now.toISOString(),
        });
        await audit(actorOf(c), tx, { action: 'webhook.updated', targetType: 'webhook', targetId: id, details: { fields: Object.keys(body) } }, now);
      });
      return c.json(toWebhookDto((await getEndpoint(db, tenantId, id))!, now), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/webhooks/{id}',
      tags: ['Webhooks'],
      summary: 'Delete an endpoint and its delivery log',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:delete')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = c.get('tenantId');
      await endpointOr404(tenantId, id);
      const now = deps.now();
      await db.tx(async (tx) => {
        await deleteEndpoint(tx, tenantId, id);
        await audit(actorOf(c), tx, { action: 'webhook.deleted', targetType: 'webhook', targetId: id }, now);
      });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/{id}/rotate-secret',
      tags: ['Webhooks'],
      summary: 'Issue a new signing secret; the old one keeps signing beside it for graceSeconds',
      description: 'During the window, webhook-signature carries two space-separated signatures (new first), so receivers can switch secrets without dropping deliveries.',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:update')] as const,
      request: { params: Params, body: { required: false, content: { 'application/json': { schema: RotateSecretBody } } } },
      responses: { 200: jsonContent(WithSecret, 'The endpoint with its new secret (shown only here)'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      // Without a body the validator hands over {}, so the default applies here.
      const graceSeconds = c.req.valid('json').graceSeconds ?? 24 * 3600;
      const tenantId = c.get('tenantId');
      await endpointOr404(tenantId, id);
      const now = deps.now();
      const secret = newWebhookSecret();
      const expires = graceSeconds > 0 ? new Date(now.getTime() + graceSeconds * 1000).toISOString() : null;
      await db.tx(async (tx) => {
        await rotateEndpointSecret(tx, tenantId, id, secret, expires, now.toISOString());
        await audit(actorOf(c), tx, { action: 'webhook.secret_rotated', targetType: 'webhook', targetId: id, details: { previousSecretExpiresAt: expires } }, now);
      });
      return c.json({ ...toWebhookDto((await getEndpoint(db, tenantId, id))!, now), secret }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{id}/deliveries',
      tags: ['Webhooks'],
      summary: 'The delivery log: every event sent to this endpoint with each attempt, newest first',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:read')] as const,
      request: { params: Params, query: PageQuerySchema.extend(DeliveryQuery.shape) },
      responses: { 200: jsonContent(pageOf(DeliverySchema), 'A page of deliveries'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor, status } = c.req.valid('query');
      const tenantId = c.get('tenantId');
      await endpointOr404(tenantId, id);
      const before = decodeCursor(cursor, Keyset.seq);
      const rows = await listDeliveries(db, tenantId, id, before ? before[0] : null, limit, status);
      const attempts = await attemptsOf(db, tenantId, rows.slice(0, limit).map((r) => r.id));
      return c.json(toPage(rows, limit, (r) => [r.seq], (r) => toDeliveryDto(r, attempts.get(r.id))), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{id}/deliveries/{deliveryId}',
      tags: ['Webhooks'],
      summary: 'One delivery with every attempt',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:read')] as const,
      request: { params: DeliveryParams },
      responses: { 200: jsonContent(DeliverySchema, 'The delivery'), ...commonErrors },
    }),
    async (c) => {
      const { id, deliveryId } = c.req.valid('param');
      const tenantId = c.get('tenantId');
      const d = await getDelivery(db, tenantId, id, deliveryId);
      if (!d) throw notFound('Delivery');
      return c.json(toDeliveryDto(d, (await attemptsOf(db, tenantId, [d.id])).get(d.id)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/{id}/deliveries/{deliveryId}/redeliver',
      tags: ['Webhooks'],
      summary: 'Send a delivery again now (same webhook-id, fresh retry schedule)',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:update')] as const,
      request: { params: DeliveryParams },
      responses: { 202: jsonContent(DeliverySchema, 'Queued'), 409: problemResponse('Endpoint disabled or delivery in flight'), ...commonErrors },
    }),
    async (c) => {
      const { id, deliveryId } = c.req.valid('param');
      const tenantId = c.get('tenantId');
      const ep = await endpointOr404(tenantId, id);
      const d = await getDelivery(db, tenantId, id, deliveryId);
      if (!d || d.event_type === PING_EVENT) throw notFound('Delivery');
      if (!ep.active) throw conflict('This endpoint is disabled; enable it (PATCH active: true) before redelivering.');
      const now = deps.now();
      const queued = await db.tx(async (tx) => {
        const ok = await scheduleRedelivery(tx, tenantId, id, deliveryId, now.toISOString());
        if (ok) await audit(actorOf(c), tx, { action: 'webhook.redelivered', targetType: 'webhook', targetId: id, details: { deliveryId } }, now);
        return ok;
      });
      if (!queued) throw conflict('This delivery is being attempted right now; try again when the attempt is logged.');
      return c.json(toDeliveryDto((await getDelivery(db, tenantId, id, deliveryId))!, (await attemptsOf(db, tenantId, [deliveryId])).get(deliveryId)), 202);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/{id}/test',
      tags: ['Webhooks'],
      summary: 'Send a signed webhook.ping to the endpoint now and answer with the attempt',
      description: 'The ping is not retried and does not count toward disabling a failing endpoint (a 410 answer still disables it).',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:update')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(DeliverySchema, 'The ping and its attempt'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = c.get('tenantId');
      const ep = await endpointOr404(tenantId, id);
      const now = deps.now();
      const owner = `api_${randomToken(12)}`;
      const data: PingData = { webhookId: ep.id, message: 'Test delivery from Helpdesk.' };
      const payload = JSON.stringify({ type: PING_EVENT, timestamp: now.toISOString(), data });
      const claim = await insertPing(db, tenantId, id, payload, owner, now, DEFAULT_DELIVERY_OPTIONS.leaseMs);
      await attemptDelivery({ db, logger: deps.logger, now: deps.now, allowPrivate: allowPrivate(), owner, options: DEFAULT_DELIVERY_OPTIONS }, claim);
      return c.json(toDeliveryDto((await getDelivery(db, tenantId, id, claim.id))!, (await attemptsOf(db, tenantId, [claim.id])).get(claim.id)), 200);
    },
  );

  return router;
}
