// API keys for integrators: create (secret shown once), list, revoke; scopes never exceed the creator's.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonBody, jsonContent, SECURITY } from '../openapi/router.ts';
import { requireFeature, requirePermission } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { actorOf } from '../audit/audit.ts';
import { assertCanGrant } from '../roles/grants.ts';
import { listApiKeys, toApiKeyDto } from './queries.ts';
import { ApiKeySchema, CreateApiKeyBody } from './schemas.ts';
import { createApiKey, revokeApiKey } from './service.ts';

export function createApiKeyRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api-keys',
      operationId: 'createApiKey',
      tags: ['API keys'],
      summary: 'Create an API key; the secret (hd_sk_…) is in this answer only',
      description:
        "Scopes never exceed the creator's permissions (403 naming what is missing); a caller limited to own tickets cannot create keys, which reach every ticket.",
      security: SECURITY.tenant,
      middleware: [requirePermission('api-keys:create'), requireFeature(deps, 'api-keys')] as const,
      request: { body: jsonBody(CreateApiKeyBody) },
      responses: { 201: jsonContent(ApiKeySchema.extend({ key: z.string() }), 'Created'), ...commonErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const p = tenantPrincipal(c);
      const scopes = [...new Set(body.scopes ?? [...p.permissions])];
      // A key sees every ticket its scopes reach: it has no "own tickets" to be limited to.
      assertCanGrant(p, { permissions: scopes, ownTicketsOnly: false });
      const { key, secret } = await createApiKey(
        db,
        actorOf(c),
        { name: body.name, scopes, createdBy: p.kind === 'agent' ? p.agentId : p.apiKeyId },
        deps.now(),
      );
      return c.json({ ...toApiKeyDto(key), key: secret }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api-keys',
      operationId: 'listApiKeys',
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
      return c.json(
        toPage(rows, limit, (k) => [k.createdAt, k.id], toApiKeyDto),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api-keys/{id}',
      operationId: 'revokeApiKey',
      tags: ['API keys'],
      summary: 'Revoke an API key (it stops working at once)',
      security: SECURITY.tenant,
      middleware: [requirePermission('api-keys:delete')] as const,
      request: { params: IdParam('API key', 'key_…') },
      responses: { 204: { description: 'Revoked' }, ...commonErrors },
    }),
    async (c) => {
      await revokeApiKey(db, actorOf(c), c.req.valid('param').id, deps.now());
      return c.body(null, 204);
    },
  );

  return router;
}
