// API keys of a tenant: stored as SHA-256 hashes with a short hint, scoped, revocable.
import type { Queryable } from '../db/client.ts';
import { sha256 } from '../lib/crypto.ts';
import { parseJson } from '../lib/json.ts';
import type { Permission } from '../roles/permissions.ts';

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  keyHint: string;
  scopes: Permission[];
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  key_hint: string;
  scopes: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

const fromRow = (r: ApiKeyRow): ApiKeyRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  keyHint: r.key_hint,
  scopes: parseJson(r.scopes, []),
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  createdAt: r.created_at,
});

export function toApiKeyDto(k: ApiKeyRecord) {
  return {
    id: k.id,
    name: k.name,
    keyHint: k.keyHint,
    scopes: k.scopes,
    createdBy: k.createdBy,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
    createdAt: k.createdAt,
  };
}

export async function insertApiKey(
  q: Queryable,
  tenantId: string,
  k: { id: string; name: string; secret: string; scopes: Permission[]; createdBy: string | null; now: string },
) {
  await q.run(
    `INSERT INTO api_keys (id, tenant_id, name, key_hash, key_hint, scopes, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      k.id,
      tenantId,
      k.name,
      sha256(k.secret),
      `${k.secret.slice(0, 10)}…${k.secret.slice(-4)}`,
      JSON.stringify(k.scopes),
      k.createdBy,
      k.now,
    ],
  );
}

export async function findActiveApiKey(q: Queryable, secret: string) {
  const row = await q.get<ApiKeyRow>('SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL', [
    sha256(secret),
  ]);
  return row && fromRow(row);
}

export async function getApiKey(q: Queryable, tenantId: string, id: string) {
  const row = await q.get<ApiKeyRow>('SELECT * FROM api_keys WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  return row && fromRow(row);
}

export async function listApiKeys(q: Queryable, tenantId: string, after: [string, string] | null, limit: number) {
  const rows = after
    ? await q.all<ApiKeyRow>(
        'SELECT * FROM api_keys WHERE tenant_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?',
        [tenantId, after[0], after[1], limit + 1],
      )
    : await q.all<ApiKeyRow>('SELECT * FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id LIMIT ?', [
        tenantId,
        limit + 1,
      ]);
  return rows.map(fromRow);
}

export async function revokeApiKey(q: Queryable, tenantId: string, id: string, now: string) {
  await q.run('UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL', [
    now,
    tenantId,
    id,
  ]);
}

/** Sets last-used unless it was set within the minute (the WHERE clause covers other processes). */
export async function setApiKeyLastUsed(q: Queryable, tenantId: string, id: string, now: Date) {
  const cutoff = new Date(now.getTime() - 60_000).toISOString();
  await q.run(
    'UPDATE api_keys SET last_used_at = ? WHERE tenant_id = ? AND id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
    [now.toISOString(), tenantId, id, cutoff],
  );
}

/** Keys that still work (revoked ones hold no place under the plan's limit). */
export async function countActiveApiKeys(q: Queryable, tenantId: string): Promise<number> {
  const r = await q.get<{ n: number }>(
    'SELECT count(*) AS n FROM api_keys WHERE tenant_id = ? AND revoked_at IS NULL',
    [tenantId],
  );
  return r?.n ?? 0;
}
