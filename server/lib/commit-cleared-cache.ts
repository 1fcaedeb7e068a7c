// Answers read from the database kept for a moment and forgotten on every commit: credential → principal, widget
// key → tenant, Host → help centre. One implementation, so each keeps the same guarantees.
import type { Db } from '../db/client.ts';

/**
 * Any commit (of this process, or with REDIS_URL of any node: pass the cluster's `onCommit`) empties the cache, so a
 * change made here (a revocation, sign-out, key rotation, suspension, domain change) applies to the very next
 * request; a change made by another process on the same database that nothing announces applies within `ttlMs`.
 * "Not found" (undefined) is kept too: whatever would make it found is a commit, which empties the cache.
 * Lookups of one key at the same time share one load (a commit wakes a thousand event streams of one agent's
 * sessions at once), unless a commit came between: a load that started before a commit is not handed to later callers.
 */
export class CommitClearedCache<V> {
  #entries = new Map<string, { value: V | undefined; until: number }>();
  #loading = new Map<string, Promise<V | undefined>>();
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
      this.#loading.clear();
    });
  }

  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = performance.now();
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const pending = this.#loading.get(key);
    if (pending) return pending;
    const generation = this.#generation;
    const loading = load()
      .then((value) => {
        if (generation === this.#generation) {
          if (this.#entries.size >= this.max) this.#entries.clear();
          this.#entries.set(key, { value, until: now + this.ttlMs });
        }
        return value;
      })
      .finally(() => {
        if (this.#loading.get(key) === loading) this.#loading.delete(key);
      });
    this.#loading.set(key, loading);
    return loading;
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
    this.#loading.clear();
  }
}
