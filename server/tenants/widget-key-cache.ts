// Widget calls look their tenant up by publishable key on every request; this keeps the answer for a moment.
import type { Db } from '../db/client.ts';
import { getTenantByWidgetKey, type TenantRecord } from './queries.ts';

/**
 * Any commit in this process empties the cache, so a change made here (key rotation, suspension,
 * new allowed origins) applies to the very next request; a change made by another process on the
 * same database applies within `ttlMs`.
 */
export function widgetKeyCache(db: Db, ttlMs = 1000, max = 10_000) {
  const entries = new Map<string, { tenant: TenantRecord | undefined; until: number }>();
  db.onCommit(() => entries.clear());
  return async function tenantForWidgetKey(key: string): Promise<TenantRecord | undefined> {
    const now = performance.now();
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.tenant;
    const tenant = await getTenantByWidgetKey(db, key);
    if (entries.size >= max) entries.clear();
    entries.set(key, { tenant, until: now + ttlMs });
    return tenant;
  };
}
