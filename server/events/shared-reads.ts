// The event streams' reads of the event log, shared, and when to read. Every open stream of a tenant asks "events
// after my cursor", and nearly all of them stand at the same cursor, so one read answers all of them: a thousand
// agents' streams cost one read per commit instead of a thousand.
// Streams do not poll: they `watch` their tenant and are woken
// - right after a commit (this process's, or with REDIS_URL any node's: pass the cluster's `onCommit`), which
//   also forgets every answer, so a stream woken by a commit reads what the commit carried; commits wake the
//   streams at most once per `wakeGapMs`, so a burst of commits is one more wake-up, not one per commit;
// - by the one backstop poll, which reads each watched tenant's latest sequence number every `pollMs()` and wakes
//   that tenant's streams when it is past the last event any of them read: events written by another process on
//   the same database file, with no Redis to announce them, still arrive, at the cost of one small read per tenant
//   per poll, not one per stream; events a commit's wake-up already delivered wake nobody twice.
// The events handed out are shared between streams: readers must not change them.
import type { Queryable } from '../db/client.ts';
import { eventsAfter, latestEventSeq, type StoredEvent } from './log.ts';

interface Answer {
  at: number;
  rows: Promise<StoredEvent[]>;
}

export interface SharedEventReadsOptions {
  /** The backstop poll's interval, asked before each poll (the cluster may lengthen it when Redis announces commits). */
  pollMs?: () => number;
  /** An answer serves this long at most without a commit. */
  maxAgeMs?: number;
  /** Answers kept at most (all tenants); past it they are forgotten. */
  max?: number;
  /**
   * Commits wake the streams at most once per this many milliseconds: a commit after a quiet spell wakes them at
   * once (next turn of the event loop), a burst of commits is one more wake-up this long after the previous one.
   */
  wakeGapMs?: number;
}

export class SharedEventReads {
  #answers = new Map<string, Map<string, Answer>>();
  #size = 0;
  #watchers = new Map<string, Set<() => void>>();
  /** Per watched tenant, the latest sequence number a read reached (or, past it, the backstop poll saw). */
  #latest = new Map<string, number>();
  #commitTimer: NodeJS.Timeout | null = null;
  #pollTimer: NodeJS.Timeout | null = null;
  #polling = false;
  #closed = false;
  readonly #unsubscribe: () => void;
  readonly #pollMs: () => number;
  readonly #maxAgeMs: number;
  readonly #max: number;
  readonly #wakeGapMs: number;
  #lastWake = -Infinity;

  constructor(
    private readonly db: Queryable,
    onCommit: (listener: () => void) => () => void,
    opts: SharedEventReadsOptions = {},
  ) {
    this.#pollMs = opts.pollMs ?? (() => 300);
    this.#maxAgeMs = opts.maxAgeMs ?? 100;
    this.#max = opts.max ?? 10_000;
    this.#wakeGapMs = opts.wakeGapMs ?? 20;
    this.#unsubscribe = onCommit(() => {
      this.#forget();
      if (this.#commitTimer || this.#watchers.size === 0) return;
      const wait = this.#lastWake + this.#wakeGapMs - performance.now();
      this.#commitTimer = setTimeout(
        () => {
          this.#commitTimer = null;
          this.#lastWake = performance.now();
          for (const set of this.#watchers.values()) wakeAll(set);
        },
        Math.max(0, wait),
      );
      this.#commitTimer.unref?.();
    });
  }

  after(tenantId: string, seq: number, limit: number): Promise<StoredEvent[]> {
    const key = `${seq}\u0000${limit}`;
    const now = performance.now();
    let tenant = this.#answers.get(tenantId);
    const hit = tenant?.get(key);
    if (hit && now - hit.at < this.#maxAgeMs) return hit.rows;
    const rows = eventsAfter(this.db, tenantId, seq, limit);
    if (this.#size >= this.#max) this.#forget();
    if (!tenant) this.#answers.set(tenantId, (tenant = new Map()));
    const answer = { at: now, rows };
    if (!tenant.has(key)) this.#size++;
    tenant.set(key, answer);
    rows.then(
      (events) => this.#reached(tenantId, events.length ? events[events.length - 1]!.seq : seq),
      () => undefined,
    );
    // A failed read is not kept: the next asker reads again.
    rows.catch(() => {
      const t = this.#answers.get(tenantId);
      if (t?.get(key) === answer) {
        t.delete(key);
        this.#size--;
      }
    });
    return rows;
  }

  /** Calls `wake` whenever the tenant's event log may have grown, until the returned function is called. */
  watch(tenantId: string, wake: () => void): () => void {
    let set = this.#watchers.get(tenantId);
    if (!set) this.#watchers.set(tenantId, (set = new Set()));
    set.add(wake);
    this.#schedulePoll();
    return () => {
      set.delete(wake);
      if (set.size === 0 && this.#watchers.get(tenantId) === set) {
        this.#watchers.delete(tenantId);
        this.#latest.delete(tenantId);
      }
    };
  }

  /** Stops listening to commits and polling (at shutdown). */
  close() {
    this.#closed = true;
    this.#unsubscribe();
    if (this.#commitTimer) clearTimeout(this.#commitTimer);
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#forget();
  }

  #reached(tenantId: string, seq: number) {
    if (!this.#watchers.has(tenantId)) return;
    if (seq > (this.#latest.get(tenantId) ?? -1)) this.#latest.set(tenantId, seq);
  }

  #forget(tenantId?: string) {
    if (tenantId === undefined) {
      this.#answers.clear();
      this.#size = 0;
      return;
    }
    const t = this.#answers.get(tenantId);
    if (!t) return;
    this.#size -= t.size;
    this.#answers.delete(tenantId);
  }

  #schedulePoll() {
    if (this.#pollTimer || this.#polling || this.#closed || this.#watchers.size === 0) return;
    this.#pollTimer = setTimeout(() => {
      this.#pollTimer = null;
      void this.#poll();
    }, this.#pollMs());
    this.#pollTimer.unref?.();
  }

  async #poll() {
    this.#polling = true;
    try {
      for (const [tenantId, set] of [...this.#watchers]) {
        let latest: number;
        try {
          latest = await latestEventSeq(this.db, tenantId);
        } catch {
          continue; // the database went away (shutdown), or a passing fault: the next poll tries again
        }
        const reached = this.#latest.get(tenantId);
        if (this.#watchers.get(tenantId) !== set) continue; // its last stream ended meanwhile
        if (reached !== undefined && latest <= reached) continue;
        this.#latest.set(tenantId, latest);
        this.#forget(tenantId);
        wakeAll(set);
      }
    } finally {
      this.#polling = false;
      this.#schedulePoll();
    }
  }
}

function wakeAll(set: Set<() => void>) {
  for (const wake of [...set]) wake();
}
