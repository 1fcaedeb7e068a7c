// Which FTS5 table holds a tenant's articles: its own kb_fts_<slot> (tenant-local doclists and bm25 statistics), or the
// shared kb_articles_fts for a tenant indexed before migration 0018 that the start (moveTenantsToOwnIndexes) has not moved yet.
import type { Db, Queryable } from '../db/client.ts';
import { scopeToken } from './search-scope.ts';

export const SHARED_INDEX = 'kb_articles_fts';

const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The tenant's index reads its articles through a view of its own rows, so the index and its content agree
 * ('rebuild' and 'integrity-check' see this tenant only). Same tokenizer, prefix indexes and ranking as 0003_kb.sql.
 */
const definition = (table: string, tenantId: string) => [
  `CREATE VIEW ${table}_content AS SELECT seq, title, body_text, scope FROM kb_articles WHERE tenant_id = ${sqlText(tenantId)}`,
  `CREATE VIRTUAL TABLE ${table} USING fts5(
    title, body_text, scope,
    content = '${table}_content', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3 4 5 6'
  )`,
  `INSERT INTO ${table} (${table}, rank) VALUES ('rank', 'bm25(10.0, 1.0, 0.0)')`,
];

const tableOf = (slot: number) => {
  if (!Number.isSafeInteger(slot) || slot <= 0) throw new Error(`bad search index slot ${slot}`);
  return `kb_fts_${slot}`;
};

/** The tenant's own index table, or null when it has none yet (then it is searched in SHARED_INDEX). */
export async function ownSearchIndex(q: Queryable, tenantId: string): Promise<string | null> {
  const row = await q.get<{ slot: number }>('SELECT slot FROM kb_search_indexes WHERE tenant_id = ?', [tenantId]);
  return row ? tableOf(row.slot) : null;
}

/** The table a search of this tenant reads. */
export async function searchIndexOf(q: Queryable, tenantId: string): Promise<string> {
  return (await ownSearchIndex(q, tenantId)) ?? SHARED_INDEX;
}

/**
 * Gives the tenant its own index inside the caller's transaction and fills it with every article the tenant has now.
 * The tenant's rows still in the shared index (indexed before 0018) are removed from it, except `pendingSeq`, the
 * article being written, which the caller has already taken out of the shared index (or never put there).
 */
export async function createOwnSearchIndex(
  q: Queryable,
  tenantId: string,
  pendingSeq: number,
  now: string,
): Promise<string> {
  const r = await q.run('INSERT INTO kb_search_indexes (tenant_id, created_at) VALUES (?, ?)', [tenantId, now]);
  const table = tableOf(Number(r.lastInsertRowid));
  for (const sql of definition(table, tenantId)) await q.run(sql);
  // Exactly the rows the shared index holds for this tenant (found by its tenant scope token), told their values.
  await q.run(
    `INSERT INTO ${SHARED_INDEX} (${SHARED_INDEX}, rowid, title, body_text, scope)
     SELECT 'delete', seq, title, body_text, scope FROM kb_articles
      WHERE tenant_id = ? AND seq != ?
        AND seq IN (SELECT rowid FROM ${SHARED_INDEX} WHERE ${SHARED_INDEX} MATCH ?)`,
    [tenantId, pendingSeq, `scope : "${scopeToken('tenant', tenantId)}"`],
  );
  await q.run(`INSERT INTO ${table} (${table}) VALUES ('rebuild')`);
  return table;
}

/**
 * Gives every tenant still searched in the shared index (indexed before migration 0018) its own, one tenant per
 * transaction, so a search's cost is local to its tenant from the first start on. Answers how many moved; on a
 * database where every tenant has its own index this is one query.
 */
export async function moveTenantsToOwnIndexes(db: Db, now: Date): Promise<number> {
  const waiting = await db.all<{ tenant_id: string }>(
    `SELECT DISTINCT tenant_id FROM kb_articles
      WHERE tenant_id NOT IN (SELECT tenant_id FROM kb_search_indexes)`,
  );
  for (const { tenant_id } of waiting)
    await db.tx(async (tx) => {
      // Another process may have moved it meanwhile; pendingSeq -1: every row of the tenant leaves the shared index.
      if (!(await ownSearchIndex(tx, tenant_id))) await createOwnSearchIndex(tx, tenant_id, -1, now.toISOString());
    });
  return waiting.length;
}
