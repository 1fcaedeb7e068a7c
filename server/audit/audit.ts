// audit(c, …): the one way a request records what its caller did — actor from the principal, tenant and IP from the request.
import type { Context } from 'hono';
import type { Queryable } from '../db/client.ts';
import type { AppEnv } from '../types.ts';
import { clientIp } from '../middleware/rate-limit.ts';
import { writeAudit, type AuditEntry } from './log.ts';

export type AuditActor = Pick<AuditEntry, 'actorType' | 'actorId'>;

export interface AuditRecord {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  /** Default: the request's tenant. The platform token has none, so its records name the tenant acted on. */
  tenantId?: string | null;
  /** Default: the request's principal. Sign-up and sign-in act before there is one. */
  actor?: AuditActor;
}

function actorOf(c: Context<AppEnv>): AuditActor {
  const p = c.get('principal');
  if (!p) return { actorType: 'anonymous', actorId: null };
  if (p.kind === 'agent') return { actorType: 'agent', actorId: p.agentId };
  if (p.kind === 'api-key') return { actorType: 'api-key', actorId: p.apiKeyId };
  return { actorType: 'platform', actorId: null };
}

/** Writes the entry with `q`, so it commits or rolls back with the change it records. */
export async function audit(c: Context<AppEnv>, q: Queryable, record: AuditRecord, now: Date) {
  const { actor, tenantId, ...what } = record;
  await writeAudit(q, { tenantId: tenantId === undefined ? (c.get('tenantId') ?? null) : tenantId, ...(actor ?? actorOf(c)), ...what, ip: clientIp(c) }, now);
}
