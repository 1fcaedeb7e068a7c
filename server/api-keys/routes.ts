// API keys for integrators: create (secret shown once), list, revoke; scopes never exceed the creator's.
import { createRoute, z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonBody, jsonContent, SECURITY } from '../openapi/router.ts';
import { requireFeature, requirePermission } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { notFound } from '../lib/problem.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { actorOf, audit } from '../audit/audit.ts';
import { ALL_PERMISSIONS, type Permission } from '../roles/permissions.ts';
import { assertCanGrant } from '../roles/grants.ts';
import { getApiKey, insertApiKey, listApiKeys, revokeApiKey, toApiKeyDto } from './queries.ts';

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    keyHint: z.string(),
    scopes: z.array(z.string()),
    createdBy: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ApiKey');

const CreateBody = z
  .object({
    name: text({ max: 100, nonEmpty: true }),
    scopes: z
      .array(z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]))
      .min(1)
      .max(ALL_PERMISSIONS.length)
      .optional()
      .openapi({ description: 'resource:action permissions; defaults to all of yours' }),
  })
  .strict()
  .openapi('CreateApiKey');

export function createApiKeyRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api-keys',
      tags: ['API keys'],
      summary: 'Create an API key; the secret (hd_sk_…) is in this answer only',
      description: 'Scopes never exceed the creator\'s permissions (403 naming what is missing); a caller limited to own tickets cannot create keys, which reach every ticket.',
      security: SECURITY.tenant,
      middleware: [requirePermission('api-keys:create'), requireFeature('api-keys')] as const,
      request: { body: jsonBody(CreateBody) },
      responses: { 201: jsonContent(ApiKeySchema.extend({ key: z.string() }), 'Created'), ...commonErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const p = tenantPrincipal(c);
      const scopes = [...new Set(body.scopes ?? [...p.permissions])];
      // A key sees every ticket its scopes reach: it has no "own tickets" to be limited to.
      assertCanGrant(p, { permissions: scopes, ownTicketsOnly: false });
      const id = newId('key');
      const secret = `hd_sk_${randomToken(40)}`;
      const now = deps.now();
      await db.tx(async (tx) => {
        await insertApiKey(tx, p.tenantId, { id, name: body.name, secret, scopes, createdBy: p.kind === 'agent' ? p.agentId : p.apiKeyId, now: now.toISOString() });
        await audit(actorOf(c), tx, { action: 'api_key.created', targetType: 'api_key', targetId: id, details: { scopes } }, now);
      });
      return c.json({ ...toApiKeyDto((await getApiKey(db, p.tenantId, id))!), key: secret }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api-keys',
      tags: ['API keys'],
      summary: 'List API keys (never their secrets)',
      security: SECURITY.tenant,
      middleware: [requirePermission('api-keys:read')] as const,
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(pageOf(ApiKeySchema), 'A page of keys'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await listApiKeys(db, c.get('tenantId'), decodeCursor(cursor, Keyset.timeId), limit);
      return c.json(toPage(rows, limit, (k) => [k.createdAt, k.id], toApiKeyDto), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api-keys/{id}',
      tags: ['API keys'],
      summary: 'Revoke an API key (it stops working at once)',
      security: SECURITY.tenant,
      middleware: [requirePermission('api-keys:delete')] as const,
      request: { params: IdParam('API key', 'key_…') },
      responses: { 204: { description: 'Revoked' }, ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = c.get('tenantId');
      const key = await getApiKey(db, tenantId, id);
      if (!key) throw notFound('API key');
      const now = deps.now();
      await db.tx(async (tx) => {
        await revokeApiKey(tx, tenantId, id, now.toISOString());
        await audit(actorOf(c), tx, { action: 'api_key.revoked', targetType: 'api_key', targetId: id }, now);
      });
      return c.body(null, 204);
    },
  );

  return router;
}
