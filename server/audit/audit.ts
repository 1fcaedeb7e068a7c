// audit(actor, …): the one way a use case records what its caller did — actor from the principal, tenant and IP from the request.
import type { Context } from 'hono';
import type { Queryable } from '../db/client.ts';
import type { AppEnv, Principal } from '../types.ts';
import { clientIp } from '../middleware/client-ip.ts';
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

/** Who acts, as a service receives it: the principal (none before sign-in), the request's tenant and the client address. */
export interface Actor {
  principal: Principal | null;
  tenantId: string | null;
  ip: string;
  /** The caller's User-Agent, when the request had one: sessions started by this request record it. */
  userAgent?: string;
}

/** The routes' one call: hands a service the caller of this request. */
export function actorOf(c: Context<AppEnv>): Actor {
  return {
    principal: c.get('principal') ?? null,
    tenantId: c.get('tenantId') ?? null,
    ip: clientIp(c),
    userAgent: c.req.header('user-agent'),
  };
}

/** The tenant a tenant-scoped use case acts in; the credential middleware has set it before any such route runs. */
export function actorTenant(a: Actor): string {
  if (!a.tenantId) throw new Error('This use case needs a tenant credential.');
  return a.tenantId;
}

function auditActorOf(p: Principal | null): AuditActor {
  if (!p) return { actorType: 'anonymous', actorId: null };
  if (p.kind === 'agent') return { actorType: 'agent', actorId: p.agentId };
  if (p.kind === 'api-key') return { actorType: 'api-key', actorId: p.apiKeyId };
  return { actorType: 'platform', actorId: null };
}

/** Writes the entry with `q`, so it commits or rolls back with the change it records. */
export async function audit(by: Actor, q: Queryable, record: AuditRecord, now: Date) {
  const { actor, tenantId, ...what } = record;
  await writeAudit(
    q,
    {
      tenantId: tenantId === undefined ? by.tenantId : tenantId,
      ...(actor ?? auditActorOf(by.principal)),
      ...what,
      ip: by.ip,
    },
    now,
  );
}
