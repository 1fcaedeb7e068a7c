// The tail every sign-in shares, inside the sign-in's transaction: the session (where the agent IP allowlist is
// checked), the agent's last sign-in time and the audit entry saying how they signed in.
import { audit, type Actor } from '../audit/audit.ts';
import type { Queryable } from '../db/client.ts';
import { updateAgent } from '../agents/queries.ts';
import { createSession, sessionOrigin, type SignInMethod } from './sessions.ts';

export interface SignInRecord {
  /** Default `auth.login`; single sign-on records `auth.sso_login`. */
  action?: string;
  details?: Record<string, unknown>;
}

export async function startAgentSession(
  tx: Queryable,
  actor: Actor,
  agent: { tenantId: string; id: string },
  method: SignInMethod,
  now: Date,
  record: SignInRecord = {},
) {
  const session = await createSession(tx, agent.tenantId, agent.id, now, sessionOrigin(actor, method));
  await updateAgent(tx, agent.tenantId, agent.id, { lastLoginAt: now.toISOString() }, now.toISOString());
  await audit(
    actor,
    tx,
    {
      tenantId: agent.tenantId,
      actor: { actorType: 'agent', actorId: agent.id },
      action: record.action ?? 'auth.login',
      targetType: 'agent',
      targetId: agent.id,
      ...(record.details ? { details: record.details } : {}),
    },
    now,
  );
  return session;
}
