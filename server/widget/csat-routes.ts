// The widget's "How did we do?" (X-Widget-Key + visitor token): rate one of your resolved tickets.
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonBody, jsonContent, problemResponse } from '../openapi/router.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { notFound } from '../lib/problem.ts';
import { SatisfactionSchema } from '../tickets/schemas.ts';
import { RatingBody } from '../csat/schemas.ts';
import { submitRating } from '../csat/service.ts';
import { requireVisitor, visitorTicketIds } from './visitor-tokens.ts';

export function createWidgetCsatRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/tickets/{id}/rating',
      operationId: 'rateWidgetTicket',
      tags: ['Widget'],
      summary: 'Rate a resolved ticket of yours (good / bad + comment); once per resolution, changeable for 7 days',
      description:
        'The ticket then shows `satisfaction: { rating, comment, ratedAt }` and a `csat.submitted` event goes to webhooks. ' +
        '409 when the ticket is not resolved, the help desk does not ask for ratings, or 7 days have passed since it was resolved.',
      security: [{ widgetKey: [], visitorToken: [] }],
      middleware: [
        rateLimit({
          limiter: deps.limiter,
          enabled: deps.env.RATE_LIMITS,
          limit: 20,
          windowMs: 10 * 60 * 1000,
          key: (c) => `widget:rating:ip:${c.get('tenantId')}:${clientIp(c)}`,
        }),
      ] as const,
      request: { params: IdParam('Ticket', 'tkt_…'), body: jsonBody(RatingBody) },
      responses: {
        201: jsonContent(SatisfactionSchema, 'Rated'),
        409: problemResponse('The ticket cannot be rated now'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const tenant = c.get('tenant');
      const visitor = await requireVisitor(c, db);
      if (!(await visitorTicketIds(db, tenant.id, visitor)).includes(id)) throw notFound('Ticket');
      const { satisfaction } = await submitRating(
        db,
        { kind: 'ticket', tenantId: tenant.id, ticketId: id },
        body,
        deps.now(),
      );
      return c.json(satisfaction, 201);
    },
  );
  return router;
}
