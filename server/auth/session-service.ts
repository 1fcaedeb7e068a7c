// Ending sessions: one of your own, all your others, or (an admin) another agent's — each audited, in one transaction,
// whose commit empties the credential caches of every node (auth/credential-cache.ts), so the cookie stops at once.
import type { Db } from '../db/client.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { notFound } from '../lib/problem.ts';
import { deleteAgentSession, deleteAgentSessions, deleteOtherAgentSessions } from './sessions.ts';

/** Ends the agent's session `sessionId`; another agent's or tenant's session, or an ended one, is 404. */
export async function endSession(db: Db, actor: Actor, agentId: string, sessionId: string, now: Date) {
  const tenantId = actorTenant(actor);
  await db.tx(async (tx) => {
    if ((await deleteAgentSession(tx, tenantId, agentId, sessionId)) === 0) throw notFound('Session');
    await audit(
      actor,
      tx,
      { action: 'session.ended', targetType: 'agent', targetId: agentId, details: { sessionId } },
      now,
    );
  });
}

/** "Sign out everywhere else": every session of the agent but the one asking. */
export async function endOtherSessions(db: Db, actor: Actor, agentId: string, keepHash: string, now: Date) {
  const tenantId = actorTenant(actor);
  return db.tx(async (tx) => {
    const ended = await deleteOtherAgentSessions(tx, tenantId, agentId, keepHash);
    await audit(
      actor,
      tx,
      { action: 'session.ended_others', targetType: 'agent', targetId: agentId, details: { ended } },
      now,
    );
    return ended;
  });
}

/** Every session of the agent (the route has checked the caller may act on them). */
export async function endAllSessions(db: Db, actor: Actor, agentId: string, now: Date) {
  const tenantId = actorTenant(actor);
  return db.tx(async (tx) => {
    const ended = await deleteAgentSessions(tx, tenantId, agentId);
    await audit(
      actor,
      tx,
      { action: 'session.ended_all', targetType: 'agent', targetId: agentId, details: { ended } },
      now,
    );
    return ended;
  });
}
