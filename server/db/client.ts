// Opens the libSQL database (embedded file or remote server) behind one small interface with serialized writes.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client, type InArgs, type Transaction } from '@libsql/client';

export type Row = Record<string, unknown>;

/** The subset of a client or transaction that query functions need, so they run inside or outside a transaction. */
export interface Queryable {
  all<T = Row>(sql: string, args?: InArgs): Promise<T[]>;
  get<T = Row>(sql: string, args?: InArgs): Promise<T | undefined>;
  run(sql: string, args?: InArgs): Promise<{ changes: number; lastInsertRowid: bigint | undefined }>;
}

export interface Db extends Queryable {
  readonly client: Client;
  readonly isFile: boolean;
  /** Runs fn in one write transaction; committed if fn resolves, rolled back if it throws. */
  tx<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` after each write transaction of this process commits, so streams and the webhook
   * dispatcher react at once instead of at their next poll (polling still covers other processes).
   */
  onCommit(listener: () => void): () => void;
  close(): void;
}

function wrap(target: Client | Transaction): Queryable {
  return {
    async all<T>(sql: string, args: InArgs = []) {
      const rs = await target.execute({ sql, args });
      return rs.rows as unknown as T[];
    },
    async get<T>(sql: string, args: InArgs = []) {
      const rs = await target.execute({ sql, args });
      return rs.rows[0] as unknown as T | undefined;
    },
    async run(sql: string, args: InArgs = []) {
      const rs = await target.execute({ sql, args });
      return { changes: rs.rowsAffected, lastInsertRowid: rs.lastInsertRowid };
    },
  };
}

/**
 * Embedded SQLite blocks the event loop while it waits for a lock, so two write
 * transactions from this process must never overlap: writes queue here instead.
 * Other processes on the same file are handled by SQLite's busy timeout.
 */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export async function openDb(url: string, authToken?: string): Promise<Db> {
  const isFile = url.startsWith('file:');
  if (isFile) {
    const path = url.slice('file:'.length).split('?')[0];
    if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const client = createClient(isFile ? { url, timeout: 10_000 } : { url, authToken });
  if (isFile) {
    // WAL is a property of the file, so one pragma here covers every pooled connection.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = NORMAL');
  }
  const writes = new Mutex();
  const base = wrap(client);
  const commitListeners = new Set<() => void>();
  const committed = () => {
    for (const l of commitListeners) {
      try {
        l();
      } catch {
        // a listener's failure is its own; the write has succeeded
      }
    }
  };
  return {
    client,
    isFile,
    ...base,
    run: (sql, args) => writes.run(() => base.run(sql, args)),
    tx: (fn) =>
      writes.run(async () => {
        const t = await client.transaction('write');
        try {
          const result = await fn(wrap(t));
          await t.commit();
          queueMicrotask(committed);
          return result;
        } catch (err) {
          if (!t.closed) await t.rollback().catch(() => undefined);
          throw err;
        } finally {
          t.close();
        }
      }),
    onCommit: (listener) => {
      commitListeners.add(listener);
      return () => void commitListeners.delete(listener);
    },
    close: () => client.close(),
  };
}
