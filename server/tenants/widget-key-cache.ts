// Widget calls look their tenant up by publishable key on every request; this keeps the answer for a moment, and
// forgets it on every commit (lib/commit-cleared-cache.ts), so a key rotation, suspension or new allowed origin
// applies to the very next request.
import type { Db } from '../db/client.ts';
import { CommitClearedCache } from '../lib/commit-cleared-cache.ts';
import { getTenantByWidgetKey, type TenantRecord } from './queries.ts';

export class WidgetKeyCache {
  readonly #cache: CommitClearedCache<TenantRecord>;

  constructor(
    private readonly db: Db,
    onCommit?: (listener: () => void) => () => void,
    ttlMs?: number,
    max?: number,
  ) {
    this.#cache = new CommitClearedCache(db, onCommit, ttlMs, max);
  }

  tenantFor(key: string): Promise<TenantRecord | undefined> {
    return this.#cache.get(key, () => getTenantByWidgetKey(this.db, key));
  }

  close() {
    this.#cache.close();
  }
}
