// Opens the libSQL database (embedded file or remote server) behind one small interface with serialized writes.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, LibsqlError, type Client, type InArgs, type InValue, type Transaction } from '@libsql/client';
import Database from 'libsql';
import { GroupCommit, PreCommit } from './group-commit.ts';

export type Row = Record<string, unknown>;

/** The subset of a client or transaction that query functions need, so they run inside or outside a transaction. */
export interface Queryable {
  all<T = Row>(sql: string, args?: InArgs): Promise<T[]>;
  get<T = Row>(sql: string, args?: InArgs): Promise<T | undefined>;
  run(sql: string, args?: InArgs): Promise<{ changes: number; lastInsertRowid: bigint | undefined }>;
  /**
   * Inside a transaction only: runs `fn` once per `key`, after the transaction's own work and before it commits
   * (in it, so a failure rolls everything back). For derived rows several writes of one transaction touch, such as
   * a ticket's metric ledger. Outside a transaction there is none: see `beforeCommit` below.
   */
  beforeCommit?(key: string, fn: () => Promise<void>): void;
}

/** Runs `fn` before `q`'s transaction commits (once per key), or at once when `q` is not a transaction. */
export async function beforeCommit(q: Queryable, key: string, fn: () => Promise<void>): Promise<void> {
  if (q.beforeCommit) q.beforeCommit(key, fn);
  else await fn();
}

export interface Db extends Queryable {
  /**
   * An `@libsql/client` on the same database, for code that needs the client API itself. For a `file:`
   * database it is a separate connection made on first use (so its writes do not reach `onCommit`);
   * use `tx`/`run`/`get`/`all` instead wherever you can.
   */
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

// ---------------------------------------------------------------------------------------------------------------
// The embedded driver: `libsql` (the native module @libsql/client wraps) with prepared statements kept per SQL
// string. Rows, arguments and errors look exactly as @libsql/client's "number" int mode makes them, so callers
// cannot tell the drivers apart; it only skips preparing the same statement and reading its columns on every call.
// ---------------------------------------------------------------------------------------------------------------

type Stmt = ReturnType<Database.Database['prepare']>;
type Args = unknown[] | Record<string, unknown>;

interface Prepared {
  stmt: Stmt;
  /** null: the statement returns no rows (run() then reports changes and lastInsertRowid). */
  columns: string[] | null;
  toRow: ((raw: unknown[]) => Row) | null;
  /** Only reads, so it may run on the read connection outside the write queue. */
  readOnly: boolean;
  ddl: boolean;
}

const STATEMENTS_PER_CONNECTION = 1000;
const DDL = /^\s*(CREATE|ALTER|DROP)\b/i;
const READ_ONLY = /^\s*(SELECT|VALUES|EXPLAIN)\b/i;
/** Statements SQLite ignores or refuses inside a transaction, so `run` sends them between write batches. */
const OUTSIDE_TRANSACTION = /^\s*(PRAGMA|VACUUM)\b/i;
const CTE_WRITE = /^\s*WITH\b[\s\S]*\b(INSERT|UPDATE|DELETE|REPLACE)\b/i;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_INT64 = -9223372036854775808n;
const MAX_INT64 = 9223372036854775807n;

/** Exactly @libsql/client's `valueFromSql` in "number" mode. */
function fromSql(v: unknown): unknown {
  if (typeof v === 'bigint') {
    if (v < MIN_SAFE || v > MAX_SAFE)
      throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
    return Number(v);
  }
  if (v instanceof Buffer) {
    // @libsql/client hands out the Buffer's ArrayBuffer; copy only when the Buffer is a view into a larger one.
    return v.byteOffset === 0 && v.byteLength === v.buffer.byteLength
      ? v.buffer
      : v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
  }
  return v;
}

/** Exactly @libsql/client's `valueToSql` in "number" mode. */
function toSql(value: unknown): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'bigint') {
    if (value < MIN_INT64 || value > MAX_INT64)
      throw new RangeError('bigint is too large to be represented as a 64-bit integer and passed as argument');
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

function convertArgs(args: InArgs | undefined): Args {
  if (args === undefined) return [];
  if (Array.isArray(args)) {
    const out = new Array<unknown>(args.length);
    for (let i = 0; i < args.length; i++) out[i] = toSql(args[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const name in args) {
    const bare = name[0] === '@' || name[0] === '$' || name[0] === ':' ? name.substring(1) : name;
    out[bare] = toSql((args as Record<string, InValue>)[name]);
  }
  return out;
}

/**
 * A row as @libsql/client builds it: the first column of a name wins, values converted, column names as
 * own enumerable properties (a name like `__proto__` stays a plain property). Built by a function made once
 * per column list, so every row of a statement shares one shape.
 */
function rowMaker(columns: string[]): (raw: unknown[]) => Row {
  const seen = new Set<string>();
  const parts: string[] = [];
  columns.forEach((name, i) => {
    if (seen.has(name)) return;
    seen.add(name);
    parts.push(`[${JSON.stringify(name)}]: c(r[${i}])`);
  });
  const make = new Function('c', `return function row(r) { return { ${parts.join(', ')} }; };`) as (
    c: typeof fromSql,
  ) => (raw: unknown[]) => Row;
  return make(fromSql);
}

const SQLITE_CODES: Record<number, string> = {
  1: 'SQLITE_ERROR',
  2: 'SQLITE_INTERNAL',
  3: 'SQLITE_PERM',
  4: 'SQLITE_ABORT',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY',
  9: 'SQLITE_INTERRUPT',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  15: 'SQLITE_PROTOCOL',
  16: 'SQLITE_EMPTY',
  17: 'SQLITE_SCHEMA',
  18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH',
  21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS',
  23: 'SQLITE_AUTH',
  24: 'SQLITE_FORMAT',
  25: 'SQLITE_RANGE',
  26: 'SQLITE_NOTADB',
  27: 'SQLITE_NOTICE',
  28: 'SQLITE_WARNING',
};

/** The LibsqlError @libsql/client throws for the same failure (same code, message and cause). */
function mapError(e: unknown): unknown {
  if (e instanceof Database.SqliteError) {
    const err = e as Error & { code: string; rawCode?: number };
    const code =
      err.rawCode === undefined
        ? 'SQLITE_UNKNOWN'
        : (SQLITE_CODES[err.rawCode & 0xff] ?? `SQLITE_UNKNOWN_${err.rawCode & 0xff}`);
    return new LibsqlError(err.message, code, err.code, err.rawCode, err);
  }
  return e;
}

const closedError = () => new LibsqlError('The client is closed', 'CLIENT_CLOSED');

/** One native connection and its statements, prepared once per SQL string. */
class Connection {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Prepared>();
  #open = true;

  constructor(
    path: string,
    timeoutMs: number,
    private readonly schemaChanged: () => void,
  ) {
    this.#db = new Database(path, { timeout: timeoutMs } as Database.Options);
  }

  get open() {
    return this.#open;
  }

  get inTransaction(): boolean {
    // reading inTransaction on a closed native database aborts the process
    return this.#open && this.#db.inTransaction;
  }

  forget() {
    this.#statements.clear();
  }

  prepared(sql: string): Prepared {
    const hit = this.#statements.get(sql);
    if (hit) return hit;
    if (!this.#open) throw closedError();
    let stmt: Stmt;
    try {
      stmt = this.#db.prepare(sql);
    } catch (e) {
      throw mapError(e);
    }
    stmt.safeIntegers(true);
    let columns: string[] | null = null;
    try {
      stmt.raw(true);
      columns = stmt.columns().map((c) => c.name);
    } catch {
      // raw() throws for a statement that returns no data
    }
    const ddl = DDL.test(sql);
    const prepared: Prepared = {
      stmt,
      columns,
      toRow: columns && rowMaker(columns),
      readOnly: READ_ONLY.test(sql) || (/^\s*WITH\b/i.test(sql) && !CTE_WRITE.test(sql)),
      ddl,
    };
    if (!ddl) {
      // drop the oldest; a dropped statement is finalized when collected
      if (this.#statements.size >= STATEMENTS_PER_CONNECTION)
        this.#statements.delete(this.#statements.keys().next().value!);
      this.#statements.set(sql, prepared);
    }
    return prepared;
  }

  /** A row whose width no longer matches the kept column list: another process changed the schema. */
  #fresh(sql: string, p: Prepared, raw: unknown[]): Prepared {
    if (raw.length === p.columns!.length) return p;
    this.#statements.delete(sql);
    return this.prepared(sql);
  }

  all(sql: string, args: InArgs | undefined): Row[] {
    if (!this.#open) throw closedError();
    const a = convertArgs(args);
    let p = this.prepared(sql);
    try {
      if (!p.columns) {
        p.stmt.run(a);
        return [];
      }
      const raws = p.stmt.all(a) as unknown[][];
      if (raws.length) p = this.#fresh(sql, p, raws[0]);
      const out = new Array<Row>(raws.length);
      for (let i = 0; i < raws.length; i++) out[i] = p.toRow!(raws[i]);
      return out;
    } catch (e) {
      throw mapError(e);
    } finally {
      if (p.ddl) this.schemaChanged();
    }
  }

  get(sql: string, args: InArgs | undefined): Row | undefined {
    if (!this.#open) throw closedError();
    const a = convertArgs(args);
    let p = this.prepared(sql);
    try {
      if (!p.columns) {
        p.stmt.run(a);
        return undefined;
      }
      // RETURNING makes all its changes on the first step, so the first row is all that differs from all()
      const raw = p.stmt.get(a) as unknown[] | undefined;
      if (raw === undefined) return undefined;
      p = this.#fresh(sql, p, raw);
      return p.toRow!(raw);
    } catch (e) {
      throw mapError(e);
    } finally {
      if (p.ddl) this.schemaChanged();
    }
  }

  run(sql: string, args: InArgs | undefined): { changes: number; lastInsertRowid: bigint | undefined } {
    if (!this.#open) throw closedError();
    const a = convertArgs(args);
    const p = this.prepared(sql);
    try {
      if (p.columns) {
        // as @libsql/client: a statement that returns rows reports no changes and no rowid
        p.stmt.all(a);
        return { changes: 0, lastInsertRowid: undefined };
      }
      const info = p.stmt.run(a);
      return { changes: info.changes, lastInsertRowid: BigInt(info.lastInsertRowid) };
    } catch (e) {
      throw mapError(e);
    } finally {
      if (p.ddl) this.schemaChanged();
    }
  }

  close() {
    if (!this.#open) return;
    this.#open = false;
    this.#statements.clear();
    try {
      this.#db.close();
    } catch {
      // nothing useful to do while tearing down
    }
  }
}

/** `Db.onCommit`'s listeners, and `committed` to call them all after a commit. */
function commitListeners() {
  const listeners = new Set<() => void>();
  return {
    committed: () => {
      for (const l of listeners) {
        try {
          l();
        } catch {
          // a listener's failure is its own; the write has succeeded
        }
      }
    },
    onCommit: (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** A `file:` database on the native driver. */
function openFile(url: string, path: string): Db {
  // Two connections: writes and write transactions on one, reads outside a transaction on the other, so a read
  // that runs while a transaction is open (between its awaits) sees only committed data, as WAL readers do.
  const forgetAll = () => {
    writer.forget();
    reader.forget();
  };
  const writer = new Connection(path, 10_000, forgetAll);
  const reader = new Connection(path, 10_000, forgetAll);
  // WAL is a property of the file; synchronous is per connection.
  writer.run('PRAGMA journal_mode = WAL', []);
  writer.run('PRAGMA synchronous = NORMAL', []);
  reader.run('PRAGMA synchronous = NORMAL', []);

  const { committed, onCommit } = commitListeners();
  const writes = new GroupCommit(writer, committed);
  let client: Client | undefined;

  return {
    get client() {
      client ??= createClient({ url, timeout: 10_000 });
      return client;
    },
    isFile: true,
    // A statement that writes (INSERT … RETURNING through get/all) queues with the other writes.
    all: async <T>(sql: string, args?: InArgs) =>
      (reader.prepared(sql).readOnly ? reader.all(sql, args) : await writes.tx((q) => q.all(sql, args))) as T[],
    get: async <T>(sql: string, args?: InArgs) =>
      (reader.prepared(sql).readOnly ? reader.get(sql, args) : await writes.tx((q) => q.get(sql, args))) as
        T | undefined,
    run: (sql, args) =>
      OUTSIDE_TRANSACTION.test(sql) ? writes.alone(() => writer.run(sql, args)) : writes.tx((q) => q.run(sql, args)),
    tx: (fn) => writes.tx(fn),
    onCommit,
    close: () => {
      writer.close();
      reader.close();
      client?.close();
    },
  };
}

export async function openDb(url: string, authToken?: string): Promise<Db> {
  const isFile = url.startsWith('file:');
  if (isFile) {
    const path = url.slice('file:'.length).split('?')[0];
    const inMemory = !path || path === ':memory:' || /[?&]mode=memory\b/.test(url);
    if (!inMemory) {
      mkdirSync(dirname(resolve(path)), { recursive: true });
      return openFile(url, path);
    }
  }
  // Remote URLs (and in-memory databases, which live on a single connection) keep @libsql/client.
  const client = createClient(isFile ? { url, timeout: 10_000 } : { url, authToken });
  const writes = new Mutex();
  const base = wrap(client);
  const { committed, onCommit } = commitListeners();
  return {
    client,
    isFile,
    ...base,
    run: (sql, args) => writes.run(() => base.run(sql, args)),
    tx: (fn) =>
      writes.run(async () => {
        const t = await client.transaction('write');
        try {
          const pre = new PreCommit();
          const result = await fn({ ...wrap(t), beforeCommit: pre.add });
          await pre.run();
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
    onCommit,
    close: () => client.close(),
  };
}
