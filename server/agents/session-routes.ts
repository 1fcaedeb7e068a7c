// Another agent's sessions, for whoever may change that agent (agents:update and power over their role, so only an
// owner reaches owners and admins): list them, end one, end all. Your own are under /me/sessions.
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { notFound } from '../lib/problem.ts';
import { actorOf } from '../audit/audit.ts';
import { getRole } from '../roles/queries.ts';
import { assertCanGrant } from '../roles/grants.ts';
import { listAgentSessions, toSessionDto } from '../auth/sessions.ts';
import { endAllSessions, endSession } from '../auth/session-service.ts';
import { SessionIdParams, SessionListSchema, SessionsEndedSchema } from '../auth/session-schemas.ts';
import { getAgent } from './queries.ts';

const Params = IdParam('Agent', 'agt_…');

export function createAgentSessionRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();

  /** The agent, if the caller may act on their sessions: any agent of the tenant (else 404) whose role the caller could grant. */
  async function reachableAgent(c: Context<AppEnv>, id: string) {
    const p = tenantPrincipal(c);
    const agent = await getAgent(db, p.tenantId, id);
    if (!agent) throw notFound('Agent');
    if (p.kind === 'agent' && p.agentId === id) return { agent, ownHash: p.sessionHash };
    // A role still held cannot be deleted, so the current one is always found.
    assertCanGrant(
      p,
      (await getRole(db, p.tenantId, agent.roleId)) ?? { id: agent.roleId, permissions: [], ownTicketsOnly: false },
    );
    return { agent, ownHash: null };
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/agents/{id}/sessions',
      operationId: 'listAgentSessions',
      tags: ['Agents'],
      summary: "An agent's sessions: device, address, sign-in method, created, last seen",
      description:
        "Needs agents:update and power over the agent's role (only an owner reaches owners and admins), as for PATCH.",
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:update')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(SessionListSchema, 'Live sessions, most recently used first'), ...commonErrors },
    }),
    async (c) => {
      const { agent, ownHash } = await reachableAgent(c, c.req.valid('param').id);
      const rows = await listAgentSessions(db, agent.tenantId, agent.id, deps.now());
      return c.json({ data: rows.map((s) => toSessionDto(s, ownHash)) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/agents/{id}/sessions/{sessionId}',
      operationId: 'endAgentSession',
      tags: ['Agents'],
      summary: "End one of an agent's sessions (its cookie stops working at once)",
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:update')] as const,
      request: { params: Params.extend(SessionIdParams.shape) },
      responses: { 204: { description: 'Ended' }, ...commonErrors },
    }),
    async (c) => {
      const { id, sessionId } = c.req.valid('param');
      const { agent } = await reachableAgent(c, id);
      await endSession(db, actorOf(c), agent.id, sessionId, deps.now());
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/agents/{id}/sessions',
      operationId: 'endAgentSessions',
      tags: ['Agents'],
      summary: 'Sign an agent out everywhere: every session of theirs ends at once',
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:update')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(SessionsEndedSchema, 'How many ended'), ...commonErrors },
    }),
    async (c) => {
      const { agent } = await reachableAgent(c, c.req.valid('param').id);
      return c.json({ ended: await endAllSessions(db, actorOf(c), agent.id, deps.now()) }, 200);
    },
  );

  return router;
}
