// Credential → principal answers (API key, session) kept for a moment, so a request does not re-read its key or
// session, agent, tenant and role rows every time.
import type { Db } from '../db/client.ts';

/**
 * Keyed by the credential's SHA-256 (never the secret itself). Any commit (of this process, or with REDIS_URL of
 * any node) empties it, so a
 * revocation, sign-out, disabled agent, role or plan change made here applies to the very next request; a
 * change made by another process on the same database applies within `ttlMs`. "Not found" is kept too (a
 * new key or session is a commit, which empties the cache).
 */
export class CredentialCache<V> {
  #entries = new Map<string, { value: V | undefined; until: number }>();
  /** Bumped by every commit, so a lookup that read the database before a commit does not store what it read. */
  #generation = 0;
  readonly #unsubscribe: () => void;

  /** `onCommit`: the cluster's (every node's commits with REDIS_URL), by default this process's. */
  constructor(
    db: Db,
    private readonly ttlMs = 1000,
    private readonly max = 10_000,
    onCommit: (listener: () => void) => () => void = (l) => db.onCommit(l),
  ) {
    this.#unsubscribe = onCommit(() => {
      this.#generation++;
      this.#entries.clear();
    });
  }

  async get(hash: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = performance.now();
    const hit = this.#entries.get(hash);
    if (hit && hit.until > now) return hit.value;
    const generation = this.#generation;
    const value = await load();
    if (generation === this.#generation) {
      if (this.#entries.size >= this.max) this.#entries.clear();
      this.#entries.set(hash, { value, until: now + this.ttlMs });
    }
    return value;
  }

  /** The kept answer, if one is still fresh (no load): e.g. what this request's credential resolved to. */
  peek(hash: string): V | undefined {
    const hit = this.#entries.get(hash);
    return hit && hit.until > performance.now() ? hit.value : undefined;
  }

  /** Stops listening to the database's commits (at shutdown). */
  close() {
    this.#unsubscribe();
    this.#entries.clear();
  }
}
