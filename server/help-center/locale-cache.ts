// The languages a help centre has (locales with a published article), kept per tenant until its KB changes: the
// KB version each page reads anyway says when the list must be read again (a GROUP BY over every article).
import type { Queryable } from '../db/client.ts';
import { publishedLocales } from './site-queries.ts';

export class LocaleCache {
  #entries = new Map<string, { version: number; locales: string[] }>();

  constructor(private readonly max = 10_000) {}

  async get(q: Queryable, tenantId: string, version: number): Promise<string[]> {
    const hit = this.#entries.get(tenantId);
    if (hit && hit.version === version) return hit.locales;
    const locales = await publishedLocales(q, tenantId);
    if (this.#entries.size >= this.max) this.#entries.clear();
    this.#entries.set(tenantId, { version, locales });
    return locales;
  }
}
