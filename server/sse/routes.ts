// GET /events (agents, integrators) and GET /widget/events (visitors): the live event streams.
import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/client.ts';
import type { Deps, TenantPrincipal } from '../types.ts';
import { createRouter, commonErrors, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import type { StoredEvent } from '../events/log.ts';
import { eventDefinition, widgetProjection } from '../events/types.ts';
import { requireVisitor, visitorTicketIds, type Visitor } from '../visitors/tokens.ts';
import { ticketScope } from '../tickets/scope.ts';
import { ticketInScope } from '../tickets/queries.ts';
import { DEFAULT_TIMING, startSeq, streamEvents, type StreamTiming } from './stream.ts';

/**
 * What an agent or API key receives of an event: nothing without the permission its type needs, and of
 * an event about a ticket nothing unless the ticket is in their scope now (own-tickets roles).
 */
function agentView(db: Db, tenantId: string, p: TenantPrincipal) {
  const scope = ticketScope(p);
  return async (e: StoredEvent) => {
    const def = eventDefinition(e.type);
    if (!def || !p.permissions.has(def.permission)) return null;
    const ticketId = def.ticketId?.(e.data);
    if (ticketId && !(await ticketInScope(db, tenantId, ticketId, scope))) return null;
    return e.data;
  };
}

/**
 * What a visitor receives: events their writer made public for this visitor, about a ticket this token
 * may read, in the visitor's projection (never internal notes, tags, assignees or custom fields).
 */
function visitorView(db: Db, tenantId: string, visitor: Visitor, initial: string[]) {
  let mine = new Set(initial);
  const canSee = async (ticketId: string) => {
    if (!mine.has(ticketId)) mine = new Set(await visitorTicketIds(db, tenantId, visitor));
    return mine.has(ticketId);
  };
  return async (e: StoredEvent) => {
    if (e.audience !== 'public' || e.visitorScope !== visitor.customerId) return null;
    const ticketId = eventDefinition(e.type)?.ticketId?.(e.data);
    if (!ticketId || !(await canSee(ticketId))) return null;
    return widgetProjection(e.type, e.data);
  };
}

const sse = (description: string) => ({
  200: { description, content: { 'text/event-stream': { schema: z.string().openapi({ example: 'id: 42\nevent: ticket.created\ndata: {"id":"tkt_…"}\n\n' }) } } },
});

const Resume = z.object({
  lastEventId: z.string().optional().openapi({ description: 'Resume after this event id (same as the Last-Event-ID header).' }),
});

export function createEventStreamRoutes(deps: Deps, timing: StreamTiming = DEFAULT_TIMING) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/events',
      tags: ['Events'],
      summary: 'Server-Sent Events: the tenant\'s ticket, message and customer changes as they happen',
      description:
        'Each event has `id` (its sequence number), `event` (ticket.created, ticket.updated, ticket.resolved, message.created, customer.created, …) and `data` (the full object as JSON). ' +
        'Reconnect with `Last-Event-ID` (or `?lastEventId=`) to receive everything missed. Comment lines are heartbeats. ' +
        'Each event needs the permission of its resource (customer.* `customers:read`, kb.* `kb:read`, ticket and message events `tickets:read`); ' +
        'agents limited to their own tickets receive ticket and message events of those tickets only. ' +
        'The `data` of each event type is the `data` of its delivery body in this document\'s `webhooks` section.',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { query: Resume },
      responses: { ...sse('The event stream'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const from = await startSeq(c, deps, tenantId);
      return streamEvents(c, deps, tenantId, from, agentView(db, tenantId, tenantPrincipal(c)), timing) as never;
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/widget/events',
      tags: ['Widget'],
      summary: 'Server-Sent Events for a visitor: replies and status changes on their own tickets (never internal notes)',
      description:
        'Browser EventSource cannot send headers, so the widget key may come as `?key=` and the visitor token as `?token=`. Resume with Last-Event-ID or `?lastEventId=`.',
      security: [{ widgetKey: [], visitorToken: [] }],
      request: { query: Resume.extend({ key: z.string().optional(), token: z.string().optional() }) },
      responses: { ...sse('The visitor\'s event stream'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const visitor = await requireVisitor(c, db);
      const from = await startSeq(c, deps, tenantId);
      const project = visitorView(db, tenantId, visitor, await visitorTicketIds(db, tenantId, visitor));
      return streamEvents(c, deps, tenantId, from, project, timing) as never;
    },
  );

  return router;
}
