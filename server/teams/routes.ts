// Teams: groups of agents that tickets belong to (`teamId`), with the counts of each team's queue view.
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
import { orNotFound } from '../lib/problem.ts';
import { actorOf } from '../audit/audit.ts';
import { ticketScopeOf } from '../tickets/scope.ts';
import { getTeam, listTeams, teamQueueCounts } from './queries.ts';
import { TeamBody, TeamPatchBody, TeamQueueSchema, TeamSchema } from './schemas.ts';
import { createTeam, deleteTeam, updateTeam } from './service.ts';

export function createTeamRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Team', 'team_…');

  router.openapi(
    createRoute({
      method: 'get',
      path: '/teams',
      operationId: 'listTeams',
      tags: ['Teams'],
      summary: 'List the teams and their agents',
      security: SECURITY.tenant,
      middleware: [requirePermission('teams:read')] as const,
      responses: {
        200: jsonContent(z.object({ data: z.array(TeamSchema), nextCursor: z.null() }), 'All teams, by name'),
        ...commonErrors,
      },
    }),
    async (c) => c.json({ data: await listTeams(db, c.get('tenantId')), nextCursor: null }, 200),
  );

  // Before /teams/{id}, so "queue" is not read as a team id.
  router.openapi(
    createRoute({
      method: 'get',
      path: '/teams/queue',
      operationId: 'getTeamQueueCounts',
      tags: ['Teams'],
      summary: 'Open or pending tickets per team (the team views of the inbox), within the tickets the caller may see',
      description:
        'The list of one team view is `GET /tickets?teamId=<id>&status=open,pending`; `teamId=none` lists tickets of no team.',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      responses: { 200: jsonContent(TeamQueueSchema, 'Counts per team'), ...commonErrors },
    }),
    async (c) => c.json(await teamQueueCounts(db, c.get('tenantId'), ticketScopeOf(c)), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/teams',
      operationId: 'createTeam',
      tags: ['Teams'],
      summary: 'Create a team',
      description: 'Unknown agent ids are 422; an agent may be in several teams.',
      security: SECURITY.tenant,
      middleware: [requirePermission('teams:create')] as const,
      request: { body: jsonBody(TeamBody) },
      responses: { 201: jsonContent(TeamSchema, 'Created'), 409: problemResponse('Name taken'), ...commonErrors },
    }),
    async (c) => c.json(await createTeam(db, actorOf(c), c.req.valid('json'), deps.now()), 201),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{id}',
      operationId: 'getTeam',
      tags: ['Teams'],
      summary: 'Read a team',
      security: SECURITY.tenant,
      middleware: [requirePermission('teams:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(TeamSchema, 'The team'), ...commonErrors },
    }),
    async (c) => c.json(orNotFound(await getTeam(db, c.get('tenantId'), c.req.valid('param').id), 'Team'), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/teams/{id}',
      operationId: 'updateTeam',
      tags: ['Teams'],
      summary: 'Rename a team or set its agents',
      description: '`agentIds` replaces the members.',
      security: SECURITY.tenant,
      middleware: [requirePermission('teams:update')] as const,
      request: { params: Params, body: jsonBody(TeamPatchBody) },
      responses: { 200: jsonContent(TeamSchema, 'The team'), 409: problemResponse('Name taken'), ...commonErrors },
    }),
    async (c) =>
      c.json(await updateTeam(db, actorOf(c), c.req.valid('param').id, c.req.valid('json'), deps.now()), 200),
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/teams/{id}',
      operationId: 'deleteTeam',
      tags: ['Teams'],
      summary: 'Delete a team: its tickets stay, with no team',
      description:
        'Each of its tickets gets `teamId: null` (and a `ticket.updated` event); routing rules stop setting it.',
      security: SECURITY.tenant,
      middleware: [requirePermission('teams:delete')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...commonErrors },
    }),
    async (c) => {
      await deleteTeam(db, actorOf(c), c.req.valid('param').id, deps.now());
      return c.body(null, 204);
    },
  );

  return router;
}
