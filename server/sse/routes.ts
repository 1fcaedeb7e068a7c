// GET /events (agents, integrators) and GET /widget/events (visitors): the live event streams.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import type { Permission } from '../roles/permissions.ts';
import type { StoredEvent } from '../events/log.ts';
import type { Message, Ticket } from '../tickets/schemas.ts';
import { publicMessage, publicTicket } from '../visitors/public.ts';
import { requireVisitor, visitorTicketIds } from '../visitors/tokens.ts';
import { ticketScope } from '../tickets/scope.ts';
import { ticketInScope } from '../tickets/queries.ts';
import { DEFAULT_TIMING, startSeq, streamEvents, type StreamTiming } from './stream.ts';

/** The permission an event's resource needs; unknown kinds go to every agent of the tenant. */
const NEEDS: Record<string, Permission> = { ticket: 'tickets:read', message: 'tickets:read', customer: 'customers:read', kb: 'kb:read', article: 'kb:read' };

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
        'Agents limited to their own tickets receive events of those tickets only.',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { query: Resume },
      responses: { ...sse('The event stream'), ...commonErrors },
    }),
    async (c) => {
      const p = tenantPrincipal(c);
      const tenantId = c.get('tenantId');
      const scope = ticketScope(p);
      const from = await startSeq(c, deps, tenantId);
      const project = async (e: StoredEvent) => {
        const need = NEEDS[e.type.split('.')[0]];
        if (need && !p.permissions.has(need)) return null;
        const ticketId = e.type.startsWith('ticket.') ? (e.data as Ticket).id : e.type.startsWith('message.') ? (e.data as { ticketId: string }).ticketId : null;
        if (ticketId && !(await ticketInScope(db, tenantId, ticketId, scope))) return null;
        return e.data;
      };
      return streamEvents(c, deps, tenantId, from, project, timing) as never;
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
      let mine = new Set(await visitorTicketIds(db, tenantId, visitor));
      const canSee = async (ticketId: string) => {
        if (!mine.has(ticketId)) mine = new Set(await visitorTicketIds(db, tenantId, visitor));
        return mine.has(ticketId);
      };
      const project = async (e: StoredEvent) => {
        if (e.audience !== 'public' || e.visitorScope !== visitor.customerId) return null;
        if (e.type.startsWith('ticket.')) {
          const t = e.data as Ticket;
          return (await canSee(t.id)) ? publicTicket(t) : null;
        }
        if (e.type === 'message.created') {
          const { ticketId, message } = e.data as { ticketId: string; message: Message };
          const pub = publicMessage(message);
          return pub && (await canSee(ticketId)) ? { ticketId, message: pub } : null;
        }
        return null;
      };
      return streamEvents(c, deps, tenantId, from, project, timing) as never;
    },
  );

  return router;
}
