// Keeps an API key's last-used time current without a write on every request it authenticates.
import type { Queryable } from '../db/client.ts';
import { setApiKeyLastUsed } from './queries.ts';

const EVERY_MS = 60_000;
const MAX_KEYS = 10_000;

/**
 * Last-used is informational, so it is written at most once a minute per key: this memo (one per app,
 * on Deps) skips the write entirely on the hot path; the query's WHERE clause covers other processes.
 */
export class ApiKeyLastUsed {
  #written = new Map<string, number>();

  async touch(q: Queryable, tenantId: string, id: string, now: Date) {
    const seen = this.#written.get(id);
    if (seen !== undefined && now.getTime() - seen < EVERY_MS && now.getTime() >= seen) return;
    if (this.#written.size > MAX_KEYS) this.#written.clear();
    this.#written.set(id, now.getTime());
    await setApiKeyLastUsed(q, tenantId, id, now);
  }
}
