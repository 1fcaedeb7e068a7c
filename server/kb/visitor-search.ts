// The widget's search: published articles of one locale, cached, then re-ranked by what visitors opened after the same search.
import type { Deps } from '../types.ts';
import type { SearchHit } from './schemas.ts';
import { liftHits, opensAfter } from './search-lift.ts';
import { queryKey } from './search-query.ts';

export async function searchForVisitor(
  deps: Pick<Deps, 'db' | 'kbSearchCache' | 'kbCounters' | 'now'>,
  tenantId: string,
  text: string,
  o: { locale: string; limit: number; mode: 'all' | 'any'; countMiss?: boolean },
): Promise<SearchHit[]> {
  const ranked = await deps.kbSearchCache.ranked(tenantId, text, { ...o, publishedOnly: true });
  // A submitted search that finds nothing is a gap in the knowledge base (as-you-type suggestions are not counted).
  if (!ranked.length && o.countMiss) deps.kbCounters.missed(tenantId, o.locale, queryKey(text, o.locale), text.trim());
  // Nothing to reorder: spare the read.
  if (ranked.length < 2) return ranked.map((r) => r.hit);
  return liftHits(ranked, await opensAfter(deps.db, tenantId, o.locale, queryKey(text, o.locale), deps.now()));
}
