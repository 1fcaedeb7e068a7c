// Searches that found nothing, per tenant, locale and normalised query: what visitors look for that the KB lacks.
import type { Queryable } from '../db/client.ts';

export interface Miss {
  tenantId: string;
  locale: string;
  queryKey: string;
  query: string;
  n: number;
  /** The UTC day the searches were made (YYYY-MM-DD). */
  day: string;
}

export async function recordMisses(q: Queryable, misses: Miss[], now: string) {
  for (const m of misses) {
    await q.run(
      `INSERT INTO kb_search_misses (tenant_id, locale, query_key, query, misses, last_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, locale, query_key) DO UPDATE SET misses = misses + excluded.misses,
         query = excluded.query, last_at = excluded.last_at`,
      [m.tenantId, m.locale, m.queryKey, m.query.slice(0, 200), m.n, now],
    );
    // The same count per day, so a report can ask for a period (analytics/kb-deflection-queries.ts).
    await q.run(
      `INSERT INTO kb_search_miss_days (tenant_id, day, locale, query_key, query, misses) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, day, locale, query_key) DO UPDATE SET misses = misses + excluded.misses,
         query = excluded.query`,
      [m.tenantId, m.day, m.locale, m.queryKey, m.query.slice(0, 200), m.n],
    );
  }
}

/** The most missed searches of a tenant, most often first. */
export async function topMisses(q: Queryable, tenantId: string, limit: number) {
  return q.all<{ locale: string; query: string; misses: number; last_at: string }>(
    `SELECT locale, query, misses, last_at FROM kb_search_misses WHERE tenant_id = ?
     ORDER BY misses DESC, last_at DESC LIMIT ?`,
    [tenantId, limit],
  );
}
