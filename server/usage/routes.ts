// GET /usage: the current billing period's tickets, API calls, storage and active agents against the limits.
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { tenantUsage } from '../billing/usage.ts';
import { UsageSchema } from './schemas.ts';

export function createUsageRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/usage',
      operationId: 'getUsage',
      tags: ['Tenant'],
      summary: "Usage in the current billing period against the tenant's limits",
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:read')] as const,
      responses: { 200: jsonContent(UsageSchema, 'Usage'), ...commonErrors },
    }),
    async (c) => {
      await deps.apiCallCounter.flush().catch(() => undefined);
      return c.json(await tenantUsage(deps.db, c.get('tenant'), deps.now()), 200);
    },
  );
  return router;
}
