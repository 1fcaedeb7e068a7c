// GET /events (agents, integrators): the tenant's live event stream; the visitors' is server/widget/event-routes.ts.
import { createRoute } from '@hono/zod-openapi';
import type { Db } from '../db/client.ts';
import type { Deps, TenantPrincipal } from '../types.ts';
import { createRouter, commonErrors, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { sessionStillValid, tenantPrincipal } from '../middleware/authenticate.ts';
import { clientIp } from '../middleware/client-ip.ts';
import type { StoredEvent } from '../events/log.ts';
import { eventDefinition } from '../events/types.ts';
import { ticketScope } from '../tickets/scope.ts';
import { ticketInScope } from '../tickets/queries.ts';
import { withEventLinks } from '../files/present.ts';
import type { Reader } from '../files/signed-url.ts';
import { agentSignalView } from '../chat/signal-views.ts';
import { DEFAULT_TIMING, ResumeQuery, sseResponse, startSeq, streamEvents, type StreamTiming } from './stream.ts';

/**
 * What an agent or API key receives of an event: nothing without the permission its type needs, and of
 * an event about a ticket nothing unless the ticket is in their scope now (own-tickets roles).
 */
function agentView(deps: Deps, db: Db, tenantId: string, p: TenantPrincipal) {
  const scope = ticketScope(p);
  const reader: Reader = p.kind === 'agent' ? { kind: 'agent', id: p.agentId } : { kind: 'api-key', id: p.apiKeyId };
  return async (e: StoredEvent) => {
    const def = eventDefinition(e.type);
    if (!def || !p.permissions.has(def.permission)) return null;
    const ticketId = def.ticketId?.(e.data);
    if (ticketId && !(await ticketInScope(db, tenantId, ticketId, scope))) return null;
    return withEventLinks(deps, tenantId, reader, e.type, e.data);
  };
}

export function createEventStreamRoutes(deps: Deps, timing: StreamTiming = DEFAULT_TIMING) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/events',
      operationId: 'streamEvents',
      tags: ['Events'],
      summary: "Server-Sent Events: the tenant's ticket, message and customer changes as they happen",
      description:
        'Each event has `id` (its sequence number), `event` (ticket.created, ticket.updated, ticket.resolved, message.created, customer.created, …) and `data` (the full object as JSON). ' +
        'Reconnect with `Last-Event-ID` (or `?lastEventId=`) to receive everything missed. Comment lines are heartbeats. ' +
        'Each event needs the permission of its resource (customer.* `customers:read`, kb.* `kb:read`, ticket and message events `tickets:read`); ' +
        'agents limited to their own tickets receive ticket and message events of those tickets only. ' +
        "The `data` of each event type is the `data` of its delivery body in this document's `webhooks` section. " +
        'Live chat typing arrives as `event: typing` (a TypingSignal, no `id`, never replayed).',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { query: ResumeQuery },
      responses: { ...sseResponse('The event stream'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const from = await startSeq(c, deps, tenantId);
      const p = tenantPrincipal(c);
      const signals = agentSignalView(db, tenantId, p);
      const ip = clientIp(c);
      return streamEvents(c, deps, tenantId, from, agentView(deps, db, tenantId, p), timing, signals, () =>
        sessionStillValid(deps, p, ip),
      ) as never;
    },
  );

  return router;
}
