// Applies numbered SQL migrations in order, each in its own transaction, recording what ran.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Db } from './client.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export class MigrationError extends Error {}

export interface Migration {
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/** Splits a migration into statements; a CREATE TRIGGER … END; block stays whole. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of sql.replace(/--[^\n]*/g, '').split('\n')) {
    current += line + '\n';
    const inTrigger = /^\s*CREATE\s+(TEMP\s+)?TRIGGER\b/i.test(current);
    const ends = inTrigger ? /^\s*END\s*;\s*$/i.test(line) : line.trim().endsWith(';');
    if (ends) {
      out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out.filter((s) => s !== ';');
}

/** Returns the names applied now; a failing migration is rolled back and reported by name. */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<string[]> {
  await db.run('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set((await db.all<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const ran: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.name)) continue;
    try {
      await db.tx(async (tx) => {
        // Another process may have applied it while we waited for the write lock.
        if (await tx.get('SELECT 1 FROM schema_migrations WHERE name = ?', [m.name])) return;
        for (const stmt of splitStatements(m.sql)) await tx.run(stmt);
        await tx.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)', [
          m.name,
          new Date().toISOString(),
        ]);
      });
    } catch (err) {
      throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`);
    }
    ran.push(m.name);
  }
  return ran;
}
