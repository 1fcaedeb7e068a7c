// Group commit for the embedded driver: write transactions queued while one runs share one SQLite transaction,
// each inside its own savepoint, so a batch pays one COMMIT (one write of the pages they share) instead of one each.
import { LibsqlError, type InArgs } from '@libsql/client';
import type { Queryable, Row } from './client.ts';

/** The writer connection, as the queue needs it. */
export interface WriterConnection {
  readonly open: boolean;
  readonly inTransaction: boolean;
  all(sql: string, args: InArgs | undefined): Row[];
  get(sql: string, args: InArgs | undefined): Row | undefined;
  run(sql: string, args: InArgs | undefined): { changes: number; lastInsertRowid: bigint | undefined };
}

/** The before-commit work of one transaction: run until none is left (work may schedule more). */
export class PreCommit {
  #pending = new Map<string, () => Promise<void>>();
  add = (key: string, fn: () => Promise<void>) => {
    if (!this.#pending.has(key)) this.#pending.set(key, fn);
  };
  async run() {
    while (this.#pending.size > 0) {
      const [key, fn] = this.#pending.entries().next().value as [string, () => Promise<void>];
      await fn();
      this.#pending.delete(key);
    }
  }
}

interface Job {
  fn: (q: Queryable) => Promise<unknown>;
  /** Runs between batches, outside any transaction (PRAGMA, VACUUM). */
  alone?: () => unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export interface GroupCommitLimits {
  /** A batch takes no more jobs once it has this many. */
  maxJobs: number;
  /** …or once it has run this long, so the first caller of a batch waits at most about this much for the rest. */
  maxMs: number;
}

export const DEFAULT_LIMITS: GroupCommitLimits = { maxJobs: 64, maxMs: 4 };

/** Taken at load, so a test that fakes timers does not stall every write. */
const nextTurn = setImmediate;

const closedError = () => new LibsqlError('The client is closed', 'CLIENT_CLOSED');
const transactionClosed = () => new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');

/**
 * The write queue of one connection. Jobs run one after another, never overlapping (embedded SQLite blocks the
 * event loop while it waits for a lock). Whatever queued up while a batch ran forms the next batch: BEGIN
 * IMMEDIATE, then per job SAVEPOINT … RELEASE (ROLLBACK TO when it throws, so a failure undoes only its own work),
 * then one COMMIT. A job's promise settles only after that COMMIT, so a caller never hears of a write that is
 * not durable; should the COMMIT fail, or SQLite roll the whole transaction back, every job of the batch fails.
 */
export class GroupCommit {
  readonly #queue: Job[] = [];
  #draining = false;

  constructor(
    private readonly writer: WriterConnection,
    private readonly committed: () => void,
    private readonly limits: GroupCommitLimits = DEFAULT_LIMITS,
  ) {}

  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.#push({ fn }) as Promise<T>;
  }

  /** Runs `fn` in its turn but on its own, outside a transaction: for statements a transaction refuses. */
  alone<T>(fn: () => T): Promise<T> {
    return this.#push({ fn: () => Promise.resolve(undefined), alone: fn }) as Promise<T>;
  }

  #push(job: Omit<Job, 'resolve' | 'reject'>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ ...job, resolve, reject });
      if (!this.#draining) this.#next();
    });
  }

  /**
   * The next batch starts on the event loop's next turn, not at once: the requests read in this turn queue their
   * writes first and join it. (A batch's queries run synchronously, so no request is read while one runs.)
   */
  #next() {
    this.#draining = true;
    nextTurn(() => {
      void this.#batch().finally(() => {
        if (this.#queue.length > 0) this.#next();
        else this.#draining = false;
      });
    });
  }

  async #batch() {
    const { writer } = this;
    if (!writer.open) {
      for (const job of this.#queue.splice(0)) job.reject(closedError());
      return;
    }
    const head = this.#queue[0]!;
    if (head.alone) {
      this.#queue.shift();
      try {
        head.resolve(head.alone());
      } catch (err) {
        head.reject(err);
      }
      return;
    }
    try {
      writer.run('BEGIN IMMEDIATE', []);
    } catch (err) {
      this.#queue.shift()!.reject(err); // busy past the timeout: this job fails as it would alone
      return;
    }
    const started = performance.now();
    const done: Array<{ job: Job; result: unknown }> = [];
    const failAll = (err: unknown) => {
      for (const d of done) d.job.reject(err);
    };
    while (
      this.#queue.length > 0 &&
      !this.#queue[0]!.alone &&
      (done.length === 0 || (done.length < this.limits.maxJobs && performance.now() - started < this.limits.maxMs))
    ) {
      const job = this.#queue.shift()!;
      let finished = false;
      const live = () => {
        if (!writer.open) throw closedError();
        if (finished || !writer.inTransaction) throw transactionClosed();
      };
      const pre = new PreCommit();
      const q: Queryable = {
        beforeCommit: pre.add,
        all: async <R>(sql: string, args?: InArgs) => {
          live();
          return writer.all(sql, args) as R[];
        },
        get: async <R>(sql: string, args?: InArgs) => {
          live();
          return writer.get(sql, args) as R | undefined;
        },
        run: async (sql, args) => {
          live();
          return writer.run(sql, args);
        },
      };
      try {
        writer.run('SAVEPOINT job', []);
        const result = await job.fn(q);
        await pre.run();
        live();
        writer.run('RELEASE job', []);
        finished = true;
        done.push({ job, result });
      } catch (err) {
        finished = true;
        job.reject(err);
        if (!writer.inTransaction) {
          // SQLite rolled the whole transaction back (a full disk, an I/O error) or the connection closed
          failAll(err);
          return;
        }
        try {
          writer.run('ROLLBACK TO job', []);
          writer.run('RELEASE job', []);
        } catch (undo) {
          failAll(undo);
          this.#abandon();
          return;
        }
      }
    }
    try {
      writer.run('COMMIT', []);
    } catch (err) {
      failAll(err);
      this.#abandon();
      return;
    }
    for (const d of done) d.job.resolve(d.result);
    if (done.length > 0) queueMicrotask(this.committed);
  }

  /** Rolls back what is left of a batch that cannot commit. */
  #abandon() {
    if (!this.writer.inTransaction) return;
    try {
      this.writer.run('ROLLBACK', []);
    } catch {
      // the connection reports its own state; nothing more to undo
    }
  }
}
