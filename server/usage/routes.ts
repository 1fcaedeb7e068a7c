// GET /usage: this month's tickets against the plan, agents against seats, and API calls.
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { countSeatAgents } from '../agents/queries.ts';
import { effectiveLimit, PLAN_DEFINITIONS } from '../tenants/plans.ts';
import { monthOf, ticketLimit, ticketsThisMonth } from '../tickets/limits.ts';
import { apiCallsThisMonth } from './queries.ts';
import { UsageSchema } from './schemas.ts';
import { storageUsed } from '../files/queries.ts';

export function createUsageRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/usage',
      operationId: 'getUsage',
      tags: ['Tenant'],
      summary: "Usage this month against the plan's limits",
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:read')] as const,
      responses: { 200: jsonContent(UsageSchema, 'Usage'), ...commonErrors },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const now = deps.now();
      await deps.apiCallCounter.flush().catch(() => undefined);
      const month = monthOf(now);
      const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
      const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
      const [tickets, agents, calls, stored] = await Promise.all([
        ticketsThisMonth(db, tenant.id, now),
        countSeatAgents(db, tenant.id),
        apiCallsThisMonth(db, tenant.id, now),
        storageUsed(db, tenant.id),
      ]);
      return c.json(
        {
          plan: tenant.plan,
          period: { month, start: start.toISOString(), end: end.toISOString() },
          tickets: { used: tickets, limit: ticketLimit(tenant) },
          agents: {
            used: agents,
            limit: effectiveLimit(PLAN_DEFINITIONS[tenant.plan].maxAgents, tenant.settings.maxAgents),
          },
          apiCalls: calls,
          storageBytes: { used: stored, limit: PLAN_DEFINITIONS[tenant.plan].maxStorageBytes },
          maxFileBytes: PLAN_DEFINITIONS[tenant.plan].maxFileBytes,
        },
        200,
      );
    },
  );
  return router;
}
