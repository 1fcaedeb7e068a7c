// Keeps a session's last-seen time current without a write on every request it authenticates.
import type { Queryable } from '../db/client.ts';
import { setSessionLastSeen } from './sessions.ts';

const EVERY_MS = 60_000;
const MAX_SESSIONS = 10_000;

/**
 * Written at most once a minute per session: this memo (one per app, on Deps) skips the write on the hot path, the
 * query's WHERE clause covers other processes. A plain write, not a transaction, so it never empties the credential
 * caches (they empty on commits).
 */
export class SessionLastSeen {
  #written = new Map<string, number>();

  async touch(q: Queryable, tokenHash: string, now: Date) {
    const seen = this.#written.get(tokenHash);
    if (seen !== undefined && now.getTime() - seen < EVERY_MS && now.getTime() >= seen) return;
    if (this.#written.size > MAX_SESSIONS) this.#written.clear();
    this.#written.set(tokenHash, now.getTime());
    await setSessionLastSeen(q, tokenHash, now);
  }
}
