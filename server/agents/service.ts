// Agent use cases: create with a password, invite (and resend or revoke an invitation), update, remove — seat limits, sessions and audit in each one transaction.
import type { Deps } from '../types.ts';
import type { Queryable } from '../db/client.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { hashPassword, sha256 } from '../lib/crypto.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { conflict, notFound } from '../lib/problem.ts';
import { assertWithin, loadEntitlements } from '../billing/entitlements.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { deleteAgentSessions } from '../auth/sessions.ts';
import { deletePasswordReset } from '../auth/password-resets.ts';
import {
  countOpenAssigned,
  countSeatAgents,
  deleteAgent,
  emailInUse,
  getAgent,
  insertAgent,
  setInvite,
  updateAgent as updateAgentRow,
  type AgentRecord,
} from './queries.ts';
import type { CreateAgentInput, UpdateAgentInput } from './schemas.ts';

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
type AgentDeps = Pick<Deps, 'db' | 'env' | 'now'>;

/** Where an invitee sets their password: the inbox's accept-invite page with the one-time token. */
const inviteUrlFor = (publicUrl: string, token: string) => `${publicUrl}/inbox/#/accept-invite?token=${token}`;

export async function assertSeatAvailable(q: Queryable, tenant: TenantRecord, now: Date) {
  assertWithin(await loadEntitlements(q, tenant, now), 'agents', await countSeatAgents(q, tenant.id));
}

/** The route has checked the caller may grant the role. */
async function addAgent(
  deps: AgentDeps,
  actor: Actor,
  tenant: TenantRecord,
  input: CreateAgentInput,
  passwordHash: string | null,
  inviteToken: string | null,
) {
  const tenantId = actorTenant(actor);
  const now = deps.now();
  const id = newId('agt');
  await deps.db.tx(async (tx) => {
    await assertSeatAvailable(tx, tenant, now);
    if (await emailInUse(tx, input.email)) throw conflict('An agent with this email already exists.');
    await insertAgent(tx, tenantId, {
      id,
      email: input.email,
      name: input.name,
      passwordHash,
      roleId: input.roleId,
      status: inviteToken ? 'invited' : 'active',
      inviteTokenHash: inviteToken ? sha256(inviteToken) : null,
      inviteExpiresAt: inviteToken ? new Date(now.getTime() + INVITE_TTL_MS).toISOString() : null,
      now: now.toISOString(),
    });
    if (input.maxOpenTickets !== undefined)
      await updateAgentRow(tx, tenantId, id, { maxOpenTickets: input.maxOpenTickets }, now.toISOString());
    await audit(
      actor,
      tx,
      {
        action: inviteToken ? 'agent.invited' : 'agent.created',
        targetType: 'agent',
        targetId: id,
        details: { roleId: input.roleId },
      },
      now,
    );
  });
  return (await getAgent(deps.db, tenantId, id))!;
}

/** An active agent with a password (hashed before the transaction: scrypt is slow). */
export async function createAgent(
  deps: AgentDeps,
  actor: Actor,
  tenant: TenantRecord,
  input: CreateAgentInput & { password: string },
): Promise<AgentRecord> {
  return addAgent(deps, actor, tenant, input, await hashPassword(input.password), null);
}

/** An invited agent; the invitation URL (with its one-time token) is in this answer only. */
export async function inviteAgent(deps: AgentDeps, actor: Actor, tenant: TenantRecord, input: CreateAgentInput) {
  const inviteToken = randomToken(40);
  const agent = await addAgent(deps, actor, tenant, input, null, inviteToken);
  return { agent, inviteUrl: inviteUrlFor(deps.env.PUBLIC_URL, inviteToken) };
}

/** The route has checked the caller may change this agent (and grant a new role); disabling ends their sessions. */
export async function updateAgent(
  deps: AgentDeps,
  actor: Actor,
  tenant: TenantRecord,
  agent: AgentRecord,
  patch: UpdateAgentInput,
): Promise<AgentRecord> {
  const tenantId = actorTenant(actor);
  const id = agent.id;
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    if (patch.status === 'active' && agent.status === 'disabled') await assertSeatAvailable(tx, tenant, now);
    await updateAgentRow(tx, tenantId, id, patch, now.toISOString());
    if (patch.status === 'disabled') {
      await deleteAgentSessions(tx, tenantId, id);
      await deletePasswordReset(tx, tenantId, id);
    }
    if (patch.roleId && patch.roleId !== agent.roleId) {
      await audit(
        actor,
        tx,
        {
          action: 'agent.role_changed',
          targetType: 'agent',
          targetId: id,
          details: { from: agent.roleId, to: patch.roleId },
        },
        now,
      );
    }
    if (patch.status && patch.status !== agent.status) {
      await audit(
        actor,
        tx,
        { action: `agent.${patch.status === 'disabled' ? 'disabled' : 'enabled'}`, targetType: 'agent', targetId: id },
        now,
      );
    }
  });
  return (await getAgent(deps.db, tenantId, id))!;
}

const notInvited = () => conflict('This agent has already accepted the invitation; deactivate or remove them instead.');

async function agentOr404(q: Queryable, tenantId: string, agentId: string): Promise<AgentRecord> {
  const agent = await getAgent(q, tenantId, agentId);
  if (!agent) throw notFound('Agent');
  return agent;
}

/** The route has checked the caller may act on this agent. A fresh link and a fresh week; the previous link stops working. */
export async function resendInvite(deps: AgentDeps, actor: Actor, agentId: string) {
  const tenantId = actorTenant(actor);
  const now = deps.now();
  const token = randomToken(40);
  await deps.db.tx(async (tx) => {
    const agent = await agentOr404(tx, tenantId, agentId);
    if (agent.status !== 'invited') throw notInvited();
    await setInvite(
      tx,
      tenantId,
      agentId,
      sha256(token),
      new Date(now.getTime() + INVITE_TTL_MS).toISOString(),
      now.toISOString(),
    );
    await audit(
      actor,
      tx,
      { action: 'agent.invite_resent', targetType: 'agent', targetId: agentId, details: { email: agent.email } },
      now,
    );
  });
  return { agent: (await getAgent(deps.db, tenantId, agentId))!, inviteUrl: inviteUrlFor(deps.env.PUBLIC_URL, token) };
}

/** Withdraws an invitation not yet accepted: the link stops working and the seat and email are free again. */
export async function revokeInvite(deps: AgentDeps, actor: Actor, agentId: string) {
  const tenantId = actorTenant(actor);
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    const agent = await agentOr404(tx, tenantId, agentId);
    if (agent.status !== 'invited') throw notInvited();
    await deleteAgent(tx, tenantId, agentId);
    await audit(
      actor,
      tx,
      { action: 'agent.invite_revoked', targetType: 'agent', targetId: agentId, details: { email: agent.email } },
      now,
    );
  });
}

/**
 * Removes an agent for good: their sessions end, their seat and email are free. Tickets still open or
 * pending in their name must be reassigned first, so nothing is left without an owner.
 */
export async function removeAgent(deps: AgentDeps, actor: Actor, agentId: string) {
  const tenantId = actorTenant(actor);
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    const agent = await agentOr404(tx, tenantId, agentId);
    const open = await countOpenAssigned(tx, tenantId, agentId);
    if (open > 0)
      throw conflict(
        `${agent.name} still has ${open} open or pending ticket${open === 1 ? '' : 's'}; reassign ${open === 1 ? 'it' : 'them'} first.`,
      );
    await deleteAgentSessions(tx, tenantId, agentId);
    await deletePasswordReset(tx, tenantId, agentId);
    await deleteAgent(tx, tenantId, agentId);
    await audit(
      actor,
      tx,
      {
        action: 'agent.removed',
        targetType: 'agent',
        targetId: agentId,
        details: { email: agent.email, roleId: agent.roleId },
      },
      now,
    );
  });
}
