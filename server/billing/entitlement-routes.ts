// The platform operator's billing limits: a tenant's entitlements (read, set add-ons and overrides) and every
// tenant's plan, subscription and usage in its current period.
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonBody, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePlatform } from '../middleware/permission.ts';
import { actorOf } from '../audit/audit.ts';
import { orNotFound } from '../lib/problem.ts';
import { decodeCursor, Keyset, pageOf, toPage } from '../lib/pagination.ts';
import { getTenant, listTenants, listTenantsInState } from '../tenants/queries.ts';
import {
  EntitlementsPutSchema,
  EntitlementsSchema,
  TenantUsageQuerySchema,
  TenantUsageSchema,
} from './entitlement-schemas.ts';
import { entitlementsDto, setEntitlements } from './entitlement-service.ts';
import { tenantOverview } from './usage.ts';

const Params = IdParam('Tenant', 'ten_…');

export function createEntitlementRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const guard = requirePlatform();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tenants/{id}/entitlements',
      operationId: 'getTenantEntitlements',
      tags: ['Platform'],
      summary: "A tenant's features and effective limits, with the add-ons and overrides they come from",
      security: SECURITY.platform,
      middleware: guard,
      request: { params: Params },
      responses: { 200: jsonContent(EntitlementsSchema, 'The entitlements'), ...commonErrors },
    }),
    async (c) => {
      const tenant = orNotFound(await getTenant(db, c.req.valid('param').id), 'Tenant');
      return c.json(await entitlementsDto(db, tenant, deps.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/tenants/{id}/entitlements',
      operationId: 'setTenantEntitlements',
      tags: ['Platform'],
      summary: "Replace a tenant's add-ons and/or overrides (audited); held tickets are released if there is room",
      security: SECURITY.platform,
      middleware: guard,
      request: { params: Params, body: jsonBody(EntitlementsPutSchema) },
      responses: { 200: jsonContent(EntitlementsSchema, 'The entitlements now'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await setEntitlements(db, actorOf(c), id, c.req.valid('json'), deps.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/platform/usage',
      operationId: 'listTenantUsage',
      tags: ['Platform'],
      summary:
        "Every tenant's plan, subscription state, billing cycle, next billing and usage in its current period against its limits, oldest tenant first",
      security: SECURITY.platform,
      middleware: guard,
      request: { query: TenantUsageQuerySchema },
      responses: { 200: jsonContent(pageOf(TenantUsageSchema), 'A page of tenants with their usage'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor, state } = c.req.valid('query');
      const after = decodeCursor(cursor, Keyset.timeId);
      const rows = state ? await listTenantsInState(db, state, after, limit) : await listTenants(db, after, limit);
      await deps.apiCallCounter.flush().catch(() => undefined);
      const now = deps.now();
      const page = rows.slice(0, limit);
      const overview = new Map(
        await Promise.all(page.map(async (t) => [t.id, await tenantOverview(db, deps, t, now)] as const)),
      );
      return c.json(
        toPage(
          rows,
          limit,
          (t) => [t.createdAt, t.id],
          (t) => overview.get(t.id)!,
        ),
        200,
      );
    },
  );
  return router;
}
