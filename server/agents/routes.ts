// Agents of a tenant: invite or create, list, read, change role/status, disable; seat limits enforced.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonBody, jsonContent, problemResponse, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { hashPassword, sha256 } from '../lib/crypto.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { conflict, invalidField, notFound } from '../lib/problem.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { actorOf, audit } from '../audit/audit.ts';
import { getRole } from '../roles/queries.ts';
import { assertCanChangeAgent, assertCanGrant } from '../roles/grants.ts';
import type { RoleDefinition } from '../roles/permissions.ts';
import { OwnerSchema } from '../tenants/schemas.ts';
import { PasswordSchema } from '../auth/password-policy.ts';
import { effectiveLimit, PLAN_DEFINITIONS, planLimitReached } from '../tenants/plans.ts';
import { deleteAgentSessions } from '../auth/sessions.ts';
import { countSeatAgents, emailInUse, getAgent, insertAgent, listAgents, toAgentDto, updateAgent } from './queries.ts';
import { AgentSchema } from './schemas.ts';
import type { Queryable } from '../db/client.ts';
import type { TenantRecord } from '../tenants/queries.ts';

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const CreateAgentBody = z
  .object({
    name: OwnerSchema.shape.name,
    email: OwnerSchema.shape.email,
    roleId: z.string().min(1).max(64).default('agent'),
    password: PasswordSchema.optional().openapi({ description: 'Set a password now (the rules of every new password apply); omit to get an invitation link instead.' }),
    maxOpenTickets: z.number().int().min(1).max(10_000).nullable().optional(),
  })
  .strict()
  .openapi('CreateAgent');

const UpdateAgentBody = z
  .object({
    name: OwnerSchema.shape.name,
    roleId: z.string().min(1).max(64),
    status: z.enum(['active', 'disabled']),
    maxOpenTickets: z.number().int().min(1).max(10_000).nullable(),
  })
  .partial()
  .strict()
  .openapi('UpdateAgent');

const CreatedAgent = AgentSchema.extend({
  inviteUrl: z.string().nullable().openapi({ description: 'Shown once; the invitee sets a password there.' }),
});

/** The role a body names; an unknown one is a 422 on `roleId`. */
async function roleNamed(c: Context<AppEnv>, deps: Deps, roleId: string): Promise<RoleDefinition> {
  const role = await getRole(deps.db, c.get('tenantId'), roleId);
  if (!role) throw invalidField('roleId', 'Unknown role.');
  return role;
}

async function assertSeatAvailable(q: Queryable, tenant: TenantRecord) {
  const limit = effectiveLimit(PLAN_DEFINITIONS[tenant.plan].maxAgents, tenant.settings.maxAgents);
  const used = await countSeatAgents(q, tenant.id);
  if (limit != null && used >= limit) throw planLimitReached(tenant.plan, 'maxAgents', limit, used);
}

export function createAgentRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Agent', 'agt_…');

  router.openapi(
    createRoute({
      method: 'get',
      path: '/agents',
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
      return c.json(toPage(rows, limit, (a) => [a.createdAt, a.id], toAgentDto), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/agents',
      tags: ['Agents'],
      summary: 'Create an agent with a password, or invite one (answer carries a one-time invitation URL)',
      description:
        'The role (default `agent`) may not exceed the caller: it needs every permission of the role, a caller limited to own tickets can only give roles with that limit, and only an owner creates or invites owners and admins. Refusals are 403 naming what is missing (`missing`, `requiredRole`).',
      security: SECURITY.tenant,
      middleware: [requirePermission('agents:create')] as const,
      request: { body: jsonBody(CreateAgentBody) },
      responses: { 201: jsonContent(CreatedAgent, 'Created'), 409: problemResponse('Email already registered'), ...commonErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const tenantId = c.get('tenantId');
      assertCanGrant(tenantPrincipal(c), await roleNamed(c, deps, body.roleId));
      const now = deps.now();
      const passwordHash = body.password ? await hashPassword(body.password) : null;
      const inviteToken = body.password ? null : randomToken(40);
      const id = newId('agt');
      await db.tx(async (tx) => {
        await assertSeatAvailable(tx, c.get('tenant'));
        if (await emailInUse(tx, body.email)) throw conflict('An agent with this email already exists.');
        await insertAgent(tx, tenantId, {
          id,
          email: body.email,
          name: body.name,
          passwordHash,
          roleId: body.roleId,
          status: inviteToken ? 'invited' : 'active',
          inviteTokenHash: inviteToken ? sha256(inviteToken) : null,
          inviteExpiresAt: inviteToken ? new Date(now.getTime() + INVITE_TTL_MS).toISOString() : null,
          now: now.toISOString(),
        });
        if (body.maxOpenTickets !== undefined) await updateAgent(tx, tenantId, id, { maxOpenTickets: body.maxOpenTickets }, now.toISOString());
        await audit(actorOf(c), tx, { action: inviteToken ? 'agent.invited' : 'agent.created', targetType: 'agent', targetId: id, details: { roleId: body.roleId } }, now);
      });
      const agent = (await getAgent(db, tenantId, id))!;
      const inviteUrl = inviteToken ? `${deps.env.PUBLIC_URL}/inbox/#/accept-invite?token=${inviteToken}` : null;
      return c.json({ ...toAgentDto(agent), inviteUrl }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/agents/{id}',
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
      tags: ['Agents'],
      summary: 'Change an agent\'s name, role, status or ticket capacity',
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
      const current = (await getRole(db, tenantId, agent.roleId)) ?? { id: agent.roleId, permissions: [], ownTicketsOnly: false };
      const role = body.roleId === undefined ? undefined : await roleNamed(c, deps, body.roleId);
      assertCanChangeAgent(p, { id, role: current }, { role, disable: body.status === 'disabled' });
      const now = deps.now();
      await db.tx(async (tx) => {
        if (body.status === 'active' && agent.status === 'disabled') await assertSeatAvailable(tx, c.get('tenant'));
        await updateAgent(tx, tenantId, id, body, now.toISOString());
        if (body.status === 'disabled') await deleteAgentSessions(tx, tenantId, id);
        if (body.roleId && body.roleId !== agent.roleId) {
          await audit(actorOf(c), tx, { action: 'agent.role_changed', targetType: 'agent', targetId: id, details: { from: agent.roleId, to: body.roleId } }, now);
        }
        if (body.status && body.status !== agent.status) {
          await audit(actorOf(c), tx, { action: `agent.${body.status === 'disabled' ? 'disabled' : 'enabled'}`, targetType: 'agent', targetId: id }, now);
        }
      });
      return c.json(toAgentDto((await getAgent(db, tenantId, id))!), 200);
    },
  );

  return router;
}
