// Answers read from the database kept for a moment and forgotten on every commit: credential → principal, widget
// key → tenant, Host → help centre. One implementation, so each keeps the same guarantees.
import type { Db } from '../db/client.ts';

/**
 * Any commit (of this process, or with REDIS_URL of any node: pass the cluster's `onCommit`) empties the cache, so a
 * change made here (a revocation, sign-out, key rotation, suspension, domain change) applies to the very next
 * request; a change made by another process on the same database that nothing announces applies within `ttlMs`.
 * "Not found" (undefined) is kept too: whatever would make it found is a commit, which empties the cache.
 */
export class CommitClearedCache<V> {
  #entries = new Map<string, { value: V | undefined; until: number }>();
  /** Bumped by every commit, so a lookup that read the database before a commit does not store what it read. */
  #generation = 0;
  readonly #unsubscribe: () => void;

  constructor(
    db: Db,
    onCommit: (listener: () => void) => () => void = (l) => db.onCommit(l),
    private readonly ttlMs = 1000,
    private readonly max = 10_000,
  ) {
    this.#unsubscribe = onCommit(() => {
      this.#generation++;
      this.#entries.clear();
    });
  }

  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = performance.now();
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const generation = this.#generation;
    const value = await load();
    if (generation === this.#generation) {
      if (this.#entries.size >= this.max) this.#entries.clear();
      this.#entries.set(key, { value, until: now + this.ttlMs });
    }
    return value;
  }

  /** The kept answer, if one is still fresh (no load): e.g. what this request's credential resolved to. */
  peek(key: string): V | undefined {
    const hit = this.#entries.get(key);
    return hit && hit.until > performance.now() ? hit.value : undefined;
  }

  /** Stops listening to commits (at shutdown). */
  close() {
    this.#unsubscribe();
    this.#entries.clear();
  }
}
