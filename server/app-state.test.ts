// Each app keeps its own process state: two apps on one database handle share no counters or caches.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, PLATFORM_TOKEN, type Harness } from './test-support/harness.ts';
import { createApp } from './app.ts';
import { createLogger } from './lib/logger.ts';
import { platformTokenChecker } from './middleware/authenticate.ts';
import { kbTenant } from './kb/test-fixtures.ts';

let h: Harness;
let other: ReturnType<typeof createApp>;
beforeEach(async () => {
  h = await createHarness();
  other = createApp({
    db: h.db,
    env: h.deps.env,
    logger: createLogger('silent'),
    platformToken: platformTokenChecker({ token: PLATFORM_TOKEN }),
  });
});
afterEach(async () => {
  await other.shutdown();
  await h.close();
});

const views = async (articleId: string) =>
  (await h.db.get<{ views: number }>('SELECT views FROM kb_articles WHERE id = ?', [articleId]))!.views;
const calls = async (tenantId: string) =>
  (await h.db.get<{ n: number | null }>('SELECT sum(calls) AS n FROM api_usage WHERE tenant_id = ?', [tenantId]))!.n ??
  0;

describe('process state per app', () => {
  it('gives each app its own KB counters, API-call counter and caches, and each flush writes only its own counts', async () => {
    for (const key of [
      'kbCounters',
      'kbSearchCache',
      'apiCallCounter',
      'widgetKeyCache',
      'apiKeyLastUsed',
      'limiter',
    ] as const) {
      expect(other.deps[key], key).not.toBe(h.deps[key]);
    }
    const t = await kbTenant(h);
    const art = await t.article({ title: 'Tent poles', body: 'Spare poles ship free.', status: 'published' });
    await h.flush(); // what the setup calls counted is written; from here on each app counts from zero
    const before = await calls(t.tenant.id);

    const viewIn = (app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }) =>
      app.request(`/api/v1/widget/kb/articles/${art.id}`, { headers: t.widget.headers });
    for (let i = 0; i < 3; i++) expect((await viewIn(h.app)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await viewIn(other.app)).status).toBe(200);

    await other.flush();
    expect(await views(art.id)).toBe(2);
    expect(await calls(t.tenant.id)).toBe(before + 2);
    await h.flush();
    expect(await views(art.id)).toBe(5);
    expect(await calls(t.tenant.id)).toBe(before + 5);

    // a search answered in one app is not a cache hit in the other
    const search = (app: typeof h.app) =>
      app.request('/api/v1/widget/kb/search?q=poles', { headers: t.widget.headers });
    expect((await search(h.app)).status).toBe(200);
    expect((await search(other.app)).status).toBe(200);
    expect(other.deps.kbSearchCache).toMatchObject({ hits: 0, misses: 1 });
    expect((await search(h.app)).status).toBe(200);
    expect(h.deps.kbSearchCache).toMatchObject({ hits: 1, misses: 1 });
  });
});
