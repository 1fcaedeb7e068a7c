// Canned responses: saved replies, shared with the help desk or personal to one agent, filled in for a ticket.
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonBody, jsonContent, SECURITY } from '../openapi/router.ts';
import { assertPermission, requirePermission } from '../middleware/permission.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { notFound, orNotFound } from '../lib/problem.ts';
import { actorOf } from '../audit/audit.ts';
import { ticketScopeOf } from '../tickets/scope.ts';
import { getTicketRow, toTicket } from '../tickets/queries.ts';
import { authorOf } from '../tickets/actor.ts';
import { getCannedResponse, listCannedResponses } from './queries.ts';
import {
  CannedResponseBody,
  CannedResponsePatchBody,
  CannedResponseSchema,
  ListCannedQuery,
  RenderBody,
  RenderedSchema,
} from './schemas.ts';
import {
  createCannedResponse,
  deleteCannedResponse,
  ownerOf,
  renderCannedResponse,
  updateCannedResponse,
} from './service.ts';

const PERMISSIONS =
  "Reading needs `canned-responses:read`. A personal response is its owner's to change with `tickets:update`; a shared one needs `canned-responses:create`, `:update` or `:delete`.";

export function createCannedResponseRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Canned response', 'cr_…');
  const reader = (c: Context<AppEnv>) => ownerOf(actorOf(c));

  /** The response the caller sees (another agent's personal one is 404), with the permission changing it needs. */
  async function forChange(c: Context<AppEnv>, id: string, action: 'update' | 'delete') {
    const current = orNotFound(await getCannedResponse(db, c.get('tenantId'), reader(c), id), 'Canned response');
    assertPermission(c, current.shared ? `canned-responses:${action}` : 'tickets:update');
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/canned-responses',
      operationId: 'listCannedResponses',
      tags: ['Canned responses'],
      summary: "List the shared canned responses and the caller's personal ones",
      description: PERMISSIONS,
      security: SECURITY.tenant,
      middleware: [requirePermission('canned-responses:read')] as const,
      request: { query: PageQuerySchema.extend(ListCannedQuery.shape) },
      responses: { 200: jsonContent(pageOf(CannedResponseSchema), 'Oldest first'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor, scope } = c.req.valid('query');
      const rows = await listCannedResponses(
        db,
        c.get('tenantId'),
        reader(c),
        scope,
        decodeCursor(cursor, Keyset.timeId),
        limit,
      );
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
      path: '/canned-responses',
      operationId: 'createCannedResponse',
      tags: ['Canned responses'],
      summary: 'Save a canned response (personal by default, or shared)',
      description: `${PERMISSIONS} An unknown \`{{placeholder}}\` in the body is 422 naming it.`,
      security: SECURITY.tenant,
      middleware: [requirePermission('canned-responses:read')] as const,
      request: { body: jsonBody(CannedResponseBody) },
      responses: { 201: jsonContent(CannedResponseSchema, 'Created'), ...commonErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      assertPermission(c, body.shared ? 'canned-responses:create' : 'tickets:update');
      return c.json(await createCannedResponse(db, actorOf(c), body, deps.now()), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/canned-responses/{id}',
      operationId: 'getCannedResponse',
      tags: ['Canned responses'],
      summary: 'Read a canned response',
      description: "Another agent's personal response is 404.",
      security: SECURITY.tenant,
      middleware: [requirePermission('canned-responses:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(CannedResponseSchema, 'The response'), ...commonErrors },
    }),
    async (c) =>
      c.json(
        orNotFound(
          await getCannedResponse(db, c.get('tenantId'), reader(c), c.req.valid('param').id),
          'Canned response',
        ),
        200,
      ),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/canned-responses/{id}',
      operationId: 'updateCannedResponse',
      tags: ['Canned responses'],
      summary: "Change a canned response's title, shortcut or body",
      description: PERMISSIONS,
      security: SECURITY.tenant,
      middleware: [requirePermission('canned-responses:read')] as const,
      request: { params: Params, body: jsonBody(CannedResponsePatchBody) },
      responses: { 200: jsonContent(CannedResponseSchema, 'The response'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await forChange(c, id, 'update');
      return c.json(await updateCannedResponse(db, actorOf(c), id, c.req.valid('json'), deps.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/canned-responses/{id}',
      operationId: 'deleteCannedResponse',
      tags: ['Canned responses'],
      summary: 'Delete a canned response',
      description: PERMISSIONS,
      security: SECURITY.tenant,
      middleware: [requirePermission('canned-responses:read')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await forChange(c, id, 'delete');
      await deleteCannedResponse(db, actorOf(c), id, deps.now());
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/canned-responses/{id}/render',
      operationId: 'renderCannedResponse',
      tags: ['Canned responses'],
      summary: "Fill in a canned response's placeholders for a ticket (what the reply box inserts)",
      description:
        'The ticket must be one the caller may see (else 404). `{{agent.name}}` is the caller. Nothing is sent: the text is for the reply box.',
      security: SECURITY.tenant,
      middleware: [requirePermission('canned-responses:read'), requirePermission('tickets:read')] as const,
      request: { params: Params, body: jsonBody(RenderBody) },
      responses: { 200: jsonContent(RenderedSchema, 'The filled-in body'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const response = orNotFound(
        await getCannedResponse(db, tenantId, reader(c), c.req.valid('param').id),
        'Canned response',
      );
      const row = await getTicketRow(db, tenantId, c.req.valid('json').ticketId, ticketScopeOf(c));
      if (!row) throw notFound('Ticket');
      const body = renderCannedResponse(response, toTicket(row, deps.now()), await authorOf(c, db));
      return c.json({ body }, 200);
    },
  );

  return router;
}
