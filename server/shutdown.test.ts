// A graceful stop keeps what the process had only counted in memory: KB article views and API calls reach the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnServer, type SpawnedServer } from '../scripts/spawn-server.ts';
import { openDb } from './db/client.ts';

let dir: string;
let server: SpawnedServer | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hd-stop-'));
});
afterEach(async () => {
  await server?.stop();
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGTERM', () => {
  it('writes buffered article views and API-call counts before the database closes', async () => {
    const dbUrl = `file:${join(dir, 'stop.db')}`;
    server = await spawnServer({ DATABASE_URL: dbUrl, SEED_DEMO: '0', RATE_LIMITS: 'off', LOG_LEVEL: 'silent' });
    const base = `${server.baseURL}/api/v1`;
    const signup = await fetch(`${base}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenantName: 'Stop',
        name: 'Owner',
        email: 'stop@example.com',
        password: 'stop password 1',
      }),
    });
    expect(signup.status).toBe(201);
    const { tenant } = await signup.json();
    const cookie = signup.headers.get('set-cookie')!.split(';')[0];
    const created = await fetch(`${base}/kb/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ title: 'Returns', body: 'Send it back within 30 days.', status: 'published' }),
    });
    expect(created.status).toBe(201);
    const article = await created.json();
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${base}/widget/kb/articles/${article.id}`, {
        headers: { 'x-widget-key': tenant.widgetKey },
      });
      expect(r.status).toBe(200);
    }

    const child = server.child;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    server = null;

    const db = await openDb(dbUrl);
    try {
      const views = await db.get<{ views: number }>('SELECT views FROM kb_articles WHERE tenant_id = ? AND id = ?', [
        tenant.id,
        article.id,
      ]);
      expect(views?.views).toBe(5);
      // signup carries no tenant credential; the article create and the five widget reads do
      const calls = await db.get<{ n: number | null }>('SELECT sum(calls) AS n FROM api_usage WHERE tenant_id = ?', [
        tenant.id,
      ]);
      expect(calls?.n).toBe(6);
    } finally {
      db.close();
    }
  }, 60_000);
});
