// The agent's day on one ticket: snooze it until a time or the customer's reply, wake it, and say you are viewing
// it (collision warnings; the reply check itself is `lastSeenMessageId` on POST /tickets/{id}/messages).
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import {
  createRouter,
  commonErrors,
  IdParam,
  jsonBody,
  jsonContent,
  problemResponse,
  SECURITY,
} from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { invalidField, notFound } from '../lib/problem.ts';
import { authorOf } from './actor.ts';
import { ticketScopeOf } from './scope.ts';
import { getTicketRow } from './queries.ts';
import { MAX_SNOOZE_MS, SnoozeBody, TicketSchema, ViewersSchema } from './schemas.ts';
import { updateTicket } from './service.ts';

/** A snooze time must lie ahead, and at most a year ahead; answers it as ISO 8601 UTC. */
export function checkSnoozeTime(until: string, now: Date, field: string): string {
  const t = new Date(until).getTime();
  if (!(t > now.getTime())) throw invalidField(field, 'must be in the future');
  if (t - now.getTime() > MAX_SNOOZE_MS) throw invalidField(field, 'must be at most a year ahead');
  return new Date(t).toISOString();
}

const snoozeConflict = problemResponse('The ticket is resolved, closed or in Spam');

export function createSnoozeRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Ticket', 'tkt_…');

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/snooze',
      operationId: 'snoozeTicket',
      tags: ['Tickets'],
      summary: 'Snooze an open or pending ticket until a time, or until the customer replies',
      description:
        'Send exactly one of `until` (in the future, at most a year ahead) or `untilReply: true`. The ticket leaves the Mine, Unassigned, Open and Pending views ' +
        '(it is in the Snoozed view, and in lists with `snoozed=true`) until the time passes or the customer replies, whichever comes first; then `ticket.woken` is sent and the assignee is notified. ' +
        'Snoozing again replaces the earlier snooze.',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update')] as const,
      request: { params: Params, body: jsonBody(SnoozeBody) },
      responses: { 200: jsonContent(TicketSchema, 'The snoozed ticket'), 409: snoozeConflict, ...commonErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const until = body.until ? checkSnoozeTime(body.until, deps.now(), 'until') : null;
      const ticket = await updateTicket(
        db,
        c.get('tenant'),
        c.req.valid('param').id,
        { snooze: { until } },
        await authorOf(c, db),
        ticketScopeOf(c),
        deps.now(),
      );
      return c.json(ticket, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/tickets/{id}/snooze',
      operationId: 'wakeTicket',
      tags: ['Tickets'],
      summary: 'Wake a snoozed ticket now (a ticket that is not snoozed stays as it is)',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(TicketSchema, 'The ticket, awake'), 409: snoozeConflict, ...commonErrors },
    }),
    async (c) => {
      const ticket = await updateTicket(
        db,
        c.get('tenant'),
        c.req.valid('param').id,
        { snooze: null },
        await authorOf(c, db),
        ticketScopeOf(c),
        deps.now(),
      );
      return c.json(ticket, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/viewing',
      operationId: 'signalTicketViewing',
      tags: ['Tickets'],
      summary: 'Say you are viewing a ticket (send every 15 s while it is open); answers who else views it',
      description:
        'Other agents who may read the ticket see it on GET /events as `event: viewing` with data `{ ticketId, agentId, name, viewing, expiresAt }` and no `id` (never replayed). ' +
        'Each heartbeat holds 30 seconds; the server sends `viewing: false` when it lapses or on DELETE.',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(ViewersSchema, 'The other agents viewing the ticket now'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const p = tenantPrincipal(c);
      const { id } = c.req.valid('param');
      const row = await getTicketRow(db, tenantId, id, ticketScopeOf(c));
      if (!row) throw notFound('Ticket');
      // Only people view tickets; an API key's call shows who is viewing without counting as one.
      if (p.kind === 'agent') {
        const author = await authorOf(c, db);
        deps.viewers.touch(tenantId, { ticketId: id, agentId: p.agentId, name: author.name });
      }
      const me = p.kind === 'agent' ? p.agentId : null;
      return c.json({ data: deps.viewers.list(tenantId, id).filter((v) => v.agentId !== me) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/tickets/{id}/viewing',
      operationId: 'stopTicketViewing',
      tags: ['Tickets'],
      summary: 'Say you left the ticket (the others see `viewing: false` at once)',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Left' }, ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const p = tenantPrincipal(c);
      const { id } = c.req.valid('param');
      const row = await getTicketRow(db, tenantId, id, ticketScopeOf(c));
      if (!row) throw notFound('Ticket');
      if (p.kind === 'agent') deps.viewers.leave(tenantId, id, p.agentId);
      return c.body(null, 204);
    },
  );

  return router;
}
