// Remembers recent search answers (one cache per app, on Deps); each answer is tied to the tenant's KB version and served only while it holds.
import type { Db } from '../db/client.ts';
import { kbVersion } from './article-queries.ts';
import { searchArticles, type RankedHit, type SearchOptions } from './search.ts';
import { parseQuery } from './search-query.ts';
import type { SearchHit } from './schemas.ts';

const MAX_ENTRIES = 2000;

/**
 * Widget traffic repeats itself (type-ahead prefixes, the same few questions), and ranking a common word over a
 * large help centre costs milliseconds. The version check is one primary-key read, so an answer cached here is
 * never older than the last committed article or synonym change, whichever process made it.
 */
export class SearchCache {
  #entries = new Map<string, { version: number; hits: RankedHit[] }>();
  hits = 0;
  misses = 0;

  constructor(private readonly db: Db) {}

  async search(tenantId: string, text: string, o: SearchOptions): Promise<SearchHit[]> {
    return (await this.ranked(tenantId, text, o)).map((r) => r.hit);
  }

  /** The answer with its ranking scores; a query of stopwords only costs no read at all. */
  async ranked(tenantId: string, text: string, o: SearchOptions): Promise<RankedHit[]> {
    const { terms, lastIsPrefix } = parseQuery(text, o.locale);
    if (!terms.length) return [];
    const key = JSON.stringify([tenantId, o.publishedOnly, o.locale ?? '', o.mode, o.limit, terms, lastIsPrefix]);
    const version = await kbVersion(this.db, tenantId);
    const cached = this.#entries.get(key);
    if (cached && cached.version === version) {
      this.hits++;
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached.hits;
    }
    this.misses++;
    const hits = await searchArticles(this.db, tenantId, text, o);
    this.#entries.delete(key);
    this.#entries.set(key, { version, hits });
    if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    return hits;
  }
}
