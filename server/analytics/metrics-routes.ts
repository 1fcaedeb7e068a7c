// GET /analytics/metrics (+ /agents, /heatmap, /metrics/tickets): the reports a support manager runs the team on,
// read from the metric ledger. Each list answers CSV too (`?format=csv`), so any report can be exported.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { ticketScopeOf } from '../tickets/scope.ts';
import { CursorPart, decodeCursor, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { metrics } from './metrics-queries.ts';
import { agentTable, arrivalHeatmap, drillDown } from './breakdown-queries.ts';
import { csvAnswer as csvAnswerOn, csvOf, csvPagedAnswer, formatQuery, withCsv } from './csv-answer.ts';
import { liveTiles } from './live-queries.ts';
import {
  AgentReportRowSchema,
  DRILL_KINDS,
  DrillRowSchema,
  HeatmapSchema,
  LiveTilesSchema,
  MetricsFilterFields,
  MetricsQuery,
  MetricsSchema,
  periodChecked,
} from './schemas.ts';

const format = formatQuery;
const ReportQuery = periodChecked(MetricsFilterFields.extend({ format }));
const DrillQuery = periodChecked(
  MetricsFilterFields.extend({
    ...PageQuerySchema.shape,
    format,
    kind: z.enum(DRILL_KINDS).openapi({ description: 'Which figure: its ledger rows and their tickets.' }),
  }),
);
const DrillCursor = z.tuple([CursorPart.time, CursorPart.id, CursorPart.int]);
export function createMetricsRoutes(deps: Deps) {
  const router = createRouter();
  const csvAnswer = (c: Parameters<typeof csvAnswerOn>[0], name: string, body: string) =>
    csvAnswerOn(c, name, body, deps.now());
  const common = {
    method: 'get' as const,
    tags: ['Analytics'],
    security: SECURITY.tenant,
  };

  router.openapi(
    createRoute({
      ...common,
      middleware: [requirePermission('analytics:read')] as const,
      path: '/analytics/metrics',
      operationId: 'getAnalyticsMetrics',
      summary:
        'First response, next response, resolution and waiting times (median, p90, distribution; calendar and business time), reopens, SLA compliance and CSAT for a period',
      description:
        "Read from the metric ledger, written with each ticket change: a person's replies count, automated ones do not; a resolution after a reopen is measured from the reopen; business time follows the tenant's hours and holidays. `teamId`, `channel`, `tag` and `priority` filter tickets; `agentId` the agent credited.",
      request: { query: MetricsQuery },
      responses: { 200: jsonContent(MetricsSchema, 'The figures'), ...commonErrors },
    }),
    async (c) =>
      c.json(await metrics(deps.db, c.get('tenantId'), c.req.valid('query'), ticketScopeOf(c), deps.now()), 200),
  );

  router.openapi(
    createRoute({
      ...common,
      middleware: [requirePermission('analytics:read')] as const,
      path: '/analytics/agents',
      operationId: 'getAnalyticsAgents',
      summary: 'Per agent: tickets handled, responses, resolutions, median first and overall response time, CSAT',
      request: { query: ReportQuery },
      responses: {
        200: withCsv(z.object({ data: z.array(AgentReportRowSchema) }), 'One row per agent'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const rows = await agentTable(deps.db, c.get('tenantId'), query, ticketScopeOf(c));
      if (query.format === 'csv')
        return csvAnswer(
          c,
          'agents',
          csvOf(
            rows.map((r) => ({ ...r, csatScore: r.csat.score, csatGood: r.csat.good, csatBad: r.csat.bad })),
            [
              'agentId',
              'name',
              'handled',
              'responses',
              'resolutions',
              'medianFirstResponseSeconds',
              'medianResponseSeconds',
              'csatScore',
              'csatGood',
              'csatBad',
            ],
          ),
        ) as never;
      return c.json({ data: rows }, 200);
    },
  );

  router.openapi(
    createRoute({
      ...common,
      middleware: [requirePermission('analytics:read')] as const,
      path: '/analytics/heatmap',
      operationId: 'getAnalyticsHeatmap',
      summary: "Tickets created per weekday and hour in the tenant's time zone",
      request: { query: ReportQuery },
      responses: { 200: withCsv(HeatmapSchema, 'counts[weekday][hour], Monday first'), ...commonErrors },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const tz = c.get('tenant').settings.businessHours?.timezone ?? 'UTC';
      const counts = await arrivalHeatmap(deps.db, c.get('tenantId'), query, ticketScopeOf(c), tz);
      const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
      if (query.format === 'csv') {
        const rows: Record<string, unknown>[] = counts.map((hours, i) => ({
          weekday: weekdays[i],
          ...Object.fromEntries(hours.map((n, h) => [String(h), n])),
        }));
        return csvAnswer(
          c,
          'heatmap',
          csvOf(rows, ['weekday', ...Array.from({ length: 24 }, (_, h) => String(h))]),
        ) as never;
      }
      return c.json({ timezone: tz, weekdays, counts }, 200);
    },
  );

  router.openapi(
    createRoute({
      ...common,
      middleware: [requirePermission('analytics:read')] as const,
      path: '/analytics/metrics/tickets',
      operationId: 'listAnalyticsMetricTickets',
      summary: 'The tickets behind a figure (drill-down): each ledger row of `kind` in the period, newest first',
      request: { query: DrillQuery },
      responses: {
        200: withCsv(pageOf(DrillRowSchema), 'A page of rows with their tickets'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const pageAt = async (cursor: string | undefined, limit: number) =>
        toPage(
          await drillDown(
            deps.db,
            c.get('tenantId'),
            query,
            ticketScopeOf(c),
            query.kind,
            decodeCursor(cursor, DrillCursor),
            limit,
            deps.now(),
          ),
          limit,
          (r) => [r.at, r.ticketId, r.seq],
          ({ seq: _seq, ...r }) => r,
        );
      if (query.format === 'csv')
        return (await csvPagedAnswer(
          c,
          `metric-${query.kind}`,
          ['number', 'subject', 'kind', 'at', 'calendarSeconds', 'businessSeconds', 'agentId', 'ticketId'],
          deps.now(),
          query.cursor,
          pageAt,
        )) as never;
      const page = await pageAt(query.cursor, query.limit);
      return c.json(page, 200);
    },
  );

  router.openapi(
    createRoute({
      ...common,
      path: '/analytics/live',
      operationId: 'getAnalyticsLive',
      summary:
        'Live tiles: open now, the oldest unanswered ticket, SLA deadlines within the hour, agents available, chats in progress',
      description: 'Read fresh on each call; the inbox calls again when `GET /events` reports a ticket or chat change.',
      middleware: [requirePermission('analytics:read')] as const,
      responses: { 200: jsonContent(LiveTilesSchema, 'The tiles'), ...commonErrors },
    }),
    async (c) => c.json(await liveTiles(deps.db, c.get('tenantId'), ticketScopeOf(c), deps.now()), 200),
  );

  return router;
}
