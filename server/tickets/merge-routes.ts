// POST /tickets/{id}/merge and /tickets/{id}/unmerge: parse, authorize, call the merge service.
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
import { actorOf } from '../audit/audit.ts';
import { authorOf } from './actor.ts';
import { ticketScopeOf } from './scope.ts';
import { MAX_MERGE_SOURCES, MergeTicketsBody, TicketSchema } from './schemas.ts';
import { mergeTickets, unmergeTickets, UNDO_MERGE_MS } from './merge-service.ts';

export function createTicketMergeRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Ticket', 'tkt_…');
  const minutes = UNDO_MERGE_MS / 60_000;

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/merge',
      operationId: 'mergeTickets',
      tags: ['Tickets'],
      summary: `Merge up to ${MAX_MERGE_SOURCES} tickets into this one (undo within ${minutes} minutes)`,
      description:
        'The merged tickets’ messages (with their files), tags and participants move to this ticket, whose thread shows ' +
        'every message in time order. Each merged ticket is closed with `mergedInto` and a note in its thread, and its ' +
        'requester is told by email. A ticket the caller cannot see is 404; a spam or already merged ticket is 409; ' +
        'either way nothing changes. Sends `ticket.merged`.',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update')] as const,
      request: { params: Params, body: jsonBody(MergeTicketsBody) },
      responses: {
        200: jsonContent(TicketSchema, 'The ticket the others were merged into'),
        409: problemResponse('A ticket is in Spam or already merged'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const ticket = await mergeTickets(
        db,
        actorOf(c),
        c.get('tenant'),
        c.req.valid('param').id,
        c.req.valid('json').ticketIds,
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
      path: '/tickets/{id}/unmerge',
      operationId: 'unmergeTickets',
      tags: ['Tickets'],
      summary: `Undo the latest merge into this ticket (within ${minutes} minutes of it)`,
      description:
        'Every merged ticket gets back its messages, status and thread as they were; this ticket loses the tags and the ' +
        `note the merge gave it (replies written since stay here). After ${minutes} minutes, or with nothing to undo, ` +
        'the answer is 409. Sends `ticket.unmerged`.',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update')] as const,
      request: { params: Params },
      responses: {
        200: jsonContent(TicketSchema, 'The ticket, without what the merge brought'),
        409: problemResponse('Nothing to undo, or too late to undo'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const ticket = await unmergeTickets(
        db,
        actorOf(c),
        c.get('tenant'),
        c.req.valid('param').id,
        await authorOf(c, db),
        ticketScopeOf(c),
        deps.now(),
      );
      return c.json(ticket, 200);
    },
  );

  return router;
}
