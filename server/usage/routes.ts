// GET /usage: this month's tickets against the plan, agents against seats, and API calls.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { countSeatAgents } from '../agents/queries.ts';
import { effectiveLimit, PLAN_DEFINITIONS } from '../tenants/plans.ts';
import { monthOf, ticketLimit, ticketsThisMonth } from '../tickets/limits.ts';

const Meter = z.object({
  used: z.number().int(),
  limit: z.number().int().nullable().openapi({ description: 'null = unlimited' }),
});
const UsageSchema = z
  .object({
    plan: z.string(),
    period: z.object({ month: z.string().openapi({ example: '2026-03' }), start: z.string(), end: z.string() }),
    tickets: Meter.openapi({ description: 'Tickets created this calendar month (UTC).' }),
    agents: Meter.openapi({ description: 'Agents holding a seat (active or invited).' }),
    apiCalls: z.object({ thisMonth: z.number().int(), today: z.number().int() }),
  })
  .openapi('Usage');

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
      const [tickets, agents, calls] = await Promise.all([
        ticketsThisMonth(db, tenant.id, now),
        countSeatAgents(db, tenant.id),
        db.get<{ month: number | null; today: number | null }>(
          'SELECT sum(calls) AS month, sum(CASE WHEN day = ? THEN calls END) AS today FROM api_usage WHERE tenant_id = ? AND day >= ? AND day < ?',
          [now.toISOString().slice(0, 10), tenant.id, `${month}-01`, `${month}-32`],
        ),
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
          apiCalls: { thisMonth: calls?.month ?? 0, today: calls?.today ?? 0 },
        },
        200,
      );
    },
  );
  return router;
}
