// An agent's own sessions: list them (device, address, sign-in method, last seen, which is this one), end one, or end
// every other ("sign out everywhere else"). Another agent's sessions are under /agents/{id}/sessions.
import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie } from 'hono/cookie';
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, problemResponse, SECURITY } from '../openapi/router.ts';
import { badRequest } from '../lib/problem.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { actorOf } from '../audit/audit.ts';
import { getAgentSession, listAgentSessions, SESSION_COOKIE, toSessionDto } from './sessions.ts';
import { endOtherSessions, endSession } from './session-service.ts';
import { SessionIdParams, SessionListSchema, SessionsEndedSchema } from './session-schemas.ts';

/** The signed-in agent; an API key has no sessions (400, as for logout). */
function sessionCaller(c: Context<AppEnv>) {
  const p = tenantPrincipal(c);
  if (p.kind !== 'agent')
    throw badRequest('Only a signed-in agent has sessions; API keys are revoked under /api-keys.');
  return p;
}

const apiKeyRefused = problemResponse('Malformed JSON, or the caller is an API key (it has no sessions)');

export function createSessionRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/me/sessions',
      operationId: 'listMySessions',
      tags: ['Auth'],
      summary: 'Your sessions: device, address, sign-in method, created, last seen, and which one is this',
      security: SECURITY.tenant,
      responses: {
        200: jsonContent(SessionListSchema, 'Live sessions, most recently used first'),
        ...commonErrors,
        400: apiKeyRefused,
      },
    }),
    async (c) => {
      const p = sessionCaller(c);
      const rows = await listAgentSessions(db, p.tenantId, p.agentId, deps.now());
      return c.json({ data: rows.map((s) => toSessionDto(s, p.sessionHash)) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/me/sessions/{sessionId}',
      operationId: 'endMySession',
      tags: ['Auth'],
      summary: 'End one of your sessions (its cookie stops working at once); ending this one signs you out',
      security: SECURITY.tenant,
      request: { params: SessionIdParams },
      responses: { 204: { description: 'Ended' }, ...commonErrors, 400: apiKeyRefused },
    }),
    async (c) => {
      const p = sessionCaller(c);
      const { sessionId } = c.req.valid('param');
      const ending = await getAgentSession(db, p.tenantId, p.agentId, sessionId, deps.now());
      const isCurrent = ending?.tokenHash === p.sessionHash;
      await endSession(db, actorOf(c), p.agentId, sessionId, deps.now());
      if (isCurrent) deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/me/sessions/end-others',
      operationId: 'endMyOtherSessions',
      tags: ['Auth'],
      summary: 'Sign out everywhere else: every session of yours but this one ends at once',
      security: SECURITY.tenant,
      responses: { 200: jsonContent(SessionsEndedSchema, 'How many ended'), ...commonErrors, 400: apiKeyRefused },
    }),
    async (c) => {
      const p = sessionCaller(c);
      const ended = await endOtherSessions(db, actorOf(c), p.agentId, p.sessionHash, deps.now());
      return c.json({ ended }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/me/address',
      operationId: 'getMyAddress',
      tags: ['Auth'],
      summary: 'Your current client address, as the IP allowlists see it (behind TRUST_PROXY: the forwarded one)',
      security: SECURITY.tenant,
      responses: {
        200: jsonContent(
          z.object({ ip: z.string().openapi({ example: '203.0.113.7' }) }).openapi('MyAddress'),
          'The address',
        ),
        ...commonErrors,
      },
    }),
    async (c) => c.json({ ip: clientIp(c) }, 200),
  );

  return router;
}
