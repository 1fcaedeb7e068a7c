import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from './client.ts';
import { loadMigrations, migrate, MigrationError, splitStatements } from './migrate.ts';

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hd-mig-'));
  db = await openDb(`file:${join(dir, 'm.db')}`);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies every migration once, records it, and is idempotent', async () => {
    const first = await migrate(db);
    expect(first).toEqual(loadMigrations().map((m) => m.name));
    expect(await migrate(db)).toEqual([]);
    const rows = await db.all<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(first);
  });

  it('runs file databases in WAL mode', async () => {
    const row = await db.get<{ journal_mode: string }>('PRAGMA journal_mode');
    expect(row?.journal_mode).toBe('wal');
  });

  it('stops at a failing migration, names it, and leaves the database as it was', async () => {
    const migrations = [
      { name: '0001_ok.sql', sql: 'CREATE TABLE a (x INTEGER);' },
      { name: '0002_broken.sql', sql: 'CREATE TABLE b (y INTEGER);\nINSERT INTO missing_table VALUES (1);' },
      { name: '0003_later.sql', sql: 'CREATE TABLE c (z INTEGER);' },
    ];
    await expect(migrate(db, migrations)).rejects.toThrow(MigrationError);
    await expect(migrate(db, migrations)).rejects.toThrow(/0002_broken\.sql/);
    const tables = (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map(
      (r) => r.name,
    );
    expect(tables).toContain('a');
    expect(tables).not.toContain('b');
    expect(tables).not.toContain('c');
    const applied = (await db.all<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name);
    expect(applied).toEqual(['0001_ok.sql']);
  });

  it('keeps a trigger body in one statement', () => {
    const sql = `CREATE TABLE t (x);\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = 1;\n  UPDATE t SET x = 2;\nEND;\nCREATE INDEX i ON t (x);`;
    const parts = splitStatements(sql);
    expect(parts).toHaveLength(3);
    expect(parts[1]).toMatch(/^CREATE TRIGGER[\s\S]*END;$/);
  });
});
