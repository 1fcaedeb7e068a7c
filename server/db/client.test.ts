import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, LibsqlError } from '@libsql/client';
import { beforeCommit, openDb, type Db, type Queryable, type Row } from './client.ts';

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hd-db-'));
  db = await openDb(`file:${join(dir, 'nested', 'c.db')}`);
  await db.run('CREATE TABLE t (x INTEGER)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('openDb', () => {
  it('creates the folder of a file database', async () => {
    expect((await db.get<{ n: number }>('SELECT 1 AS n'))!.n).toBe(1);
  });

  it('commits a transaction whole, or nothing when it throws', async () => {
    await db.tx(async (tx) => {
      await tx.run('INSERT INTO t VALUES (1)');
      await tx.run('INSERT INTO t VALUES (2)');
    });
    await expect(
      db.tx(async (tx) => {
        await tx.run('INSERT INTO t VALUES (3)');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await db.all<{ x: number }>('SELECT x FROM t ORDER BY x')).map((r) => r.x)).toEqual([1, 2]);
  });

  it('runs overlapping write transactions of one process one after the other', async () => {
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        db.tx(async (tx) => {
          order.push(`${name}:start`);
          await tx.run('INSERT INTO t VALUES (1)');
          await settle();
          order.push(`${name}:end`);
        }),
      ),
    );
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('tells commit listeners after a commit, not after a rollback, and stops when unsubscribed', async () => {
    let calls = 0;
    const off = db.onCommit(() => calls++);
    await db.tx((tx) => tx.run('INSERT INTO t VALUES (1)'));
    await settle();
    expect(calls).toBe(1);
    await db.tx(async () => Promise.reject(new Error('no'))).catch(() => undefined);
    await settle();
    expect(calls).toBe(1);
    off();
    await db.tx((tx) => tx.run('INSERT INTO t VALUES (2)'));
    await settle();
    expect(calls).toBe(1);
  });
});

describe('group commit (the embedded driver)', () => {
  it('commits the writes queued together in one transaction; a failing one undoes only its own work', async () => {
    let commits = 0;
    db.onCommit(() => commits++);
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((x) =>
        db.tx(async (tx) => {
          await tx.run('INSERT INTO t VALUES (?)', [x]);
          if (x === 3) throw new Error('three refused');
          await tx.run('INSERT INTO t VALUES (?)', [x * 10]);
          return x;
        }),
      ),
    );
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      1,
      2,
      'three refused',
      4,
      5,
    ]);
    expect((await db.all<{ x: number }>('SELECT x FROM t ORDER BY x')).map((r) => r.x)).toEqual([
      1, 2, 4, 5, 10, 20, 40, 50,
    ]);
    await settle();
    expect(commits).toBe(1);
  });

  it('tells no caller of success before the commit that makes its write durable', async () => {
    const other = createClient({ url: `file:${join(dir, 'nested', 'c.db')}` });
    const seen: number[] = [];
    const first = db.tx((tx) => tx.run('INSERT INTO t VALUES (1)'));
    const second = db.tx((tx) => tx.run('INSERT INTO t VALUES (2)'));
    await first.then(async () => {
      seen.push(Number((await other.execute('SELECT count(*) AS n FROM t')).rows[0]!.n));
    });
    await second;
    other.close();
    // when the first write is acknowledged, the second of its batch is on disk too: one COMMIT for both
    expect(seen).toEqual([2]);
  });

  it('fails every write of a batch whose COMMIT fails, keeps none of them, and goes on with the next', async () => {
    await db.run('PRAGMA foreign_keys = ON'); // sent between batches: inside a transaction SQLite ignores it
    await db.run('CREATE TABLE parent (id INTEGER PRIMARY KEY)');
    await db.run('CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)');
    const good = db.tx((tx) => tx.run('INSERT INTO t VALUES (1)'));
    // a deferred foreign key is only checked at COMMIT, so this write fails the batch, not its savepoint
    const bad = db.tx((tx) => tx.run('INSERT INTO child VALUES (99)'));
    await expect(good).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    await expect(bad).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    expect(await db.all('SELECT * FROM t')).toEqual([]);
    expect(await db.all('SELECT * FROM child')).toEqual([]);
    await db.tx((tx) => tx.run('INSERT INTO t VALUES (2)'));
    expect(await db.all('SELECT x FROM t')).toEqual([{ x: 2 }]);
  });

  it('still writes while a test fakes timers (the next batch is not a faked timer)', async () => {
    vi.useFakeTimers();
    try {
      await db.tx((tx) => tx.run('INSERT INTO t VALUES (1)'));
    } finally {
      vi.useRealTimers();
    }
    expect(await db.all('SELECT x FROM t')).toEqual([{ x: 1 }]);
  });

  it('keeps a leaked transaction handle from writing into a later write of the same batch', async () => {
    let leaked: Queryable | undefined;
    const first = db.tx(async (tx) => {
      leaked = tx;
    });
    const second = db.tx(async (tx) => {
      await expect(leaked!.run('INSERT INTO t VALUES (1)')).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
      await tx.run('INSERT INTO t VALUES (2)');
    });
    await Promise.all([first, second]);
    expect(await db.all('SELECT x FROM t')).toEqual([{ x: 2 }]);
  });
});

describe('beforeCommit', () => {
  const drivers = [
    ['the embedded file driver', () => db],
    [
      '@libsql/client (in memory)',
      async () => {
        const m = await openDb('file::memory:');
        await m.run('CREATE TABLE t (x INTEGER)');
        return m;
      },
    ],
  ] as const;

  it.each(drivers)(
    '%s: runs once per key, after the work and inside the transaction; a failure rolls back all',
    async (_n, open) => {
      const d = await open();
      const seen: number[] = [];
      await d.tx(async (tx) => {
        for (const x of [1, 2]) {
          await tx.run('INSERT INTO t VALUES (?)', [x]);
          await beforeCommit(tx, 'sum', async () => {
            const r = await tx.get<{ n: number }>('SELECT sum(x) AS n FROM t');
            seen.push(r!.n);
            await tx.run('INSERT INTO t VALUES (100)');
          });
        }
      });
      expect(seen).toEqual([3]); // once, with both inserts written
      expect((await d.get<{ n: number }>('SELECT sum(x) AS n FROM t'))!.n).toBe(103);

      await expect(
        d.tx(async (tx) => {
          await tx.run('INSERT INTO t VALUES (5)');
          await beforeCommit(tx, 'fail', async () => {
            throw new Error('derived rows failed');
          });
        }),
      ).rejects.toThrow('derived rows failed');
      expect((await d.get<{ n: number }>('SELECT sum(x) AS n FROM t'))!.n).toBe(103);

      let ran = false;
      await beforeCommit(d, 'now', async () => void (ran = true)); // not a transaction: at once
      expect(ran).toBe(true);
      if (d !== db) d.close();
    },
  );
});

describe('the embedded driver answers as @libsql/client does', () => {
  // The same file through @libsql/client: every row, count, rowid and error must look the same.
  const both = async <T>(fn: (q: Queryable) => Promise<T>) => {
    const reference = createClient({ url: `file:${join(dir, 'nested', 'c.db')}` });
    try {
      const viaClient = await fn({
        all: async (sql, args = []) => (await reference.execute({ sql, args })).rows as never,
        get: async (sql, args = []) => (await reference.execute({ sql, args })).rows[0] as never,
        run: async (sql, args = []) => {
          const rs = await reference.execute({ sql, args });
          return { changes: rs.rowsAffected, lastInsertRowid: rs.lastInsertRowid };
        },
      }).catch((e: unknown) => e);
      const viaDriver = await fn(db).catch((e: unknown) => e);
      return { viaClient, viaDriver };
    } finally {
      reference.close();
    }
  };
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x)));

  beforeEach(async () => {
    await db.run('CREATE TABLE v (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)');
    await db.run('INSERT INTO v (i, r, s, b, n) VALUES (?, ?, ?, ?, ?)', [
      42,
      1.5,
      'text',
      new Uint8Array([1, 2, 3]),
      null,
    ]);
    await db.run('INSERT INTO v (i, r, s, b, n) VALUES (?, ?, ?, ?, ?)', [true, 2, 'two', null, 'x']);
  });

  it('gives the same rows: numbers, reals, text, null, blobs as ArrayBuffer, duplicate and odd column names', async () => {
    const { viaClient, viaDriver } = await both((q) =>
      q.all('SELECT id, i, r, s, b, n, i AS i, s AS "__proto__", 1 AS "a b" FROM v ORDER BY id'),
    );
    expect(plain(viaDriver)).toEqual(plain(viaClient));
    const rows = viaDriver as Row[];
    expect(rows[0]).toMatchObject({ id: 1, i: 42, r: 1.5, s: 'text', n: null, 'a b': 1 });
    expect(Object.keys(rows[0])).toEqual(['id', 'i', 'r', 's', 'b', 'n', '__proto__', 'a b']);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(rows[0].__proto__).toBe('text');
    expect(new Uint8Array(rows[0].b as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(rows[1].i).toBe(1); // a boolean argument is stored as 1
  });

  it('refuses an integer beyond 2^53 as a number, and undefined arguments, with the same errors', async () => {
    await db.run('INSERT INTO v (i) VALUES (?)', [2n ** 60n]);
    const big = await both((q) => q.get('SELECT i FROM v WHERE i > 100'));
    expect(big.viaDriver).toBeInstanceOf(RangeError);
    expect(String(big.viaDriver)).toBe(String(big.viaClient));
    const undef = await both((q) => q.get('SELECT ? AS x', [undefined as never]));
    expect(undef.viaDriver).toBeInstanceOf(TypeError);
    expect(String(undef.viaDriver)).toBe(String(undef.viaClient));
  });

  it('reports changes and rowids the same way, RETURNING included', async () => {
    const a = await both((q) => q.run('UPDATE v SET s = s WHERE id > 0'));
    // lastInsertRowid is the connection's last insert, so only its type compares across connections
    expect(a.viaDriver).toEqual({ changes: 2, lastInsertRowid: expect.any(BigInt) });
    expect(a.viaClient).toEqual({ changes: 2, lastInsertRowid: expect.any(BigInt) });
    const b = await both((q) => q.run('INSERT INTO v (s) VALUES (?) RETURNING id', ['r']));
    expect(b.viaDriver).toEqual({ changes: 0, lastInsertRowid: undefined });
    expect(b.viaClient).toEqual({ changes: 0, lastInsertRowid: undefined });
    const c = await db.run('INSERT INTO v (s) VALUES (?)', ['plain']);
    expect(c).toEqual({ changes: 1, lastInsertRowid: 5n });
    const d = await db.get<{ id: number }>('INSERT INTO v (s) VALUES (?) RETURNING id', ['got']);
    expect(d).toEqual({ id: 6 });
  });

  it('throws the same LibsqlError for a constraint failure and a syntax error', async () => {
    await db.run('CREATE UNIQUE INDEX v_s ON v (s)');
    for (const sql of ["INSERT INTO v (s) VALUES ('two')", 'SELEC 1']) {
      const { viaClient, viaDriver } = await both((q) => q.run(sql));
      expect(viaDriver).toBeInstanceOf(LibsqlError);
      const pick = (e: unknown) => {
        const l = e as LibsqlError;
        return { message: l.message, code: l.code, extendedCode: l.extendedCode, rawCode: l.rawCode };
      };
      expect(pick(viaDriver)).toEqual(pick(viaClient));
    }
  });

  it('lets a read outside an open transaction see only what is committed', async () => {
    let seenInside: unknown;
    let seenOutside: unknown;
    await db.tx(async (tx) => {
      await tx.run("UPDATE v SET s = 'changed' WHERE id = 1");
      seenInside = (await tx.get<{ s: string }>('SELECT s FROM v WHERE id = 1'))!.s;
      seenOutside = (await db.get<{ s: string }>('SELECT s FROM v WHERE id = 1'))!.s;
    });
    expect([seenInside, seenOutside]).toEqual(['changed', 'text']);
    expect((await db.get<{ s: string }>('SELECT s FROM v WHERE id = 1'))!.s).toBe('changed');
  });

  it('sees a column another process added, through a statement it had prepared before', async () => {
    expect(Object.keys((await db.get('SELECT * FROM v WHERE id = 1'))!)).not.toContain('extra');
    const other = createClient({ url: `file:${join(dir, 'nested', 'c.db')}` });
    await other.execute("ALTER TABLE v ADD COLUMN extra TEXT NOT NULL DEFAULT 'e'");
    other.close();
    expect(await db.get('SELECT * FROM v WHERE id = 1')).toMatchObject({ id: 1, extra: 'e' });
    await db.run('ALTER TABLE v ADD COLUMN more INTEGER NOT NULL DEFAULT 7');
    expect(await db.get('SELECT * FROM v WHERE id = 1')).toMatchObject({ extra: 'e', more: 7 });
  });

  it('refuses work after close with the client error, and a transaction used after it settled', async () => {
    let leaked: Queryable | undefined;
    await db.tx(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.get('SELECT 1')).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
    db.close();
    await expect(db.get('SELECT 1')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(db.tx((tx) => tx.run('INSERT INTO t VALUES (1)'))).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    db = await openDb(`file:${join(dir, 'nested', 'c.db')}`); // for afterEach
  });
});
