import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from './client.ts';

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
