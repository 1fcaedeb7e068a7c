// Who to record as the actor of an audited change, from the request's credential.
import type { Context } from 'hono';
import type { AppEnv } from '../types.ts';
import type { AuditEntry } from './log.ts';

export function actorOf(c: Context<AppEnv>): Pick<AuditEntry, 'actorType' | 'actorId'> {
  const p = c.get('principal');
  if (p.kind === 'agent') return { actorType: 'agent', actorId: p.agentId };
  if (p.kind === 'api-key') return { actorType: 'api-key', actorId: p.apiKeyId };
  return { actorType: 'platform', actorId: null };
}
