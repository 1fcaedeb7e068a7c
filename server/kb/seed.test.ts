import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { seedDemoIfEmpty } from '../seed/demo.ts';
import { getTenant } from '../tenants/queries.ts';
import { SEED_ARTICLES } from './seed-articles.ts';

let h: Harness;
let headers: Record<string, string>;
beforeAll(async () => {
  h = await createHarness();
  const tenantId = await seedDemoIfEmpty(h.db, new Date('2026-03-01T09:00:00Z'));
  headers = { 'x-widget-key': (await getTenant(h.db, tenantId!))!.widgetKey };
});
afterAll(() => h.close());

const titles = async (path: string) => {
  const r = await h.json('GET', path, { headers });
  expect(r.status).toBe(200);
  return r.body.data.map((d: { title: string }) => d.title);
};

it('seeds the demo tenant with published, categorized articles in English and German', async () => {
  const en = SEED_ARTICLES.filter((a) => !a.locale).length;
  expect(en).toBeGreaterThanOrEqual(10);
  const cats = (await h.json('GET', '/api/v1/widget/kb/categories', { headers })).body.data;
  expect(cats.reduce((n: number, c: { articleCount: number }) => n + c.articleCount, 0)).toBe(en);
  expect(await titles('/api/v1/widget/kb/search?q=passwords')).toEqual(['Reset your password']);
  expect((await titles('/api/v1/widget/kb/search?q=ship'))[0]).toBe('Shipping times and costs');
  expect(await titles('/api/v1/widget/kb/search?q=passwort&locale=de')).toEqual(['Passwort zurücksetzen']);
  expect((await titles('/api/v1/widget/kb/suggest?q=my%20boots%20are%20too%20small'))[0]).toBe('Boot sizing guide');
  const art = await h.json('GET', '/api/v1/widget/kb/articles/shipping-times-and-costs?locale=de', { headers });
  expect(art.body.title).toBe('Lieferzeiten und Versandkosten');
});
