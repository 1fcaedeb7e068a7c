// The agents' chat calls: availability (presence with a heartbeat), the team's availability, live chats,
// ending a chat, typing and read receipts on a ticket.
import { createRoute, z } from '@hono/zod-openapi';
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
import { requirePermission } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { forbidden, notFound } from '../lib/problem.ts';
import { ticketScope } from '../tickets/scope.ts';
import { getTicketRow, getTicketRows, toTicket } from '../tickets/queries.ts';
import { TicketSchema } from '../tickets/schemas.ts';
import { authorOf } from '../tickets/actor.ts';
import {
  AgentAvailabilitySchema,
  AgentReadBody,
  AvailabilityBody,
  AvailabilitySchema,
  chatSettings,
  ChatSchema,
  EndChatBody,
  LiveChatSchema,
} from './schemas.ts';
import { activeChatCounts, effectivePresence, getChatRow, liveChats, readsOf, unreadByAgents } from './queries.ts';
import { endChat, markRead, setAvailability, toChat } from './service.ts';

const Params = IdParam('Ticket', 'tkt_…');

function agentOnly(c: Context<AppEnv>) {
  const p = tenantPrincipal(c);
  if (p.kind !== 'agent') throw forbidden('Only agents (signed in) have an availability.');
  return p;
}

export function createChatRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'put',
      path: '/me/availability',
      operationId: 'setMyAvailability',
      tags: ['Chat'],
      summary: 'Set your availability for live chat; send it again as a heartbeat (every ≤ 60 s)',
      description:
        'The status holds for 60 seconds (`expiresAt`); without another PUT the agent is offline, so closing every inbox tab makes them unavailable. ' +
        'Going online takes waiting chats, round-robin up to the per-agent limit (`settings.chat.maxConcurrentChats`). ' +
        'When the first agent comes online or the last one leaves, every visitor stream (GET /widget/events) gets `event: chat.availability`.',
      security: SECURITY.tenant,
      request: { body: jsonBody(AvailabilityBody) },
      responses: { 200: jsonContent(AvailabilitySchema, 'Your availability'), ...commonErrors },
    }),
    async (c) => {
      const p = agentOnly(c);
      const { status } = c.req.valid('json');
      return c.json(await setAvailability(deps, c.get('tenant'), p.agentId, status, deps.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/availability',
      operationId: 'listAgentAvailability',
      tags: ['Chat'],
      summary: "The team's availability: each active agent's status and live chats",
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      responses: {
        200: jsonContent(z.object({ data: z.array(AgentAvailabilitySchema) }), 'Every active agent'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const now = deps.now();
      const [agents, presence, counts] = await Promise.all([
        db.all<{ id: string; name: string }>(
          "SELECT id, name FROM agents WHERE tenant_id = ? AND status = 'active' ORDER BY name, id LIMIT 1000",
          [tenant.id],
        ),
        effectivePresence(db, tenant.id, now),
        activeChatCounts(db, tenant.id),
      ]);
      const max = chatSettings(tenant.settings).maxConcurrentChats;
      return c.json(
        {
          data: agents.map((a) => ({
            agentId: a.id,
            name: a.name,
            status: presence.get(a.id)?.status ?? 'offline',
            activeChats: counts.get(a.id) ?? 0,
            maxChats: max,
          })),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/chats',
      operationId: 'listLiveChats',
      tags: ['Chat'],
      summary: 'Live chats (queued and active) you may see, oldest first, with the visitor’s page and unread counts',
      description:
        'Follow changes on GET /events: `chat.updated` (queued, assigned, page changed, ended), `message.created`, `message.read`, and `typing` (no id, not replayed).',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      responses: { 200: jsonContent(z.object({ data: z.array(LiveChatSchema) }), 'Live chats'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const scope = ticketScope(tenantPrincipal(c));
      const now = deps.now();
      const chats = await liveChats(db, tenantId);
      const ids = chats.map((x) => x.ticket_id);
      const [rows, reads, unread] = await Promise.all([
        getTicketRows(db, tenantId, ids),
        readsOf(db, tenantId, ids),
        unreadByAgents(db, tenantId, ids),
      ]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const visible = scope.limited
        ? new Set(
            (
              await Promise.all(ids.map(async (id) => ((await getTicketRow(db, tenantId, id, scope)) ? id : null)))
            ).filter((x) => x !== null),
          )
        : null;
      const data = chats
        .filter(
          (ch) => byId.has(ch.ticket_id) && (!visible || visible.has(ch.ticket_id)) && !byId.get(ch.ticket_id)!.spam,
        )
        .map((ch) => ({
          ticket: toTicket(byId.get(ch.ticket_id)!, now),
          chat: toChat(
            ch,
            reads.filter((r) => r.ticket_id === ch.ticket_id),
          ),
          unreadCount: unread.get(ch.ticket_id) ?? 0,
        }));
      return c.json({ data }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tickets/{id}/chat',
      operationId: 'getTicketChat',
      tags: ['Chat'],
      summary: "A chat ticket's live state: queued/active/ended, the visitor's page and browser, read receipts",
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(ChatSchema, 'The chat'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const { id } = c.req.valid('param');
      const row = await getTicketRow(db, tenantId, id, ticketScope(tenantPrincipal(c)));
      const chat = row && (await getChatRow(db, tenantId, id));
      if (!chat) throw notFound('Chat');
      return c.json(toChat(chat, await readsOf(db, tenantId, [id])), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/chat/end',
      operationId: 'endTicketChat',
      tags: ['Chat'],
      summary:
        'End a live chat; the ticket stays as an ordinary ticket (resolved, or open/pending to keep working on it)',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update')] as const,
      request: { params: Params, body: { required: false, content: { 'application/json': { schema: EndChatBody } } } },
      responses: {
        200: jsonContent(z.object({ ticket: TicketSchema, chat: ChatSchema }), 'Ended'),
        409: problemResponse('The chat has already ended'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.header('content-type') ? c.req.valid('json') : {};
      const result = await endChat(
        db,
        c.get('tenant'),
        id,
        body.status ?? 'resolved',
        await authorOf(c, db),
        ticketScope(tenantPrincipal(c)),
        deps.now(),
      );
      deps.typing.stop(c.get('tenantId'), id, 'agent');
      return c.json(result, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/typing',
      operationId: 'signalTicketTyping',
      tags: ['Chat'],
      summary:
        'Say you are typing a reply: the other agents on the ticket see it for 5 seconds, and so does the visitor in a live chat (send again while typing)',
      description:
        'Reaches the agents’ GET /events as `event: typing` with data `{ ticketId, side, name, agentId, typing, expiresAt }` and no `id` (never replayed), on every ticket (collision: who else is writing). ' +
        'The requester’s widget stream gets it (without `agentId`) only while the ticket is a live chat that has not ended. ' +
        'The server sends `typing: false` when it expires or when that agent’s reply is posted.',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Signalled' }, ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const { id } = c.req.valid('param');
      const row = await getTicketRow(db, tenantId, id, ticketScope(tenantPrincipal(c)));
      if (!row) throw notFound('Ticket');
      const author = await authorOf(c, db);
      const chat = row.channel === 'chat' ? await getChatRow(db, tenantId, id) : undefined;
      deps.typing.start(tenantId, {
        ticketId: id,
        side: 'agent',
        name: author.name,
        requesterId: row.requester_id,
        agentId: author.id ?? undefined,
        visitorSees: chat !== undefined && chat.state !== 'ended',
      });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/read',
      operationId: 'markTicketRead',
      tags: ['Chat'],
      summary: 'Record that the team has read the thread (up to a message, default the latest): the visitor sees it',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: {
        params: Params,
        body: { required: false, content: { 'application/json': { schema: AgentReadBody } } },
      },
      responses: { 204: { description: 'Stored; the requester receives `message.read`' }, ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const { id } = c.req.valid('param');
      const body = c.req.header('content-type') ? c.req.valid('json') : {};
      if (!(await getTicketRow(db, tenantId, id, ticketScope(tenantPrincipal(c))))) throw notFound('Ticket');
      await markRead(db, tenantId, id, 'agent', body.upTo, deps.now());
      return c.body(null, 204);
    },
  );

  return router;
}
