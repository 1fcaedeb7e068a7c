// The agent/integrator ticket API: create, filtered list, read with thread, update, bulk update, messages, activity.
import { createRoute, z } from '@hono/zod-openapi';
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
import { idempotency } from '../middleware/idempotency.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { invalidField, notFound } from '../lib/problem.ts';
import type { Priority } from '../sla/schemas.ts';
import { authorOf } from './actor.ts';
import { ticketScopeOf } from './scope.ts';
import {
  buildListQuery,
  getTicketRow,
  getTicketThread,
  listActivity,
  listTicketRows,
  sortValues,
  ticketCursorSchema,
  toTicket,
  type TicketFilter,
} from './queries.ts';
import {
  ActivitySchema,
  BulkBody,
  CreateMessageBody,
  CreateTicketBody,
  ListTicketsQuery,
  MessageSchema,
  PatchTicketBody,
  TicketIdsBody,
  TicketSchema,
  TicketWithThreadSchema,
  type Status,
} from './schemas.ts';
import { buildSearchQuery, parseSearch, searchCursorSchema, searchCursorValues, searchTicketRows } from './search.ts';
import {
  bulkUpdateTickets,
  createTicket,
  filesFrom,
  uploaderOf,
  deleteSpamTickets,
  releaseSpam,
  replyToTicket,
  updateTicket,
} from './service.ts';
import { actorOf } from '../audit/audit.ts';
import { mergesOfTicket } from './merge-service.ts';
import { checkSnoozeTime } from './snooze-routes.ts';
import { readerOf, withLinks, withLinksOne } from '../files/present.ts';

const paymentRequired = problemResponse('Monthly ticket limit of the plan reached (names the limit and usage)');
const inSpam = problemResponse('The ticket is in Spam: mark it as not spam first');

export function createTicketRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Ticket', 'tkt_…');
  const idem = idempotency(deps);

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tickets',
      operationId: 'createTicket',
      tags: ['Tickets'],
      summary: 'Create a ticket on behalf of a requester (the customer is found by email or created)',
      description:
        "Send `Idempotency-Key` to make a retry return the first answer. Over the plan's monthly allowance the answer is 402.",
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:create'), idem] as const,
      request: { body: jsonBody(CreateTicketBody) },
      responses: { 201: jsonContent(TicketSchema, 'Created'), 402: paymentRequired, ...commonErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const p = tenantPrincipal(c);
      const author = await authorOf(c, db);
      const { attachmentIds, ...fields } = body;
      const { ticket } = await createTicket(
        db,
        c.get('tenant'),
        {
          ...fields,
          channel: body.channel ?? (p.kind === 'agent' ? 'inbox' : 'api'),
          attachments: filesFrom(attachmentIds, uploaderOf(author)),
        },
        author,
        deps.now(),
      );
      return c.json(ticket, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tickets',
      operationId: 'listTickets',
      tags: ['Tickets'],
      summary: 'List tickets with filters, sort and cursor pagination',
      description:
        'Filters combine with AND. `status` and `priority` take comma-separated values. `assignee` is `me`, `unassigned` or an agent id. `view` is one of the inbox views (the same definitions `GET /analytics/queue` counts). ' +
        '`q` searches every ticket the caller may see: its number (`42` or `#42`), subject, messages (internal notes included), ' +
        'requester name and email, and tags; matches by number come first, then subject, requester and tag matches, then matches in messages, each in the chosen sort. ' +
        'Spam is left out; `spam=true` lists only spam. Sorts: `updated`, `created`, `priority` (newest/highest first), `slaDue` (soonest first).',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { query: ListTicketsQuery },
      responses: { 200: jsonContent(pageOf(TicketSchema), 'A page of tickets'), ...commonErrors },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const p = tenantPrincipal(c);
      const tenantId = c.get('tenantId');
      const filter: TicketFilter = {
        scope: ticketScopeOf(c),
        statuses: query.status?.split(',') as Status[] | undefined,
        priorities: query.priority?.split(',') as Priority[] | undefined,
        tag: query.tag,
        customerId: query.customerId,
        requesterEmail: query.requester,
        createdFrom: query.createdFrom && new Date(query.createdFrom).toISOString(),
        createdTo: query.createdTo && new Date(query.createdTo).toISOString(),
        updatedFrom: query.updatedFrom && new Date(query.updatedFrom).toISOString(),
        updatedTo: query.updatedTo && new Date(query.updatedTo).toISOString(),
        spam: query.spam === 'true',
        snoozed: query.snoozed === undefined ? undefined : query.snoozed === 'true',
      };
      if (query.view) {
        if (query.view === 'mine' && p.kind !== 'agent')
          throw invalidField('view', '`mine` needs an agent session; use `assignee` with an agent id instead');
        filter.view = { id: query.view, agentId: p.kind === 'agent' ? p.agentId : null };
        if (query.view === 'spam') filter.spam = true;
      }
      if (query.assignee === 'me') {
        if (p.kind !== 'agent') throw invalidField('assignee', '`me` needs an agent session; pass an agent id instead');
        filter.assignee = p.agentId;
      } else if (query.assignee === 'unassigned') filter.assignee = null;
      else if (query.assignee) filter.assignee = query.assignee;
      if (query.teamId) filter.team = query.teamId === 'none' ? null : query.teamId;
      const order = query.order ?? (query.sort === 'slaDue' ? 'asc' : 'desc');
      const now = deps.now();
      if (query.q) {
        const search = parseSearch(query.q);
        if (!search) throw invalidField('q', 'must contain at least one letter or digit');
        const raw = decodeCursor(query.cursor, searchCursorSchema(query.sort, order));
        const rows = await searchTicketRows(
          db,
          buildSearchQuery(tenantId, search, filter, query.sort, order, raw && raw.slice(3), query.limit),
        );
        return c.json(
          toPage(
            rows,
            query.limit,
            (r) => searchCursorValues(query.sort, order, r),
            (r) => toTicket(r, now),
          ),
          200,
        );
      }
      const raw = decodeCursor(query.cursor, ticketCursorSchema(query.sort, order));
      const rows = await listTicketRows(
        db,
        buildListQuery(tenantId, filter, query.sort, order, raw && raw.slice(2), query.limit),
      );
      return c.json(
        toPage(
          rows,
          query.limit,
          (r) => [query.sort, order, ...sortValues(query.sort, r)],
          (r) => toTicket(r, now),
        ),
        200,
      );
    },
  );

  const notSpamResponses = {
    402: paymentRequired,
    409: problemResponse('A ticket is not in Spam'),
    ...commonErrors,
  };
  router.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/bulk/not-spam',
      operationId: 'bulkReleaseSpamTickets',
      tags: ['Tickets'],
      summary: 'Mark up to 100 spam tickets as not spam (all or nothing); each then behaves as just created',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update')] as const,
      request: { body: jsonBody(TicketIdsBody) },
      responses: {
        200: jsonContent(z.object({ data: z.array(TicketSchema) }), 'The released tickets'),
        ...notSpamResponses,
      },
    }),
    async (c) => {
      const data = await releaseSpam(
        db,
        c.get('tenant'),
        c.req.valid('json').ids,
        await authorOf(c, db),
        ticketScopeOf(c),
        deps.now(),
      );
      return c.json({ data }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/bulk/delete',
      operationId: 'bulkDeleteSpamTickets',
      tags: ['Tickets'],
      summary: 'Delete up to 100 spam tickets for good (all or nothing; only spam can be deleted)',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:delete')] as const,
      request: { body: jsonBody(TicketIdsBody) },
      responses: {
        204: { description: 'Deleted' },
        409: problemResponse('A ticket is not in Spam'),
        ...commonErrors,
      },
    }),
    async (c) => {
      await deleteSpamTickets(db, actorOf(c), c.get('tenant'), c.req.valid('json').ids, ticketScopeOf(c), deps.now());
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/not-spam',
      operationId: 'releaseSpamTicket',
      tags: ['Tickets'],
      summary: 'Mark a spam ticket as not spam: from now on it counts, notifies and sends webhooks as if just created',
      description:
        'The ticket gets SLA due times from now and an auto-assignee, counts toward the monthly allowance (402 when it is used up), ' +
        'and `customer.created` (when it brought the customer), `ticket.created` and `message.created` are sent now.',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(TicketSchema, 'The released ticket'), ...notSpamResponses },
    }),
    async (c) => {
      const [ticket] = await releaseSpam(
        db,
        c.get('tenant'),
        [c.req.valid('param').id],
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
      path: '/tickets/{id}',
      operationId: 'deleteSpamTicket',
      tags: ['Tickets'],
      summary: 'Delete a spam ticket for good: its messages, search entries and mail records go with it',
      description: 'Only spam can be deleted (409 otherwise); a real ticket is resolved or closed instead.',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:delete')] as const,
      request: { params: Params },
      responses: {
        204: { description: 'Deleted' },
        409: problemResponse('The ticket is not in Spam'),
        ...commonErrors,
      },
    }),
    async (c) => {
      await deleteSpamTickets(db, actorOf(c), c.get('tenant'), [c.req.valid('param').id], ticketScopeOf(c), deps.now());
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tickets/{id}',
      operationId: 'getTicket',
      tags: ['Tickets'],
      summary: 'Read a ticket with its whole thread (replies and internal notes)',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(TicketWithThreadSchema, 'The ticket'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const thread = await getTicketThread(db, tenantId, c.req.valid('param').id, ticketScopeOf(c));
      if (!thread) throw notFound('Ticket');
      const { row } = thread;
      const messages = await withLinks(deps, tenantId, readerOf(c), thread.messages);
      const merges = thread.mayHaveMerges
        ? await mergesOfTicket(db, tenantId, { id: row.id, mergedInto: row.merged_into ?? null })
        : [];
      return c.json({ ...toTicket(row, deps.now()), messages, merges }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/tickets/{id}',
      operationId: 'updateTicket',
      tags: ['Tickets'],
      summary: 'Update status, priority, assignee, team, tags, custom fields, subject or snooze',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update')] as const,
      request: { params: Params, body: jsonBody(PatchTicketBody) },
      responses: { 200: jsonContent(TicketSchema, 'The updated ticket'), 409: inSpam, ...commonErrors },
    }),
    async (c) => {
      const patch = c.req.valid('json');
      if (patch.snoozedUntil) patch.snoozedUntil = checkSnoozeTime(patch.snoozedUntil, deps.now(), 'snoozedUntil');
      const ticket = await updateTicket(
        db,
        c.get('tenant'),
        c.req.valid('param').id,
        patch,
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
      path: '/tickets/bulk',
      operationId: 'bulkUpdateTickets',
      tags: ['Tickets'],
      summary: 'Apply the same change to up to 100 tickets (all or nothing)',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update')] as const,
      request: { body: jsonBody(BulkBody) },
      responses: {
        200: jsonContent(z.object({ data: z.array(TicketSchema) }), 'The updated tickets'),
        409: inSpam,
        ...commonErrors,
      },
    }),
    async (c) => {
      const { ids, changes } = c.req.valid('json');
      const data = await bulkUpdateTickets(
        db,
        c.get('tenant'),
        ids,
        changes,
        await authorOf(c, db),
        ticketScopeOf(c),
        deps.now(),
      );
      return c.json({ data }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/messages',
      operationId: 'createTicketMessage',
      tags: ['Tickets'],
      summary: 'Add a public reply (the requester sees it) or an internal note (agents only)',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update'), idem] as const,
      request: { params: Params, body: jsonBody(CreateMessageBody) },
      responses: {
        201: jsonContent(MessageSchema, 'Created'),
        409: problemResponse(
          'The ticket is in Spam; or (with `lastSeenMessageId`) newer messages arrived: `messages` lists them, send again with `force: true` to post anyway',
        ),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { attachmentIds, ...body } = c.req.valid('json');
      const author = await authorOf(c, db);
      const { message } = await replyToTicket(
        db,
        c.get('tenant'),
        c.req.valid('param').id,
        { ...body, attachments: filesFrom(attachmentIds, uploaderOf(author)) },
        author,
        ticketScopeOf(c),
        deps.now(),
      );
      if (!body.internal) deps.typing.stop(c.get('tenantId'), message.ticketId, 'agent', author.id ?? undefined);
      return c.json(await withLinksOne(deps, c.get('tenantId'), readerOf(c), message), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tickets/{id}/activity',
      operationId: 'listTicketActivity',
      tags: ['Tickets'],
      summary: 'Who changed what on a ticket, and when (oldest first)',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { params: Params, query: PageQuerySchema },
      responses: { 200: jsonContent(pageOf(ActivitySchema), 'A page of activity'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const { limit, cursor } = c.req.valid('query');
      const row = await getTicketRow(db, tenantId, c.req.valid('param').id, ticketScopeOf(c));
      if (!row) throw notFound('Ticket');
      const after = decodeCursor(cursor, Keyset.seq);
      const rows = await listActivity(db, tenantId, row.id, after?.[0] ?? 0, limit);
      return c.json(
        toPage(
          rows,
          limit,
          (r) => [r.seq],
          (r) => r.dto,
        ),
        200,
      );
    },
  );

  return router;
}
