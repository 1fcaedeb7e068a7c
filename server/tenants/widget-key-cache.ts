// Widget calls look their tenant up by publishable key on every request; this keeps the answer for a moment.
import type { Db } from '../db/client.ts';
import { getTenantByWidgetKey, type TenantRecord } from './queries.ts';

/**
 * Any commit in this process empties the cache, so a change made here (key rotation, suspension,
 * new allowed origins) applies to the very next request; so does a commit of another node when
 * `onCommit` is the cluster's (Redis). A change made by another process that nothing announces
 * applies within `ttlMs`.
 */
export class WidgetKeyCache {
  #entries = new Map<string, { tenant: TenantRecord | undefined; until: number }>();
  readonly #unsubscribe: () => void;

  constructor(
    private readonly db: Db,
    onCommit: (listener: () => void) => () => void = (l) => db.onCommit(l),
    private readonly ttlMs = 1000,
    private readonly max = 10_000,
  ) {
    this.#unsubscribe = onCommit(() => this.#entries.clear());
  }

  async tenantFor(key: string): Promise<TenantRecord | undefined> {
    const now = performance.now();
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.tenant;
    const tenant = await getTenantByWidgetKey(this.db, key);
    if (this.#entries.size >= this.max) this.#entries.clear();
    this.#entries.set(key, { tenant, until: now + this.ttlMs });
    return tenant;
  }

  /** Stops listening to commits (at shutdown). */
  close() {
    this.#unsubscribe();
    this.#entries.clear();
  }
}
