// Macros: named sets of ticket actions (a reply, a note, status, priority, tags, team, assignee) applied in one go.
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
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { orNotFound } from '../lib/problem.ts';
import { actorOf } from '../audit/audit.ts';
import { ticketScopeOf } from '../tickets/scope.ts';
import { TicketSchema } from '../tickets/schemas.ts';
import { authorOf } from '../tickets/actor.ts';
import { getMacro, listMacros } from './queries.ts';
import {
  AppliedSchema,
  ApplyMacroBody,
  ApplyMacroToTicketBody,
  MacroBody,
  MacroPatchBody,
  MacroSchema,
} from './schemas.ts';
import { applyMacro, createMacro, deleteMacro, updateMacro } from './service.ts';

const nameTaken = problemResponse('Name taken');
const inSpam = problemResponse('A ticket is in Spam: mark it as not spam first');
const APPLY =
  'Each ticket gets the reply and note (placeholders filled in for it) and the field changes, with the same activity, events and webhooks as a reply and a `PATCH /tickets/{id}`. Needs `tickets:update`; a ticket the caller may not see is 404, and then no ticket changes.';

export function createMacroRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Macro', 'mac_…');

  router.openapi(
    createRoute({
      method: 'get',
      path: '/macros',
      operationId: 'listMacros',
      tags: ['Macros'],
      summary: 'List the macros',
      security: SECURITY.tenant,
      middleware: [requirePermission('macros:read')] as const,
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(pageOf(MacroSchema), 'Oldest first'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await listMacros(db, c.get('tenantId'), decodeCursor(cursor, Keyset.timeId), limit);
      return c.json(
        toPage(
          rows,
          limit,
          (r) => [r.createdAt, r.id],
          (r) => r,
        ),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/macros',
      operationId: 'createMacro',
      tags: ['Macros'],
      summary: 'Create a macro',
      description:
        'At least one action. Unknown placeholders in `reply`/`note`, unknown teams and agents that are not active are 422.',
      security: SECURITY.tenant,
      middleware: [requirePermission('macros:create')] as const,
      request: { body: jsonBody(MacroBody) },
      responses: { 201: jsonContent(MacroSchema, 'Created'), 409: nameTaken, ...commonErrors },
    }),
    async (c) => c.json(await createMacro(db, actorOf(c), c.req.valid('json'), deps.now()), 201),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/macros/{id}',
      operationId: 'getMacro',
      tags: ['Macros'],
      summary: 'Read a macro',
      security: SECURITY.tenant,
      middleware: [requirePermission('macros:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(MacroSchema, 'The macro'), ...commonErrors },
    }),
    async (c) => c.json(orNotFound(await getMacro(db, c.get('tenantId'), c.req.valid('param').id), 'Macro'), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/macros/{id}',
      operationId: 'updateMacro',
      tags: ['Macros'],
      summary: 'Rename a macro or replace its actions',
      security: SECURITY.tenant,
      middleware: [requirePermission('macros:update')] as const,
      request: { params: Params, body: jsonBody(MacroPatchBody) },
      responses: { 200: jsonContent(MacroSchema, 'The macro'), 409: nameTaken, ...commonErrors },
    }),
    async (c) =>
      c.json(await updateMacro(db, actorOf(c), c.req.valid('param').id, c.req.valid('json'), deps.now()), 200),
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/macros/{id}',
      operationId: 'deleteMacro',
      tags: ['Macros'],
      summary: 'Delete a macro',
      security: SECURITY.tenant,
      middleware: [requirePermission('macros:delete')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...commonErrors },
    }),
    async (c) => {
      await deleteMacro(db, actorOf(c), c.req.valid('param').id, deps.now());
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/macros/{id}/apply',
      operationId: 'applyMacro',
      tags: ['Macros'],
      summary: 'Apply a macro to up to 100 tickets (all or nothing)',
      description: APPLY,
      security: SECURITY.tenant,
      middleware: [requirePermission('macros:read'), requirePermission('tickets:update')] as const,
      request: { params: Params, body: jsonBody(ApplyMacroBody) },
      responses: { 200: jsonContent(AppliedSchema, 'The tickets'), 409: inSpam, ...commonErrors },
    }),
    async (c) => {
      const data = await applyMacro(
        db,
        c.get('tenant'),
        c.req.valid('param').id,
        c.req.valid('json').ticketIds,
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
      path: '/tickets/{id}/apply-macro',
      operationId: 'applyMacroToTicket',
      tags: ['Macros'],
      summary: 'Apply a macro to one ticket',
      description: APPLY,
      security: SECURITY.tenant,
      middleware: [requirePermission('macros:read'), requirePermission('tickets:update')] as const,
      request: { params: IdParam('Ticket', 'tkt_…'), body: jsonBody(ApplyMacroToTicketBody) },
      responses: { 200: jsonContent(TicketSchema, 'The ticket'), 409: inSpam, ...commonErrors },
    }),
    async (c) => {
      const [ticket] = await applyMacro(
        db,
        c.get('tenant'),
        c.req.valid('json').macroId,
        [c.req.valid('param').id],
        await authorOf(c, db),
        ticketScopeOf(c),
        deps.now(),
      );
      return c.json(ticket, 200);
    },
  );

  return router;
}
