// The event streams' reads of the event log, shared. Every open stream of a tenant asks "events after my cursor",
// and nearly all of them stand at the same cursor, so one read answers all of them: a thousand agents' streams
// cost one read per commit instead of a thousand, and their polls one read per tenant per `maxAgeMs`.
// A commit (this process's, or with REDIS_URL any node's: pass the cluster's `onCommit`) forgets every answer, so
// a stream woken by a commit reads what the commit carried. Without an announcement (another process on the same
// database file, no Redis) an answer serves at most `maxAgeMs` more, next to the streams' 300 ms poll.
// The events handed out are shared between streams: readers must not change them.
import type { Queryable } from '../db/client.ts';
import { eventsAfter, type StoredEvent } from './log.ts';

export class SharedEventReads {
  #answers = new Map<string, { at: number; rows: Promise<StoredEvent[]> }>();
  readonly #unsubscribe: () => void;

  constructor(
    private readonly db: Queryable,
    onCommit: (listener: () => void) => () => void,
    private readonly maxAgeMs = 100,
    private readonly max = 10_000,
  ) {
    this.#unsubscribe = onCommit(() => this.#answers.clear());
  }

  after(tenantId: string, seq: number, limit: number): Promise<StoredEvent[]> {
    const key = `${tenantId}\u0000${seq}\u0000${limit}`;
    const now = performance.now();
    const hit = this.#answers.get(key);
    if (hit && now - hit.at < this.maxAgeMs) return hit.rows;
    const rows = eventsAfter(this.db, tenantId, seq, limit);
    if (this.#answers.size >= this.max) this.#answers.clear();
    const answer = { at: now, rows };
    this.#answers.set(key, answer);
    // A failed read is not kept: the next asker reads again.
    rows.catch(() => {
      if (this.#answers.get(key) === answer) this.#answers.delete(key);
    });
    return rows;
  }

  /** Stops listening to commits (at shutdown). */
  close() {
    this.#unsubscribe();
    this.#answers.clear();
  }
}
