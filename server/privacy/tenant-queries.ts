// SQL of whole-tenant deletion: the pending deletion row, and the generic walk over the schema that finds every
// table holding a tenant's rows (so a table added later is exported and purged too).
import type { Queryable } from '../db/client.ts';
import { SHARED_INDEX } from '../kb/search-index.ts';
import { scopeToken } from '../kb/search-scope.ts';

export interface TenantDeletionRow {
  tenant_id: string;
  previous_status: string;
  requested_by_type: string;
  requested_by_id: string | null;
  requested_at: string;
  purge_after: string;
}

export async function getDeletion(q: Queryable, tenantId: string) {
  return q.get<TenantDeletionRow>('SELECT * FROM tenant_deletions WHERE tenant_id = ?', [tenantId]);
}

export async function insertDeletion(q: Queryable, r: TenantDeletionRow) {
  await q.run(
    `INSERT INTO tenant_deletions (tenant_id, previous_status, requested_by_type, requested_by_id, requested_at, purge_after)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [r.tenant_id, r.previous_status, r.requested_by_type, r.requested_by_id, r.requested_at, r.purge_after],
  );
}

export async function deleteDeletion(q: Queryable, tenantId: string) {
  await q.run('DELETE FROM tenant_deletions WHERE tenant_id = ?', [tenantId]);
}

export async function dueDeletions(q: Queryable, now: string, limit: number) {
  return q.all<TenantDeletionRow>(
    'SELECT * FROM tenant_deletions WHERE purge_after <= ? ORDER BY purge_after LIMIT ?',
    [now, limit],
  );
}

/**
 * Every table with a `tenant_id` column, found from sqlite_master: real tables and FTS5 tables, never an FTS5
 * shadow table (its rows go with its virtual table's) nor a view.
 */
export interface TenantTable {
  name: string;
  virtual: boolean;
  /** The keyset a page of its rows continues after: rowid, or a WITHOUT ROWID table's primary key. */
  keys: string[];
}

export async function tenantTables(q: Queryable): Promise<TenantTable[]> {
  const tables = await q.all<{ name: string; sql: string | null }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const virtual = new Set(tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '')).map((t) => t.name));
  const shadow = (name: string) =>
    [...virtual].some((v) => ['_data', '_idx', '_content', '_docsize', '_config'].some((s) => name === v + s));
  const out: TenantTable[] = [];
  for (const t of tables) {
    if (shadow(t.name)) continue;
    const cols = await q.all<{ name: string; pk: number }>(
      `SELECT name, pk FROM pragma_table_info('${t.name.replace(/'/g, "''")}')`,
    );
    if (!cols.some((c) => c.name === 'tenant_id')) continue;
    const keys = /WITHOUT\s+ROWID/i.test(t.sql ?? '')
      ? cols
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name)
      : ['rowid'];
    out.push({ name: t.name, virtual: virtual.has(t.name), keys });
  }
  return out;
}

/** One page of a table's rows of the tenant in key order, after the key `after` (null: from the start). */
export async function tenantRowsPage(
  q: Queryable,
  t: TenantTable,
  tenantId: string,
  after: (string | number)[] | null,
  limit: number,
) {
  const keys = t.keys.map((k) => `"${k}"`);
  const tuple = `(${keys.join(', ')})`;
  const rows = await q.all<Record<string, string | number>>(
    `SELECT ${t.keys.map((k, i) => `"${k}" AS _k${i}`).join(', ')}, * FROM "${t.name}" WHERE tenant_id = ?
     ${after ? `AND ${tuple} > (${after.map(() => '?').join(', ')})` : ''} ORDER BY ${keys.join(', ')} LIMIT ?`,
    [tenantId, ...(after ?? []), limit],
  );
  return rows.map((r) => {
    const key = t.keys.map((_, i) => r[`_k${i}`]!);
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (!/^_k\d+$/.test(k)) row[k] = v;
    return { key, row };
  });
}

/** A page of the tenant's stored objects (attachments and export archives), by key, after `after`. */
export async function storedKeysPage(q: Queryable, tenantId: string, after: string, limit: number) {
  const rows = await q.all<{ key: string }>(
    `SELECT key FROM (
       SELECT storage_key AS key FROM attachments WHERE tenant_id = ?
       UNION SELECT archive_key FROM privacy_requests WHERE tenant_id = ? AND archive_key IS NOT NULL
     ) WHERE key > ? ORDER BY key LIMIT ?`,
    [tenantId, tenantId, after, limit],
  );
  return rows.map((r) => r.key);
}

/** Deletes up to `limit` of the tenant's rows of one table (by its keyset); answers how many went. */
export async function deleteTenantRowsBatch(q: Queryable, t: TenantTable, tenantId: string, limit: number) {
  const keys = t.keys.map((k) => `"${k}"`).join(', ');
  const { changes } = await q.run(
    `DELETE FROM "${t.name}" WHERE (${keys}) IN (SELECT ${keys} FROM "${t.name}" WHERE tenant_id = ? LIMIT ?)`,
    [tenantId, limit],
  );
  return changes;
}

/** Deletes up to `limit` links of the tenant's visitor tokens to tickets (the table has no tenant_id). */
export async function deleteVisitorTokenTicketsBatch(q: Queryable, tenantId: string, limit: number) {
  const { changes } = await q.run(
    `DELETE FROM visitor_token_tickets WHERE (token_hash, ticket_id) IN (
       SELECT l.token_hash, l.ticket_id FROM visitor_token_tickets l
         JOIN visitor_tokens v ON v.token_hash = l.token_hash WHERE v.tenant_id = ? LIMIT ?)`,
    [tenantId, limit],
  );
  return changes;
}

/**
 * Takes the tenant's articles out of the shared KB index (kb_articles_fts, migration 0003) if it is still there
 * (indexed before 0018 and not moved yet): an external-content FTS5 index must be told each row's values, and a
 * delete only marks old segments, so the index is then merged ('optimize') for the terms to leave its shadow tables.
 * Costs nothing more than one index lookup for a tenant that has its own index.
 */
export async function removeFromSharedKbIndex(q: Queryable, tenantId: string) {
  const match = `scope : "${scopeToken('tenant', tenantId)}"`;
  const held = await q.get(`SELECT 1 AS x FROM ${SHARED_INDEX} WHERE ${SHARED_INDEX} MATCH ? LIMIT 1`, [match]);
  if (!held) return false;
  await q.run(
    `INSERT INTO ${SHARED_INDEX} (${SHARED_INDEX}, rowid, title, body_text, scope)
     SELECT 'delete', seq, title, body_text, scope FROM kb_articles
      WHERE tenant_id = ? AND seq IN (SELECT rowid FROM ${SHARED_INDEX} WHERE ${SHARED_INDEX} MATCH ?)`,
    [tenantId, match],
  );
  await q.run(`INSERT INTO ${SHARED_INDEX} (${SHARED_INDEX}) VALUES ('optimize')`);
  return true;
}

/** Ready files of the tenant, for the export (after `after`, by id). */
export async function attachmentsPage(q: Queryable, tenantId: string, after: string, limit: number) {
  return q.all<{ id: string; filename: string; storage_key: string }>(
    `SELECT id, filename, storage_key FROM attachments WHERE tenant_id = ? AND deleted_at IS NULL AND id > ?
     ORDER BY id LIMIT ?`,
    [tenantId, after, limit],
  );
}
