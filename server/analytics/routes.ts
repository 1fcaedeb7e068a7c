// GET /analytics/dashboard: the inbox's headline figures.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { ticketScopeOf } from '../tickets/scope.ts';
import { queryInt } from '../lib/query-int.ts';
import { dashboard } from './dashboard-queries.ts';
import { dailyFlow, queueCounts } from './report-queries.ts';
import { exportRows } from './export-queries.ts';
import { DailyReportSchema, DashboardSchema, ExportQuery, QueueCountsSchema } from './schemas.ts';
import { stream } from 'hono/streaming';
import { assertPermission } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';

export function createAnalyticsRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/analytics/dashboard',
      operationId: 'getAnalyticsDashboard',
      tags: ['Analytics'],
      summary:
        'Open, unassigned, pending, created and resolved today, median first response, SLA breaches, per status and priority',
      security: SECURITY.tenant,
      middleware: [requirePermission('analytics:read')] as const,
      responses: { 200: jsonContent(DashboardSchema, 'The figures'), ...commonErrors },
    }),
    async (c) => c.json(await dashboard(deps.db, c.get('tenant'), deps.now(), ticketScopeOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/analytics/reports',
      operationId: 'getAnalyticsReports',
      tags: ['Analytics'],
      summary: "Tickets created and resolved per day, in the tenant's time zone, oldest day first",
      security: SECURITY.tenant,
      middleware: [requirePermission('analytics:read')] as const,
      request: { query: z.object({ days: queryInt({ min: 1, max: 90, default: 14 }) }) },
      responses: {
        200: jsonContent(DailyReportSchema, 'Per-day flow'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const days = await dailyFlow(deps.db, tenant, deps.now(), c.req.valid('query').days, ticketScopeOf(c));
      return c.json({ timezone: tenant.settings.businessHours?.timezone ?? 'UTC', days }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/analytics/queue',
      operationId: 'getAnalyticsQueue',
      tags: ['Analytics'],
      summary: 'Ticket counts for the inbox views: mine, unassigned, open, pending, resolved (incl. closed), spam',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      responses: {
        200: jsonContent(QueueCountsSchema, 'Counts per view'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const p = tenantPrincipal(c);
      const counts = await queueCounts(deps.db, p.tenantId, p.kind === 'agent' ? p.agentId : null, ticketScopeOf(c));
      return c.json(counts, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/analytics/export',
      operationId: 'exportAnalytics',
      tags: ['Analytics'],
      summary: 'Export tickets or customers as CSV or JSON (the owner can export even while the account is suspended)',
      security: SECURITY.tenant,
      middleware: [requirePermission('analytics:read')] as const,
      request: {
        query: ExportQuery,
      },
      responses: {
        200: {
          description: 'The export, oldest first',
          content: {
            'text/csv': { schema: z.string() },
            'application/json': { schema: z.array(z.record(z.string(), z.unknown())) },
          },
        },
        ...commonErrors,
      },
    }),
    async (c) => {
      const { resource, format } = c.req.valid('query');
      assertPermission(c, resource === 'customers' ? 'customers:read' : 'tickets:read');
      const tenantId = c.get('tenantId');
      const scope = ticketScopeOf(c);
      const day = deps.now().toISOString().slice(0, 10);
      c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${resource}-${day}.${format}"`);
      return stream(c, async (s) => {
        for await (const chunk of exportRows(deps.db, tenantId, resource, format, scope)) await s.write(chunk);
      }) as never;
    },
  );

  return router;
}
