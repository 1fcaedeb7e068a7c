// Writes audit entries (who did what to which object, from where) and reads them back per tenant.
import type { Queryable } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import { parseJson } from '../lib/json.ts';
import { BUILT_IN_ROLES } from '../roles/permissions.ts';

export interface AuditEntry {
  tenantId: string | null;
  actorType: 'agent' | 'api-key' | 'platform' | 'system' | 'anonymous' | 'scim' | 'visitor';
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
  /** The actor's current name (agent or API key), when it still exists. */
  actor_name: string | null;
  /** The target's current name, title or URL, when it still exists. */
  target_name: string | null;
}

export interface AuditFilter {
  action?: string;
  /** An agent or API key id. */
  actorId?: string;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

/** The current name of an object an entry names, looked up in the entry's own tenant. */
const nameOf = (table: string, column: string, idColumn: string) =>
  `(SELECT ${column} FROM ${table} WHERE tenant_id = a.tenant_id AND id = a.${idColumn})`;

const SELECT_ENTRY = `SELECT a.*,
  CASE a.actor_type
    WHEN 'agent' THEN ${nameOf('agents', 'name', 'actor_id')}
    WHEN 'api-key' THEN ${nameOf('api_keys', 'name', 'actor_id')}
  END AS actor_name,
  CASE a.target_type
    WHEN 'agent' THEN ${nameOf('agents', 'name', 'target_id')}
    WHEN 'api_key' THEN ${nameOf('api_keys', 'name', 'target_id')}
    WHEN 'role' THEN ${nameOf('roles', 'name', 'target_id')}
    WHEN 'webhook' THEN ${nameOf('webhook_endpoints', 'url', 'target_id')}
    WHEN 'kb_article' THEN ${nameOf('kb_articles', 'title', 'target_id')}
    WHEN 'kb_category' THEN ${nameOf('kb_categories', 'name', 'target_id')}
    WHEN 'tenant' THEN (SELECT name FROM tenants WHERE id = a.target_id AND id = a.tenant_id)
  END AS target_name
FROM audit_log a`;

/** Newest first, narrowed by the filter; the cursor is the sequence number of the last entry seen. */
export async function listAudit(
  q: Queryable,
  tenantId: string,
  beforeSeq: number | null,
  limit: number,
  f: AuditFilter = {},
) {
  const where = ['a.tenant_id = ?', 'a.seq < ?'];
  const args: (string | number)[] = [tenantId, beforeSeq ?? Number.MAX_SAFE_INTEGER];
  const add = (sql: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(sql);
    args.push(value);
  };
  add('a.action = ?', f.action);
  add('a.actor_id = ?', f.actorId);
  add('a.created_at >= ?', f.from);
  add('a.created_at < ?', f.to);
  args.push(limit + 1);
  return q.all<AuditRow>(`${SELECT_ENTRY} WHERE ${where.join(' AND ')} ORDER BY a.seq DESC LIMIT ?`, args);
}

/** Every action recorded for the tenant, with how often, alphabetically: the audit log's action picker. */
export async function listAuditActions(q: Queryable, tenantId: string) {
  return q.all<{ action: string; count: number }>(
    'SELECT action, count(*) AS count FROM audit_log WHERE tenant_id = ? GROUP BY action ORDER BY action',
    [tenantId],
  );
}

const TARGET_NOUNS: Record<string, string> = {
  agent: 'Agent',
  api_key: 'API key',
  role: 'Role',
  webhook: 'Webhook',
  kb_article: 'Article',
  kb_category: 'Category',
  kb_synonyms: 'Search synonyms',
  tenant: 'Account',
};

const BUILT_IN_ROLE_NAMES: Record<string, string> = Object.fromEntries(
  Object.values(BUILT_IN_ROLES).map((r) => [r.id, r.name]),
);

/** A name the entry itself kept (what was created or removed), for objects that are gone. */
function recordedName(details: Record<string, unknown>): string | null {
  for (const key of ['name', 'title', 'url', 'email'])
    if (typeof details[key] === 'string' && details[key]) return details[key] as string;
  return null;
}

export function actorNameOf(r: Pick<AuditRow, 'actor_type' | 'actor_id' | 'actor_name'>): string {
  if (r.actor_type === 'agent') return r.actor_name ?? 'A removed agent';
  if (r.actor_type === 'api-key') return r.actor_name ? `API key “${r.actor_name}”` : 'A revoked API key';
  if (r.actor_type === 'platform') return 'Platform operator';
  if (r.actor_type === 'system') return 'System';
  return 'Not signed in';
}

export function targetLabelOf(
  r: Pick<AuditRow, 'target_type' | 'target_id' | 'target_name'>,
  details: Record<string, unknown>,
): string | null {
  if (!r.target_type) return null;
  const noun = TARGET_NOUNS[r.target_type] ?? r.target_type.replace(/_/g, ' ');
  if (r.target_type === 'kb_synonyms') return noun;
  const name =
    r.target_name ??
    (r.target_type === 'role' && r.target_id ? BUILT_IN_ROLE_NAMES[r.target_id] : undefined) ??
    recordedName(details);
  return name ? `${noun}: ${name}` : `${noun} (no longer exists)`;
}

export function toAuditDto(r: AuditRow) {
  const details = parseJson<Record<string, unknown>>(r.details, {});
  return {
    id: r.id,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: actorNameOf(r),
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    targetLabel: targetLabelOf(r, details),
    ip: r.ip,
    details,
    createdAt: r.created_at,
  };
}
