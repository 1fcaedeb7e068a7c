// Session use cases: sign up (tenant + owner), sign in, sign out, accept an invitation, reset or change a password —
// passwords hashed before any transaction. The routes do the throttling, the sign-in rules of a suspended account and the cookie.
import type { Db } from '../db/client.ts';
import type { Deps } from '../types.ts';
import { audit, type Actor } from '../audit/audit.ts';
import { hashPassword, sha256, verifyPassword } from '../lib/crypto.ts';
import { randomToken } from '../lib/ids.ts';
import { badRequest, conflict, notFound, Problem } from '../lib/problem.ts';
import { getAgent, updateAgent, type AgentRecord } from '../agents/queries.ts';
import { getTenant, type TenantRecord } from '../tenants/queries.ts';
import { provisionTenant } from '../tenants/provision.ts';
import {
  createSession,
  deleteAgentSessions,
  deleteOtherAgentSessions,
  deleteSession,
  sessionOrigin,
} from './sessions.ts';
import { deletePasswordReset, putPasswordReset, takePasswordReset } from './password-resets.ts';
import { assertPasswordSignInAllowed } from '../sso/service.ts';
import { startAgentSession } from './start-session.ts';
import { startTrial } from '../billing/subscriptions/trial.ts';
import type { OwnerMailDeps } from '../billing/subscriptions/owner-mail.ts';

/** A new tenant on the professional plan with its owner, and the owner's first session; with billing on, a trial. */
export async function signUp(
  db: Db,
  actor: Actor,
  input: { tenantName: string; name: string; email: string; password: string },
  now: Date,
  billing: OwnerMailDeps | null = null,
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
    if (billing) await startTrial(tx, billing, actor, made.tenant, made.agent.id, now);
    return made;
  });
  const session = await createSession(db, tenant.id, agent.id, now, sessionOrigin(actor, 'password'));
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

/**
 * The route has checked the password and that this account may sign in. A tenant that requires single sign-on
 * refuses (403, audited) everyone but its break-glass owner, whose sign-in is audited as such.
 */
export async function signIn(db: Db, actor: Actor, tenant: TenantRecord, agent: AgentRecord, now: Date) {
  const { breakGlass } = await assertPasswordSignInAllowed(db, actor, tenant, agent, now);
  return db.tx((tx) =>
    startAgentSession(tx, actor, agent, 'password', now, breakGlass ? { details: { breakGlass: true } } : {}),
  );
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
  await assertPasswordSignInAllowed(db, actor, (await getTenant(db, agent.tenantId))!, agent, now);
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
    return createSession(tx, agent.tenantId, agent.id, now, sessionOrigin(actor, 'invitation'));
  });
}

/** How long a password reset link works. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/** Where the agent sets a new password: the inbox's reset page with the one-time token. */
const resetUrlFor = (publicUrl: string, token: string) => `${publicUrl}/inbox/#/reset-password?token=${token}`;

/** The refusal of every link that cannot be used (unknown, used, replaced, expired): one wording, nothing changed. */
export const resetLinkInvalid = () =>
  badRequest(
    'This password reset link is invalid, already used or expired. Ask the account owner for a new one (Settings → Agents → Reset password).',
  );

/**
 * A one-time link (valid for an hour) that sets a new password for an active agent; any earlier link stops
 * working. The link is in this answer only: the owner hands it over today, outbound mail will send it.
 * The caller has checked that the actor may act on this agent (or, for a self-service request, that nobody learns
 * whether the agent exists).
 */
export async function requestPasswordReset(
  deps: Pick<Deps, 'db' | 'env' | 'now'>,
  actor: Actor,
  target: { tenantId: string; agentId: string },
): Promise<{ url: string; expiresAt: string }> {
  const now = deps.now();
  const token = randomToken(40);
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS).toISOString();
  await deps.db.tx(async (tx) => {
    const agent = await getAgent(tx, target.tenantId, target.agentId);
    if (!agent) throw notFound('Agent');
    if (agent.status === 'invited')
      throw conflict(`${agent.name} has not accepted their invitation yet; resend the invitation instead.`);
    if (agent.status === 'disabled') throw conflict(`${agent.name} is deactivated; reactivate them first.`);
    await putPasswordReset(tx, agent.tenantId, agent.id, sha256(token), expiresAt, now.toISOString());
    await audit(
      actor,
      tx,
      {
        tenantId: agent.tenantId,
        action: 'agent.password_reset_link_created',
        targetType: 'agent',
        targetId: agent.id,
        details: { email: agent.email, expiresAt },
      },
      now,
    );
  });
  return { url: resetUrlFor(deps.env.PUBLIC_URL, token), expiresAt };
}

/**
 * Uses a reset link: the new password is set, the link is void, every session of the agent ends and a new one
 * starts here. The route has found the link live, the agent active and allowed to sign in.
 */
export async function resetPassword(
  db: Db,
  actor: Actor,
  agent: AgentRecord,
  token: string,
  password: string,
  now: Date,
) {
  await assertPasswordSignInAllowed(db, actor, (await getTenant(db, agent.tenantId))!, agent, now);
  const passwordHash = await hashPassword(password);
  return db.tx(async (tx) => {
    // Inside the transaction: of two requests with one link, only the first finds it.
    if (!(await takePasswordReset(tx, sha256(token), now.toISOString()))) throw resetLinkInvalid();
    await updateAgent(
      tx,
      agent.tenantId,
      agent.id,
      { passwordHash, lastLoginAt: now.toISOString() },
      now.toISOString(),
    );
    await deleteAgentSessions(tx, agent.tenantId, agent.id);
    await audit(
      actor,
      tx,
      {
        tenantId: agent.tenantId,
        actor: { actorType: 'agent', actorId: agent.id },
        action: 'agent.password_reset',
        targetType: 'agent',
        targetId: agent.id,
      },
      now,
    );
    return createSession(tx, agent.tenantId, agent.id, now, sessionOrigin(actor, 'password-reset'));
  });
}

/** 400, not 401: the session is fine, only the password typed is not; the field error lets the form show it there. */
const currentPasswordWrong = () =>
  new Problem(400, 'Your current password is not correct, so your password was not changed.', {
    extra: { errors: [{ path: 'currentPassword', message: 'is not correct' }] },
  });

/**
 * An agent changes their own password: the current one must be right (else 400, nothing changes); every other
 * session of theirs ends and any reset link is void; the session that asked stays signed in.
 */
export async function changePassword(
  db: Db,
  actor: Actor,
  agent: AgentRecord,
  keepSessionHash: string,
  input: { currentPassword: string; newPassword: string },
  now: Date,
) {
  if (!agent.passwordHash || !(await verifyPassword(input.currentPassword, agent.passwordHash))) {
    throw currentPasswordWrong();
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.tx(async (tx) => {
    await updateAgent(tx, agent.tenantId, agent.id, { passwordHash }, now.toISOString());
    await deleteOtherAgentSessions(tx, agent.tenantId, agent.id, keepSessionHash);
    await deletePasswordReset(tx, agent.tenantId, agent.id);
    await audit(
      actor,
      tx,
      { tenantId: agent.tenantId, action: 'agent.password_changed', targetType: 'agent', targetId: agent.id },
      now,
    );
  });
}
