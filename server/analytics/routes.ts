// GET /analytics/dashboard: the inbox's headline figures.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { visibilityOf } from '../tickets/actor.ts';
import { dashboard } from './dashboard.ts';

const DashboardSchema = z
  .object({
    open: z.number().int(),
    pending: z.number().int(),
    unassigned: z.number().int().openapi({ description: 'Open or pending tickets with no assignee.' }),
    createdToday: z.number().int(),
    resolvedToday: z.number().int(),
    medianFirstResponseSeconds: z.number().nullable().openapi({ description: 'Over tickets created in the last 30 days that got a first reply.' }),
    slaBreaches: z.number().int().openapi({ description: 'Tickets created in the last 30 days that missed a first-response or resolution target.' }),
    byStatus: z.record(z.string(), z.number().int()),
    byPriority: z.record(z.string(), z.number().int()).openapi({ description: 'Open and pending tickets per priority.' }),
    since: z.string(),
    today: z.string().openapi({ description: 'Start of today in the tenant\'s time zone.' }),
  })
  .openapi('Dashboard');

export function createAnalyticsRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/analytics/dashboard',
      tags: ['Analytics'],
      summary: 'Open, unassigned, pending, created and resolved today, median first response, SLA breaches, per status and priority',
      security: SECURITY.tenant,
      middleware: [requirePermission('analytics:read')] as const,
      responses: { 200: jsonContent(DashboardSchema, 'The figures'), ...commonErrors },
    }),
    async (c) => c.json(await dashboard(deps.db, c.get('tenant'), deps.now(), visibilityOf(c).onlyAssignee), 200),
  );
  return router;
}
