// A tenant's search synonyms ("parcel" also searches "order", "package", "delivery"): read, replace, look up.
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';
import { bumpKbVersion } from './article-queries.ts';
import { synonymKey } from './search-query.ts';
import type { SynonymGroup } from './schemas.ts';

/** The tenant's groups in the order the owner gave them. */
export async function listSynonyms(q: Queryable, tenantId: string): Promise<SynonymGroup[]> {
  const rows = await q.all<{ term: string; synonyms: string }>(
    'SELECT term, synonyms FROM kb_synonyms WHERE tenant_id = ? ORDER BY position',
    [tenantId],
  );
  return rows.map((r) => ({ term: r.term, synonyms: JSON.parse(r.synonyms) as string[] }));
}

/** Replaces every group in the caller's transaction; cached search answers made with the old ones are not served again. */
export async function replaceSynonyms(q: Queryable, tenantId: string, groups: SynonymGroup[]) {
  await q.run('DELETE FROM kb_synonyms WHERE tenant_id = ?', [tenantId]);
  for (const [i, g] of groups.entries()) {
    await q.run('INSERT INTO kb_synonyms (tenant_id, term_key, term, synonyms, position) VALUES (?, ?, ?, ?, ?)', [
      tenantId,
      synonymKey(g.term),
      g.term,
      JSON.stringify(g.synonyms),
      i,
    ]);
  }
  await bumpKbVersion(q, tenantId);
}

/** Synonyms of the given query words, by synonymKey; words without any are absent. */
export async function synonymsOf(q: Queryable, tenantId: string, terms: string[]): Promise<Map<string, string[]>> {
  const keys = [...new Set(terms.map(synonymKey))];
  if (!keys.length) return new Map();
  const rows = await q.all<{ term_key: string; synonyms: string }>(
    `SELECT term_key, synonyms FROM kb_synonyms WHERE tenant_id = ? AND term_key IN (${placeholders(keys.length)})`,
    [tenantId, ...keys],
  );
  return new Map(rows.map((r) => [r.term_key, JSON.parse(r.synonyms) as string[]]));
}
