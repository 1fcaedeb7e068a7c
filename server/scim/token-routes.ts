// The tenant's SCIM bearer token under /api/v1 (in the OpenAPI document): its status, create or rotate (shown once,
// kept hashed), revoke. The owner's alone, and an enterprise feature, like SCIM itself.
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, SECURITY } from '../openapi/router.ts';
import { forbidden } from '../lib/problem.ts';
import { requireFeature } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { isOwner } from '../roles/grants.ts';
import { actorOf } from '../audit/audit.ts';
import { getActiveScimToken } from './queries.ts';
import { rotateScimToken, revokeScimToken } from './service.ts';
import { ScimTokenCreatedSchema, ScimTokenStatusSchema } from './schemas.ts';
import { scimBaseUrl } from './routes.ts';

/** An identity provider with the token can make agents in any group-mapped role: only the owner hands it out. */
function assertOwner(c: Context<AppEnv>) {
  if (!isOwner(tenantPrincipal(c)))
    throw forbidden('Only the account owner manages the SCIM token.', { requiredRole: 'owner' });
}

export function createScimTokenRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const baseUrl = scimBaseUrl(deps.env.PUBLIC_URL);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/scim/token',
      operationId: 'getScimToken',
      tags: ['SCIM'],
      summary:
        'Whether SCIM provisioning has a token (never the token itself), and the base URL to give the identity provider',
      security: SECURITY.tenant,
      middleware: [requireFeature(deps, 'scim')] as const,
      responses: { 200: jsonContent(ScimTokenStatusSchema, 'The token status'), ...commonErrors },
    }),
    async (c) => {
      assertOwner(c);
      const t = await getActiveScimToken(db, c.get('tenantId'));
      return c.json({ configured: !!t, hint: t?.hint ?? null, createdAt: t?.createdAt ?? null, baseUrl }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/scim/token',
      operationId: 'rotateScimToken',
      tags: ['SCIM'],
      summary: 'Create or rotate the SCIM bearer token (shown once; any earlier token stops working at once)',
      description: 'Enterprise plan; the account owner only. Give the token and `baseUrl` to Okta or Entra ID.',
      security: SECURITY.tenant,
      middleware: [requireFeature(deps, 'scim')] as const,
      responses: { 201: jsonContent(ScimTokenCreatedSchema, 'The new token'), ...commonErrors },
    }),
    async (c) => {
      assertOwner(c);
      const made = await rotateScimToken(deps, actorOf(c), c.get('tenantId'));
      return c.json({ ...made, baseUrl }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/scim/token',
      operationId: 'revokeScimToken',
      tags: ['SCIM'],
      summary: 'Revoke the SCIM token: provisioning stops (the identity provider gets 401)',
      security: SECURITY.tenant,
      middleware: [requireFeature(deps, 'scim')] as const,
      responses: { 204: { description: 'Revoked' }, ...commonErrors },
    }),
    async (c) => {
      assertOwner(c);
      await revokeScimToken(deps, actorOf(c), c.get('tenantId'));
      return c.body(null, 204);
    },
  );

  return router;
}
