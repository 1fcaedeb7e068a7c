// The widget's live chat calls (X-Widget-Key): whether chat is available, start a chat, give an email, report
// the page, typing and read receipts. A chat is a ticket (channel 'chat'); its messages use
// POST /widget/tickets/{id}/messages and arrive on GET /widget/events like any ticket's.
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import {
  createRouter,
  commonErrors,
  IdParam,
  jsonBody,
  jsonContent,
  problemResponse,
  SECURITY,
} from '../openapi/router.ts';
import { clientIp, rateLimit } from '../middleware/rate-limit.ts';
import { idempotency } from '../middleware/idempotency.ts';
import { conflict, notFound } from '../lib/problem.ts';
import { withLinksOne } from '../files/present.ts';
import {
  chatSettings,
  ChatContactBody,
  StartChatBody,
  StartedChatSchema,
  VisitorContextBody,
  VisitorReadBody,
  WidgetChatStatusSchema,
} from '../chat/schemas.ts';
import { getChatRow } from '../chat/queries.ts';
import {
  chatStatus,
  markRead,
  setChatContact,
  startChat,
  touchVisitor,
  updateVisitorContext,
} from '../chat/service.ts';
import { publicMessage, publicTicket, VisitorCustomerSchema } from './ticket-schemas.ts';
import { findVisitor, presentedToken, requireVisitor, visitorTicketIds } from './visitor-tokens.ts';

const VISITOR_SECURITY = [{ widgetKey: [], visitorToken: [] }];
const Params = IdParam('Ticket', 'tkt_…');
const waitMessage = (s: number) => `You're sending requests too quickly. Please wait ${s} seconds and try again.`;

export function createWidgetChatRoutes(deps: Deps) {
  const { db, limiter } = deps;
  const router = createRouter();
  const limit = (name: string, perIp: number, perTenant: number, windowMs: number) => [
    rateLimit({
      limiter,
      enabled: deps.env.RATE_LIMITS,
      limit: perIp,
      windowMs,
      key: (c) => `widget:chat:${name}:ip:${c.get('tenantId')}:${clientIp(c)}`,
      message: waitMessage,
    }),
    rateLimit({
      limiter,
      enabled: deps.env.RATE_LIMITS,
      limit: perTenant,
      windowMs,
      key: (c) => `widget:chat:${name}:tenant:${c.get('tenantId')}`,
      message: waitMessage,
    }),
  ];
  const startLimits = limit('start', 10, 600, 10 * 60 * 1000);
  const liveLimits = limit('live', 240, 60_000, 60 * 1000);

  /** The visitor's own chat ticket, or 404. */
  const ownTicket = async (c: Context<AppEnv>, id: string) => {
    const visitor = await requireVisitor(c, db);
    if (!(await visitorTicketIds(db, c.get('tenantId'), visitor)).includes(id)) throw notFound('Ticket');
    return visitor;
  };
  const ownChat = async (c: Context<AppEnv>, id: string) => {
    const visitor = await ownTicket(c, id);
    const chat = await getChatRow(db, c.get('tenantId'), id);
    if (!chat) throw notFound('Chat');
    return { visitor, chat };
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/widget/chat',
      operationId: 'getWidgetChatStatus',
      tags: ['Widget'],
      summary: 'Whether to offer live chat now, and when the team is back if not',
      description:
        'Show the conversation when `available`; otherwise offer the ticket form and, with `nextOpenAt`, say when the team is back. ' +
        'A chat started while every agent is busy waits in the queue and is answered in order. ' +
        'The visitor stream (GET /widget/events) sends this same object as `event: chat.availability` (no `id`) when it changes.',
      security: SECURITY.widget,
      middleware: liveLimits,
      responses: { 200: jsonContent(WidgetChatStatusSchema, 'Chat availability'), ...commonErrors },
    }),
    async (c) => {
      return c.json(await chatStatus(db, c.get('tenant'), deps.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/chats',
      operationId: 'startWidgetChat',
      tags: ['Widget'],
      summary: 'Start a live chat; answers the chat ticket with its thread, its state and a visitor token (shown once)',
      description:
        'Name and email are optional (ask for the email before the team goes away: POST /widget/chats/{id}/contact). ' +
        'Send a visitor token you already hold as `Authorization: Bearer hd_vt_…` to keep the same visitor. ' +
        'The chat is assigned to an online agent at once when one has room (`chat.state` active, `agentName`), else it waits (`queued`). ' +
        'Then: messages with POST /widget/tickets/{id}/messages, live updates on GET /widget/events ' +
        '(`message.created`, `chat.updated`, `message.read`, `typing`). 409 when chat is turned off. ' +
        'Started while nobody is online, it waits, and becomes an ordinary ticket if unanswered (answered by email when one was given).',
      security: SECURITY.widget,
      middleware: [...startLimits, idempotency(deps)] as const,
      request: { body: jsonBody(StartChatBody) },
      responses: {
        201: jsonContent(StartedChatSchema, 'Started'),
        409: problemResponse('Live chat is turned off (offer the ticket form)'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const tenant = c.get('tenant');
      const now = deps.now();
      const { enabled } = chatSettings(tenant.settings);
      if (!enabled) throw conflict('Live chat is turned off for this help desk.');
      const presented = presentedToken(c);
      const held = presented ? await findVisitor(db, tenant.id, presented) : null;
      const started = await startChat(deps, tenant, body, held, now);
      const reader = { kind: 'visitor' as const, tokenHash: started.visitor.tokenHash };
      const pub = await withLinksOne(
        deps,
        tenant.id,
        reader,
        publicMessage({ ...started.message, author: { ...started.message.author, id: started.ticket.requester.id } })!,
      );
      return c.json(
        {
          ticket: { ...publicTicket(started.ticket), messages: [pub] },
          chat: { state: started.chat.state, agentName: started.agentName, agentRead: null },
          visitorToken: started.visitor.token,
        },
        201,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/chats/{id}/contact',
      operationId: 'setWidgetChatContact',
      tags: ['Widget'],
      summary: 'Give the email (and name) replies go to once the chat is over',
      description:
        'A visitor who has written before with this email keeps one customer record: the chat joins it. ' +
        'Once a real address is set it cannot be changed here (409).',
      security: VISITOR_SECURITY,
      middleware: liveLimits,
      request: { params: Params, body: jsonBody(ChatContactBody) },
      responses: {
        200: jsonContent(VisitorCustomerSchema, 'Saved'),
        409: problemResponse('The conversation already has another email'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { visitor } = await ownChat(c, id);
      return c.json(await setChatContact(db, c.get('tenant'), visitor, id, c.req.valid('json'), deps.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/widget/chats/{id}/visitor',
      operationId: 'updateWidgetChatVisitor',
      tags: ['Widget'],
      summary: "Report the visitor's current page and browser (agents see them); also a heartbeat",
      description:
        'Send it on every navigation, and about once a minute while the chat is open: a visitor unseen for `unansweredAfterMinutes` has left, and the chat becomes an ordinary ticket.',
      security: VISITOR_SECURITY,
      middleware: liveLimits,
      request: { params: Params, body: jsonBody(VisitorContextBody) },
      responses: { 204: { description: 'Saved' }, ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await ownChat(c, id);
      await updateVisitorContext(db, c.get('tenant'), id, c.req.valid('json'), deps.now());
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/tickets/{id}/typing',
      operationId: 'signalWidgetTyping',
      tags: ['Widget'],
      summary: 'Say the visitor is typing: agents see it for 5 seconds (send again while typing)',
      security: VISITOR_SECURITY,
      middleware: liveLimits,
      request: { params: Params },
      responses: { 204: { description: 'Signalled' }, ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const visitor = await ownTicket(c, id);
      const tenantId = c.get('tenantId');
      const customer = await db.get<{ name: string | null }>(
        'SELECT name FROM customers WHERE tenant_id = ? AND id = ?',
        [tenantId, visitor.customerId],
      );
      deps.typing.start(tenantId, {
        ticketId: id,
        side: 'visitor',
        name: customer?.name ?? null,
        requesterId: visitor.customerId,
      });
      await touchVisitor(db, tenantId, id, deps.now());
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/tickets/{id}/read',
      operationId: 'markWidgetTicketRead',
      tags: ['Widget'],
      summary: 'Record that the visitor has read the thread up to a message: agents see the receipt',
      security: VISITOR_SECURITY,
      middleware: liveLimits,
      request: {
        params: Params,
        body: { required: false, content: { 'application/json': { schema: VisitorReadBody } } },
      },
      responses: { 204: { description: 'Stored; agents receive `message.read`' }, ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await ownTicket(c, id);
      const tenantId = c.get('tenantId');
      const now = deps.now();
      const body = c.req.header('content-type') ? c.req.valid('json') : {};
      await markRead(db, tenantId, id, 'visitor', body.upTo, now);
      await touchVisitor(db, tenantId, id, now);
      return c.body(null, 204);
    },
  );

  return router;
}
