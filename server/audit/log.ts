// Writes audit entries (who did what to which object, from where) and reads them back per tenant.
import type { Queryable } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import { parseJson } from '../lib/json.ts';

export interface AuditEntry {
  tenantId: string | null;
  actorType: 'agent' | 'api-key' | 'platform' | 'system' | 'anonymous';
  actorId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** The row writer. Use cases record through audit(actor, …) in audit.ts; only work without a request (workers) calls this. */
export async function writeAudit(q: Queryable, e: AuditEntry, now: Date) {
  await q.run(
    `INSERT INTO audit_log (id, tenant_id, actor_type, actor_id, action, target_type, target_id, ip, details, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      newId('aud'),
      e.tenantId,
      e.actorType,
      e.actorId ?? null,
      e.action,
      e.targetType ?? null,
      e.targetId ?? null,
      e.ip ?? null,
      JSON.stringify(e.details ?? {}),
      now.toISOString(),
    ],
  );
}

interface AuditRow {
  seq: number;
  id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: string;
  created_at: string;
}

/** Newest first; the cursor is the sequence number of the last entry seen. */
export async function listAudit(
  q: Queryable,
  tenantId: string,
  beforeSeq: number | null,
  limit: number,
  action?: string,
) {
  const rows = await q.all<AuditRow>(
    `SELECT * FROM audit_log WHERE tenant_id = ? AND seq < ? ${action ? 'AND action = ?' : ''} ORDER BY seq DESC LIMIT ?`,
    action
      ? [tenantId, beforeSeq ?? Number.MAX_SAFE_INTEGER, action, limit + 1]
      : [tenantId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1],
  );
  return rows;
}

export function toAuditDto(r: AuditRow) {
  return {
    id: r.id,
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    ip: r.ip,
    details: parseJson<Record<string, unknown>>(r.details, {}),
    createdAt: r.created_at,
  };
}
