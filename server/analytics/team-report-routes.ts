// The reports beside the metrics a support manager runs the team on: SLA compliance per target (and, added with
// them, CSAT comments, the backlog by day and knowledge-base deflection). Each answers CSV too (`?format=csv`).
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { ticketScopeOf } from '../tickets/scope.ts';
import { csvAnswer, csvOf, formatQuery, withCsv } from './csv-answer.ts';
import { slaReport } from './sla-queries.ts';
import { MetricsFilterFields, periodChecked, SlaReportSchema } from './schemas.ts';

const ReportQuery = periodChecked(MetricsFilterFields.extend({ format: formatQuery }));

export function createTeamReportRoutes(deps: Deps) {
  const router = createRouter();
  const common = {
    method: 'get' as const,
    tags: ['Analytics'],
    security: SECURITY.tenant,
  };

  router.openapi(
    createRoute({
      ...common,
      middleware: [requirePermission('analytics:read')] as const,
      path: '/analytics/sla',
      operationId: 'getAnalyticsSla',
      summary: 'SLA compliance per target: each priority’s first-response and resolution target, met and breached',
      description:
        'A target counts in the period it was reached (met on time or late), or, still unreached, in the period it fell due once the due time has passed. The drill-down kinds `sla_first_response_met`, `sla_first_response_breached`, `sla_resolution_met` and `sla_resolution_breached` (with `priority`) list the tickets behind each number. With `agentId`, targets still unmet count for nobody.',
      request: { query: ReportQuery },
      responses: { 200: withCsv(SlaReportSchema, 'One row per target, and the totals'), ...commonErrors },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const report = await slaReport(deps.db, c.get('tenantId'), query, ticketScopeOf(c), deps.now());
      if (query.format === 'csv')
        return csvAnswer(
          c,
          'sla',
          csvOf(report.targets, ['priority', 'target', 'targetMinutes', 'met', 'breached', 'stillOpen', 'compliance']),
          deps.now(),
        ) as never;
      return c.json(report, 200);
    },
  );

  return router;
}
