// GET /widget/events: the visitor's live stream (replies and status changes on their own tickets);
// the stream machinery is shared with the agents' stream in server/sse/stream.ts.
import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/client.ts';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors } from '../openapi/router.ts';
import type { StoredEvent } from '../events/log.ts';
import { eventDefinition, widgetProjection } from '../events/types.ts';
import { DEFAULT_TIMING, ResumeQuery, sseResponse, startSeq, streamEvents, type StreamTiming } from '../sse/stream.ts';
import { withEventLinks } from '../files/present.ts';
import { visitorSignalView } from '../chat/signal-views.ts';
import { requireVisitor, visitorTicketIds, type Visitor } from './visitor-tokens.ts';

/**
 * What a visitor receives: events their writer made public for this visitor, about a ticket this token
 * may read, in the visitor's projection (never internal notes, tags, assignees or custom fields).
 */
function visitorView(deps: Deps, db: Db, tenantId: string, visitor: Visitor, initial: string[]) {
  let mine = new Set(initial);
  const canSee = async (ticketId: string) => {
    if (!mine.has(ticketId)) mine = new Set(await visitorTicketIds(db, tenantId, visitor));
    return mine.has(ticketId);
  };
  return async (e: StoredEvent) => {
    if (e.audience !== 'public' || e.visitorScope !== visitor.customerId) return null;
    const ticketId = eventDefinition(e.type)?.ticketId?.(e.data);
    if (!ticketId || !(await canSee(ticketId))) return null;
    return withEventLinks(
      deps,
      tenantId,
      { kind: 'visitor', tokenHash: visitor.tokenHash },
      e.type,
      widgetProjection(e.type, e.data),
    );
  };
}

export function createWidgetEventRoutes(deps: Deps, timing: StreamTiming = DEFAULT_TIMING) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/widget/events',
      operationId: 'streamWidgetEvents',
      tags: ['Widget'],
      summary:
        'Server-Sent Events for a visitor: replies and status changes on their own tickets (never internal notes)',
      description:
        'Browser EventSource cannot send headers, so the widget key may come as `?key=` and the visitor token as `?token=`. Resume with Last-Event-ID or `?lastEventId=`. ' +
        'Live chat: `chat.updated` (state, agentName), `message.read` (the team read up to a message), `event: typing` when an agent types (a TypingSignal), and `event: chat.availability` (a WidgetChatStatus) when the first agent comes online or the last one leaves; signals have no `id` and are never replayed.',
      security: [{ widgetKey: [], visitorToken: [] }],
      request: { query: ResumeQuery.extend({ key: z.string().optional(), token: z.string().optional() }) },
      responses: { ...sseResponse("The visitor's event stream"), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const visitor = await requireVisitor(c, db);
      const from = await startSeq(c, deps, tenantId);
      const project = visitorView(deps, db, tenantId, visitor, await visitorTicketIds(db, tenantId, visitor));
      const signals = visitorSignalView(db, tenantId, visitor);
      return streamEvents(c, deps, tenantId, from, project, timing, signals) as never;
    },
  );

  return router;
}
