// What visitors open after a search lifts that article for the same search: recorded in batches, bounded, fading.
import type { Queryable } from '../db/client.ts';
import type { SearchHit } from './schemas.ts';
import type { RankedHit } from './search.ts';

/** An open counts half as much after this long, so the lift follows what visitors want now. */
const HALF_LIFE_MS = 30 * 24 * 3600 * 1000;
/** Rows not opened for this long weigh under 1/64 of what they did and are deleted. */
const FORGET_AFTER_MS = 6 * HALF_LIFE_MS;
/** A score improves by at most this share: an article at least 1.5 times the better match is never overtaken. */
export const MAX_LIFT = 0.5;
/** Opens at which the lift reaches half of MAX_LIFT; a handful of visitors barely moves anything. */
const HALF_LIFT_OPENS = 5;

export interface Opened {
  tenantId: string;
  locale: string;
  queryKey: string;
  articleId: string;
  n: number;
}

/** A weight as of `then`, seen at `now`. */
export function decayed(weight: number, then: string, now: Date): number {
  const age = Math.max(0, now.getTime() - Date.parse(then));
  return weight * 0.5 ** (age / HALF_LIFE_MS);
}

/** The share by which a score improves for an article opened `weight` times (decayed) after this search. */
export function liftFor(weight: number): number {
  return weight > 0 ? (MAX_LIFT * weight) / (weight + HALF_LIFT_OPENS) : 0;
}

/** Adds buffered opens in the caller's transaction and forgets what has faded for the tenants it touched. */
export async function recordOpens(q: Queryable, opens: Opened[], now: Date) {
  const ts = now.toISOString();
  for (const o of opens) {
    const row = await q.get<{ weight: number; updated_at: string }>(
      'SELECT weight, updated_at FROM kb_search_opens WHERE tenant_id = ? AND locale = ? AND query_key = ? AND article_id = ?',
      [o.tenantId, o.locale, o.queryKey, o.articleId],
    );
    const weight = (row ? decayed(row.weight, row.updated_at, now) : 0) + o.n;
    await q.run(
      `INSERT INTO kb_search_opens (tenant_id, locale, query_key, article_id, weight, updated_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (tenant_id, locale, query_key, article_id) DO UPDATE SET weight = excluded.weight, updated_at = excluded.updated_at`,
      [o.tenantId, o.locale, o.queryKey, o.articleId, weight, ts],
    );
  }
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS).toISOString();
  for (const tenantId of new Set(opens.map((o) => o.tenantId))) {
    await q.run('DELETE FROM kb_search_opens WHERE tenant_id = ? AND updated_at < ?', [tenantId, forgetBefore]);
  }
}

/** Decayed opens per article for one normalised query. */
export async function opensAfter(
  q: Queryable,
  tenantId: string,
  locale: string,
  queryKey: string,
  now: Date,
): Promise<Map<string, number>> {
  const rows = await q.all<{ article_id: string; weight: number; updated_at: string }>(
    'SELECT article_id, weight, updated_at FROM kb_search_opens WHERE tenant_id = ? AND locale = ? AND query_key = ?',
    [tenantId, locale, queryKey],
  );
  return new Map(rows.map((r) => [r.article_id, decayed(r.weight, r.updated_at, now)]));
}

/**
 * Re-ranks within each tier (title matches stay above body-only matches): a hit's bm25 score improves by its lift.
 * It only reorders the hits the search found, never adds one, and the bound keeps a clearly better match on top.
 */
export function liftHits(ranked: RankedHit[], opens: ReadonlyMap<string, number>): SearchHit[] {
  if (!opens.size) return ranked.map((r) => r.hit);
  const lifted = ranked.map((r, i) => ({ r, i, score: r.score * (1 + liftFor(opens.get(r.hit.id) ?? 0)) }));
  lifted.sort((a, b) => a.r.tier - b.r.tier || a.score - b.score || a.i - b.i);
  return lifted.map((l) => l.r.hit);
}
