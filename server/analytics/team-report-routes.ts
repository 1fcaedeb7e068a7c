// The reports beside the metrics a support manager runs the team on: SLA compliance per target (and, added with
// them, CSAT comments, the backlog by day and knowledge-base deflection). Each answers CSV too (`?format=csv`).
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { ticketScopeOf } from '../tickets/scope.ts';
import { csvAnswer, csvOf, csvPagedAnswer, formatQuery, withCsv } from './csv-answer.ts';
import { slaReport } from './sla-queries.ts';
import { csatResponses } from './csat-queries.ts';
import { backlog } from './backlog-queries.ts';
import { kbDeflection } from './kb-deflection-queries.ts';
import { queryInt } from '../lib/query-int.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import {
  BacklogSchema,
  CsatResponseSchema,
  KbDeflectionSchema,
  MetricsFilterFields,
  periodChecked,
  SlaReportSchema,
} from './schemas.ts';

const ReportQuery = periodChecked(MetricsFilterFields.extend({ format: formatQuery }));
const KbQuery = periodChecked(
  MetricsFilterFields.pick({ from: true, to: true }).extend({
    format: formatQuery,
    limit: queryInt({ min: 1, max: 100, default: 20, description: 'How many empty searches, 1–100.' }),
  }),
);
const CsatQuery = periodChecked(
  MetricsFilterFields.extend({
    ...PageQuerySchema.shape,
    format: formatQuery,
    rating: z.enum(['good', 'bad']).optional().openapi({ description: 'Only good or only bad ratings.' }),
  }),
);

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

  router.openapi(
    createRoute({
      ...common,
      middleware: [requirePermission('analytics:read')] as const,
      path: '/analytics/csat/responses',
      operationId: 'listAnalyticsCsatResponses',
      summary: 'The CSAT ratings of the period with their comments, newest first: rating, comment, ticket, agent',
      description:
        'A rating counts for the ticket\'s assignee (as in `/analytics/metrics`), so `agentId` filters on it. The CSV is every rating of the period from `cursor` on (up to 5,000 rows; past that a `Link: rel="next"` header names the cursor to go on from).',
      request: { query: CsatQuery },
      responses: { 200: withCsv(pageOf(CsatResponseSchema), 'A page of ratings'), ...commonErrors },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const pageAt = async (cursor: string | undefined, limit: number) =>
        toPage(
          await csatResponses(
            deps.db,
            c.get('tenantId'),
            query,
            ticketScopeOf(c),
            decodeCursor(cursor, Keyset.timeId),
            limit,
          ),
          limit,
          (r) => [r.at, r.id],
          (r) => r,
        );
      if (query.format === 'csv')
        return (await csvPagedAnswer(
          c,
          'csat-responses',
          ['at', 'rating', 'comment', 'number', 'subject', 'agentName', 'agentId', 'ticketId'],
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
      middleware: [requirePermission('analytics:read')] as const,
      path: '/analytics/backlog',
      operationId: 'getAnalyticsBacklog',
      summary: "Per day in the tenant's time zone: tickets created, resolved, reopened, and open at the end of the day",
      description:
        "Days are the tenant's local days (`settings.businessHours.timezone`, UTC without): a date-only `from`/`to` is a local date (`to` exclusive). Resolved and reopened come from the metric ledger, so a past day's open count stays right after a later reopen; the drill-down kinds `created`, `resolution` and `reopen` over a day's `start`–`end` list its tickets. `agentId` filters on the ticket's assignee.",
      request: { query: ReportQuery },
      responses: { 200: withCsv(BacklogSchema, 'One row per local day, oldest first'), ...commonErrors },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const tz = c.get('tenant').settings.businessHours?.timezone ?? 'UTC';
      const report = await backlog(deps.db, c.get('tenantId'), query, ticketScopeOf(c), tz);
      if (query.format === 'csv')
        return csvAnswer(
          c,
          'backlog',
          csvOf(report.days, ['date', 'start', 'end', 'created', 'resolved', 'reopened', 'openAtEnd']),
          deps.now(),
        ) as never;
      return c.json({ timezone: tz, ...report }, 200);
    },
  );

  router.openapi(
    createRoute({
      ...common,
      middleware: [requirePermission('analytics:read')] as const,
      path: '/analytics/kb-deflection',
      operationId: 'getAnalyticsKbDeflection',
      summary:
        'Knowledge-base deflection: widget searches, article views, sessions that filed no ticket, and the searches that found nothing',
      description:
        'Counted per UTC day (whole days from the one holding `from` to the one holding the last moment before `to`); a session is the widget’s ticket form and counts in the period it began. Search text is kept only aggregated per query and day, never per visitor. The CSV is one line per figure (`kind`, `count`) and per empty search.',
      request: { query: KbQuery },
      responses: { 200: withCsv(KbDeflectionSchema, 'The funnel and the empty searches'), ...commonErrors },
    }),
    async (c) => {
      const query = c.req.valid('query');
      // What this process still buffers counts too.
      await deps.kbCounters.flush();
      const report = await kbDeflection(deps.db, c.get('tenantId'), query, query.limit);
      if (query.format === 'csv') {
        const figures: Record<string, unknown>[] = [
          ['searches', report.searches],
          ['article_views', report.articleViews],
          ['sessions', report.sessions.total],
          ['sessions_with_ticket', report.sessions.filedTicket],
          ['sessions_without_ticket', report.sessions.noTicket],
        ].map(([kind, count]) => ({ kind, query: null, locale: null, count }));
        const empty = report.emptySearches.map((e) => ({ kind: 'empty_search', ...e }));
        return csvAnswer(
          c,
          'kb-deflection',
          csvOf([...figures, ...empty], ['kind', 'query', 'locale', 'count']),
          deps.now(),
        ) as never;
      }
      return c.json(report, 200);
    },
  );

  return router;
}
