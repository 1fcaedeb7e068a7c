// Agents of a tenant: invite or create, list, read, change role/status, disable; seat limits enforced.
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
import { forbidden, invalidField, notFound } from '../lib/problem.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { actorOf } from '../audit/audit.ts';
import { getRole } from '../roles/queries.ts';
import { assertCanChangeAgent, assertCanGrant } from '../roles/grants.ts';
import type { RoleDefinition } from '../roles/permissions.ts';
import { getAgent, listAgents, toAgentDto } from './queries.ts';
import { AgentSchema, CreateAgentBody, UpdateAgentBody } from './schemas.ts';
import { createAgent, inviteAgent, removeAgent, resendInvite, revokeInvite, updateAgent } from './service.ts';
import { requestPasswordReset } from '../auth/service.ts';

const PasswordResetLink = z
  .object({
    url: z.string().openapi({
      description: 'Shown once; opening it lets the agent set a new password. Works once, for an hour.',
      example: 'https://help.example.com/inbox/#/reset-password?token=…',
    }),
    expiresAt: z.string(),
  })
  .openapi('PasswordResetLink');

const CreatedAgent = AgentSchema.extend({
  inviteUrl: z.string().nullable().openapi({ description: 'Shown once; the invitee sets a password there.' }),
});

/** The role a body names; an unknown one is a 422 on `roleId`. */
async function roleNamed(c: Context<AppEnv>, deps: Deps, roleId: string): Promise<RoleDefinition> {
  const role = await getRole(deps.db, c.get('tenantId'), roleId);
  if (!role) throw invalidField('roleId', 'Unknown role.');
  return role;
}

export function createAgentRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Agent', 'agt_…');

  router.openapi(
    createRoute({
      method: 'get',
      path: '/agents',
      operationId: 'listAgents',
      tags: ['Agents'],
      summary: 'List agents',
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:read')] as const,
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(pageOf(AgentSchema), 'A page of agents'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await listAgents(db, c.get('tenantId'), decodeCursor(cursor, Keyset.timeId), limit);
      return c.json(
        toPage(rows, limit, (a) => [a.createdAt, a.id], toAgentDto),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/agents',
      operationId: 'createAgent',
      tags: ['Agents'],
      summary: 'Create an agent with a password, or invite one (answer carries a one-time invitation URL)',
      description:
        'The role (default `agent`) may not exceed the caller: it needs every permission of the role, a caller limited to own tickets can only give roles with that limit, and only an owner creates or invites owners and admins. Refusals are 403 naming what is missing (`missing`, `requiredRole`).',
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:create')] as const,
      request: { body: jsonBody(CreateAgentBody) },
      responses: {
        201: jsonContent(CreatedAgent, 'Created'),
        409: problemResponse('Email already registered'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      assertCanGrant(tenantPrincipal(c), await roleNamed(c, deps, body.roleId));
      const { agent, inviteUrl } = body.password
        ? {
            agent: await createAgent(deps, actorOf(c), c.get('tenant'), { ...body, password: body.password }),
            inviteUrl: null,
          }
        : await inviteAgent(deps, actorOf(c), c.get('tenant'), body);
      return c.json({ ...toAgentDto(agent), inviteUrl }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/agents/{id}',
      operationId: 'getAgent',
      tags: ['Agents'],
      summary: 'Read an agent',
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(AgentSchema, 'The agent'), ...commonErrors },
    }),
    async (c) => {
      const agent = await getAgent(db, c.get('tenantId'), c.req.valid('param').id);
      if (!agent) throw notFound('Agent');
      return c.json(toAgentDto(agent), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/agents/{id}',
      operationId: 'updateAgent',
      tags: ['Agents'],
      summary: "Change an agent's name, role, status or ticket capacity",
      description:
        'Changing another agent needs power over the role they hold now and over a new one (the same rule as creating); only an owner changes owners and admins. Nobody changes their own role or disables themselves.',
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:update')] as const,
      request: { params: Params, body: jsonBody(UpdateAgentBody) },
      responses: { 200: jsonContent(AgentSchema, 'The agent'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const tenantId = c.get('tenantId');
      const p = tenantPrincipal(c);
      const agent = await getAgent(db, tenantId, id);
      if (!agent) throw notFound('Agent');
      // A role still held cannot be deleted, so the current one is always found.
      const current = (await getRole(db, tenantId, agent.roleId)) ?? {
        id: agent.roleId,
        permissions: [],
        ownTicketsOnly: false,
      };
      const role = body.roleId === undefined ? undefined : await roleNamed(c, deps, body.roleId);
      assertCanChangeAgent(p, { id, role: current }, { role, disable: body.status === 'disabled' });
      return c.json(toAgentDto(await updateAgent(deps, actorOf(c), c.get('tenant'), agent, body)), 200);
    },
  );

  /**
   * The agent a lifecycle route acts on, if the caller may: as for PATCH, that needs power over the role
   * they hold (so only an owner acts on owners and admins), and nobody removes themself.
   */
  async function manageableAgent(c: Context<AppEnv>, id: string) {
    const p = tenantPrincipal(c);
    const agent = await getAgent(db, p.tenantId, id);
    if (!agent) throw notFound('Agent');
    if (p.kind === 'agent' && p.agentId === id) throw forbidden('You cannot remove yourself; ask another admin.');
    // A role still held cannot be deleted, so the current one is always found.
    assertCanGrant(
      p,
      (await getRole(db, p.tenantId, agent.roleId)) ?? { id: agent.roleId, permissions: [], ownTicketsOnly: false },
    );
    return agent;
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/agents/{id}/invite/resend',
      operationId: 'resendAgentInvite',
      tags: ['Agents'],
      summary: 'Issue a new invitation link (shown once) with a new expiry; the previous link stops working',
      description:
        "Needs power over the agent's role (every permission of it; only an owner acts on owners and admins), as for PATCH. Refusals are 403 naming what is missing.",
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:create')] as const,
      request: { params: Params },
      responses: {
        200: jsonContent(CreatedAgent, 'The invited agent and the new link'),
        409: problemResponse('The agent already accepted'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await manageableAgent(c, id);
      const { agent, inviteUrl } = await resendInvite(deps, actorOf(c), id);
      return c.json({ ...toAgentDto(agent), inviteUrl }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/agents/{id}/password-reset',
      operationId: 'createAgentPasswordReset',
      tags: ['Agents'],
      summary: 'Make a one-time password reset link (shown once, valid for an hour); an earlier link stops working',
      description:
        "For an agent who forgot their password: hand them the link; it sets a new password, signs out every session of theirs and signs them in. Needs power over the agent's role (only an owner acts on owners and admins), as for PATCH. An invited agent gets a new invitation instead, a deactivated one must be reactivated first (409).",
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:update')] as const,
      request: { params: Params },
      responses: {
        201: jsonContent(PasswordResetLink, 'The link'),
        409: problemResponse('The agent is invited or deactivated'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = c.get('tenantId');
      const agent = await getAgent(db, tenantId, id);
      if (!agent) throw notFound('Agent');
      // A role still held cannot be deleted, so the current one is always found.
      const role = (await getRole(db, tenantId, agent.roleId)) ?? {
        id: agent.roleId,
        permissions: [],
        ownTicketsOnly: false,
      };
      assertCanChangeAgent(tenantPrincipal(c), { id, role }, {});
      return c.json(await requestPasswordReset(deps, actorOf(c), { tenantId, agentId: id }), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/agents/{id}/invite',
      operationId: 'revokeAgentInvite',
      tags: ['Agents'],
      summary: 'Withdraw an invitation not yet accepted: the link stops working, the seat and email are free again',
      description:
        "Needs power over the agent's role (every permission of it; only an owner acts on owners and admins), as for PATCH. Refusals are 403 naming what is missing.",
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:delete')] as const,
      request: { params: Params },
      responses: {
        204: { description: 'Revoked' },
        409: problemResponse('The agent already accepted'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await manageableAgent(c, id);
      await revokeInvite(deps, actorOf(c), id);
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/agents/{id}',
      operationId: 'deleteAgent',
      tags: ['Agents'],
      summary: 'Remove an agent: sessions end, seat and email are free; their open tickets must be reassigned first',
      description:
        "Messages and history keep the agent's name. To keep the account but stop sign-ins, PATCH `status: disabled` instead. Needs power over the agent's role (every permission of it; only an owner acts on owners and admins), as for PATCH. Refusals are 403 naming what is missing. Nobody removes themself.",
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:delete')] as const,
      request: { params: Params },
      responses: {
        204: { description: 'Removed' },
        409: problemResponse('The agent still has open or pending tickets'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await manageableAgent(c, id);
      await removeAgent(deps, actorOf(c), id);
      return c.body(null, 204);
    },
  );

  return router;
}
