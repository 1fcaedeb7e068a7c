// Session use cases: sign up (tenant + owner), sign in, sign out, accept an invitation — passwords hashed before any transaction.
// The routes do the throttling, the sign-in rules of a suspended account and the cookie.
import type { Db } from '../db/client.ts';
import { audit, type Actor } from '../audit/audit.ts';
import { hashPassword } from '../lib/crypto.ts';
import { updateAgent, type AgentRecord } from '../agents/queries.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { provisionTenant } from '../tenants/provision.ts';
import { createSession, deleteSession } from './sessions.ts';

/** A new tenant on the professional plan with its owner, and the owner's first session. */
export async function signUp(
  db: Db,
  actor: Actor,
  input: { tenantName: string; name: string; email: string; password: string },
  now: Date,
) {
  const passwordHash = await hashPassword(input.password);
  const { tenant, agent } = await db.tx(async (tx) => {
    const made = await provisionTenant(
      tx,
      {
        tenantName: input.tenantName,
        plan: 'professional',
        owner: { name: input.name, email: input.email, passwordHash },
      },
      now,
    );
    await audit(
      actor,
      tx,
      {
        tenantId: made.tenant.id,
        actor: { actorType: 'agent', actorId: made.agent.id },
        action: 'tenant.signup',
        targetType: 'tenant',
        targetId: made.tenant.id,
      },
      now,
    );
    return made;
  });
  const session = await createSession(db, tenant.id, agent.id, now);
  return { tenant, agent, session };
}

/** Who tried and failed; written outside any transaction (there is no change to roll back with). */
export async function recordFailedSignIn(
  db: Db,
  actor: Actor,
  email: string,
  agent: AgentRecord | undefined,
  now: Date,
) {
  await audit(
    actor,
    db,
    {
      tenantId: agent?.tenantId ?? null,
      action: 'auth.login_failed',
      targetType: 'agent',
      targetId: agent?.id,
      details: { email },
    },
    now,
  );
}

/** The route has checked the password and that this account may sign in. */
export async function signIn(db: Db, actor: Actor, tenant: TenantRecord, agent: AgentRecord, now: Date) {
  return db.tx(async (tx) => {
    const s = await createSession(tx, tenant.id, agent.id, now);
    await updateAgent(tx, tenant.id, agent.id, { lastLoginAt: now.toISOString() }, now.toISOString());
    await audit(
      actor,
      tx,
      {
        tenantId: tenant.id,
        actor: { actorType: 'agent', actorId: agent.id },
        action: 'auth.login',
        targetType: 'agent',
        targetId: agent.id,
      },
      now,
    );
    return s;
  });
}

/** Ends the one session the cookie names; the agent's other devices stay signed in. */
export async function signOut(db: Db, sessionHash: string): Promise<void> {
  await db.tx((tx) => deleteSession(tx, sessionHash));
}

/** The route has checked the invitation is valid and the account may sign in; the invitee is active and signed in. */
export async function acceptInvite(
  db: Db,
  actor: Actor,
  agent: AgentRecord,
  input: { password: string; name?: string },
  now: Date,
) {
  const passwordHash = await hashPassword(input.password);
  return db.tx(async (tx) => {
    await updateAgent(
      tx,
      agent.tenantId,
      agent.id,
      { passwordHash, status: 'active', name: input.name, clearInvite: true, lastLoginAt: now.toISOString() },
      now.toISOString(),
    );
    await audit(
      actor,
      tx,
      {
        tenantId: agent.tenantId,
        actor: { actorType: 'agent', actorId: agent.id },
        action: 'agent.invite_accepted',
        targetType: 'agent',
        targetId: agent.id,
      },
      now,
    );
    return createSession(tx, agent.tenantId, agent.id, now);
  });
}
