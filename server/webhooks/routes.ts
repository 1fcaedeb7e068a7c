// Webhook endpoints API: CRUD, secret rotation, delivery log, redelivery, test ping, event catalogue.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import {
  createRouter,
  commonErrors,
  IdParam,
  jsonBody,
  jsonContent,
  problemResponse,
  SECURITY,
} from '../openapi/router.ts';
import { requireFeature, requirePermission } from '../middleware/permission.ts';
import { idempotency } from '../middleware/idempotency.ts';
import { notFound } from '../lib/problem.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { actorOf } from '../audit/audit.ts';
import { EVENTS } from '../events/types.ts';
import {
  CreateWebhookBody,
  DeliveryDetailSchema,
  DeliveryQuery,
  DeliverySchema,
  EVENT_TYPE_NAMES,
  RotateSecretBody,
  UpdateWebhookBody,
  WebhookSchema,
} from './schemas.ts';
import {
  attemptsOf,
  getDelivery,
  getDeliveryPayload,
  listDeliveries,
  listEndpoints,
  toDeliveryDto,
  toWebhookDto,
} from './queries.ts';
import {
  createWebhook,
  deleteWebhook,
  endpointOr404,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestPing,
  updateWebhook,
} from './service.ts';

const DeliveryParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'wh_…', description: 'Webhook id' }),
  deliveryId: z
    .string()
    .min(1)
    .max(64)
    .openapi({
      param: { name: 'deliveryId', in: 'path' },
      example: 'msg_…',
      description: 'Delivery id (the webhook-id header)',
    }),
});

const WithSecret = WebhookSchema.extend({
  secret: z.string().openapi({ description: 'whsec_… — shown only in this answer.' }),
});

export function createWebhookRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Webhook', 'wh_…');

  // Every webhook route needs the feature, so the guard sits on the path rather than on each route.
  router.use('/webhooks/*', requireFeature(deps, 'webhooks'));

  router.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/event-types',
      operationId: 'listWebhookEventTypes',
      tags: ['Webhooks'],
      summary: 'The event types an endpoint can subscribe to',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:read')] as const,
      responses: {
        200: jsonContent(
          z.object({ data: z.array(z.object({ type: z.enum(EVENT_TYPE_NAMES), description: z.string() })) }),
          'The catalogue',
        ),
        ...commonErrors,
      },
    }),
    async (c) =>
      c.json({ data: EVENT_TYPE_NAMES.map((type) => ({ type, description: EVENTS[type].description })) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks',
      operationId: 'createWebhook',
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
      const { endpoint, secret, now } = await createWebhook(deps, actorOf(c), c.req.valid('json'));
      return c.json({ ...toWebhookDto(endpoint, now), secret }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks',
      operationId: 'listWebhooks',
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
      return c.json(
        toPage(
          rows,
          limit,
          (e) => [e.createdAt, e.id],
          (e) => toWebhookDto(e, now),
        ),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{id}',
      operationId: 'getWebhook',
      tags: ['Webhooks'],
      summary: 'Read a webhook endpoint',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(WebhookSchema, 'The endpoint'), ...commonErrors },
    }),
    async (c) => {
      const ep = await endpointOr404(deps, c.get('tenantId'), c.req.valid('param').id);
      return c.json(toWebhookDto(ep, deps.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/webhooks/{id}',
      operationId: 'updateWebhook',
      tags: ['Webhooks'],
      summary: 'Change an endpoint; active: false pauses it, active: true re-enables it from now on',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:update')] as const,
      request: { params: Params, body: jsonBody(UpdateWebhookBody) },
      responses: { 200: jsonContent(WebhookSchema, 'The endpoint'), ...commonErrors },
    }),
    async (c) => {
      const { endpoint, now } = await updateWebhook(deps, actorOf(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json(toWebhookDto(endpoint, now), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/webhooks/{id}',
      operationId: 'deleteWebhook',
      tags: ['Webhooks'],
      summary: 'Delete an endpoint and its delivery log',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:delete')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...commonErrors },
    }),
    async (c) => {
      await deleteWebhook(deps, actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/{id}/rotate-secret',
      operationId: 'rotateWebhookSecret',
      tags: ['Webhooks'],
      summary: 'Issue a new signing secret; the old one keeps signing beside it for graceSeconds',
      description:
        'During the window, webhook-signature carries two space-separated signatures (new first), so receivers can switch secrets without dropping deliveries.',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:update')] as const,
      request: {
        params: Params,
        body: { required: false, content: { 'application/json': { schema: RotateSecretBody } } },
      },
      responses: {
        200: jsonContent(WithSecret, 'The endpoint with its new secret (shown only here)'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      // Without a body the validator hands over {}, so the default applies here.
      const graceSeconds = c.req.valid('json').graceSeconds ?? 24 * 3600;
      const { endpoint, secret, now } = await rotateWebhookSecret(deps, actorOf(c), id, graceSeconds);
      return c.json({ ...toWebhookDto(endpoint, now), secret }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{id}/deliveries',
      operationId: 'listWebhookDeliveries',
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
      await endpointOr404(deps, tenantId, id);
      const before = decodeCursor(cursor, Keyset.seq);
      const rows = await listDeliveries(db, tenantId, id, before ? before[0] : null, limit, status);
      const attempts = await attemptsOf(
        db,
        tenantId,
        rows.slice(0, limit).map((r) => r.id),
      );
      return c.json(
        toPage(
          rows,
          limit,
          (r) => [r.seq],
          (r) => toDeliveryDto(r, attempts.get(r.id)),
        ),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{id}/deliveries/{deliveryId}',
      operationId: 'getWebhookDelivery',
      tags: ['Webhooks'],
      summary: 'One delivery with every attempt and the request body it sends',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:read')] as const,
      request: { params: DeliveryParams },
      responses: { 200: jsonContent(DeliveryDetailSchema, 'The delivery'), ...commonErrors },
    }),
    async (c) => {
      const { id, deliveryId } = c.req.valid('param');
      const tenantId = c.get('tenantId');
      const d = await getDelivery(db, tenantId, id, deliveryId);
      if (!d) throw notFound('Delivery');
      const payload = (await getDeliveryPayload(db, tenantId, id, deliveryId)) ?? '';
      return c.json({ ...toDeliveryDto(d, (await attemptsOf(db, tenantId, [d.id])).get(d.id)), payload }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/{id}/deliveries/{deliveryId}/redeliver',
      operationId: 'redeliverWebhookDelivery',
      tags: ['Webhooks'],
      summary: 'Send a delivery again now (same webhook-id, fresh retry schedule)',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:update')] as const,
      request: { params: DeliveryParams },
      responses: {
        202: jsonContent(DeliverySchema, 'Queued'),
        409: problemResponse('Endpoint disabled or delivery in flight'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id, deliveryId } = c.req.valid('param');
      const tenantId = c.get('tenantId');
      await redeliverWebhook(deps, actorOf(c), id, deliveryId);
      return c.json(
        toDeliveryDto(
          (await getDelivery(db, tenantId, id, deliveryId))!,
          (await attemptsOf(db, tenantId, [deliveryId])).get(deliveryId),
        ),
        202,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/{id}/test',
      operationId: 'testWebhook',
      tags: ['Webhooks'],
      summary: 'Send a signed webhook.ping to the endpoint now and answer with the attempt',
      description:
        'The ping is not retried and does not count toward disabling a failing endpoint (a 410 answer still disables it).',
      security: SECURITY.tenant,
      middleware: [requirePermission('webhooks:update')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(DeliverySchema, 'The ping and its attempt'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = c.get('tenantId');
      const pingId = await sendTestPing(deps, tenantId, id);
      return c.json(
        toDeliveryDto(
          (await getDelivery(db, tenantId, id, pingId))!,
          (await attemptsOf(db, tenantId, [pingId])).get(pingId),
        ),
        200,
      );
    },
  );

  return router;
}
