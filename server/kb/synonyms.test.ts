import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { kbTenant, searchTitles, type KbTenant } from './test-fixtures.ts';

let h: Harness;
let a: KbTenant;
let b: KbTenant;
const wq = (t: KbTenant, q: string, extra = '') =>
  searchTitles(h, `/api/v1/widget/kb/search?q=${encodeURIComponent(q)}${extra}`, t.widget);
const put = (t: KbTenant, data: unknown, as: { cookie?: string; token?: string } = t.as) =>
  h.json('PUT', '/api/v1/kb/synonyms', { ...as, body: { data } });

beforeAll(async () => {
  h = await createHarness();
  a = await kbTenant(h);
  b = await kbTenant(h);
  const pub = { status: 'published' };
  await a.article({
    ...pub,
    title: 'Track your order',
    body: 'Every order gets a tracking number once it leaves the warehouse.',
  });
  await a.article({ ...pub, title: 'Sign in trouble', body: 'Use the e-mail address you registered with.' });
  await a.article({ ...pub, title: 'Lieferung verfolgen', locale: 'de', body: 'Jede Sendung bekommt eine Nummer.' });
  await b.article({ ...pub, title: 'Track your order', body: 'Tenant B tracks orders too.' });
});
afterAll(() => h.close());

describe('synonyms in search', () => {
  it('a term finds its synonyms at once (cached answers are not served), for its tenant only', async () => {
    expect(await wq(a, 'where is my parcel')).toEqual([]);
    const r = await put(a, [
      { term: 'Parcel', synonyms: ['order', 'package'] },
      { term: 'email', synonyms: ['e-mail'] },
      { term: 'paket', synonyms: ['sendung'] },
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data[0]).toEqual({ term: 'parcel', synonyms: ['order', 'package'] });
    expect(await wq(a, 'where is my parcel')).toEqual(['Track your order']);
    // inflected and capitalised forms of the term expand too; a phrase synonym matches as a phrase
    expect(await wq(a, 'Parcels')).toEqual(['Track your order']);
    expect(await wq(a, 'email address')).toEqual(['Sign in trouble']);
    expect(await wq(a, 'paket', '&locale=de')).toEqual(['Lieferung verfolgen']);
    expect(await searchTitles(h, '/api/v1/kb/search?q=parcel', a.as)).toEqual(['Track your order']);
    expect(await wq(b, 'parcel')).toEqual([]);
  });

  it('needs every term group as before: a synonym stands in for its term, not for the others', async () => {
    await put(a, [{ term: 'parcel', synonyms: ['order'] }]);
    expect(await wq(a, 'parcel warehouse')).toEqual(['Track your order']);
    expect(await wq(a, 'parcel gear')).toEqual(['Track your order']); // nothing has both: any word, as before
    expect(await wq(a, 'parcel number')).toEqual(['Track your order']);
  });

  it('an empty list takes them all away again', async () => {
    await put(a, [{ term: 'parcel', synonyms: ['order'] }]);
    expect(await wq(a, 'parcel')).toEqual(['Track your order']);
    expect((await put(a, [])).status).toBe(200);
    expect(await wq(a, 'parcel')).toEqual([]);
  });
});

describe('GET/PUT /kb/synonyms', () => {
  it('reads back what was written, in order, and audits the change', async () => {
    await put(a, [
      { term: 'zipper', synonyms: ['zip', 'zip', 'fastener'] },
      { term: 'money', synonyms: ['refund'] },
    ]);
    const r = await h.json('GET', '/api/v1/kb/synonyms', a.as);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      data: [
        { term: 'zipper', synonyms: ['zip', 'fastener'] },
        { term: 'money', synonyms: ['refund'] },
      ],
    });
    expect((await h.json('GET', '/api/v1/kb/synonyms', b.as)).body).toEqual({ data: [] });
    const log = await h.json('GET', '/api/v1/audit-log', a.as);
    const entry = log.body.data.find((e: { action: string }) => e.action === 'kb.synonyms.updated');
    expect(entry).toBeTruthy();
  });

  it('refuses bad groups with 422 naming each field, and changes nothing', async () => {
    await put(a, [{ term: 'money', synonyms: ['refund'] }]);
    const cases: [unknown, string][] = [
      [[{ term: 'two words', synonyms: ['x'] }], 'data.0.term'],
      [[{ term: 'parcel', synonyms: [] }], 'data.0.synonyms'],
      [[{ term: 'parcel', synonyms: ['"quoted" OR *'] }], 'data.0.synonyms.0'],
      [[{ term: 'parcel', synonyms: ['x'.repeat(61)] }], 'data.0.synonyms.0'],
      [[{ term: 'parcel', synonyms: ['order'], extra: 1 }], 'data.0'],
      [[{ term: 'the', synonyms: ['order'] }], 'data.0.term'],
      [
        [
          { term: 'parcel', synonyms: ['order'] },
          { term: 'Parcels', synonyms: ['box'] },
        ],
        'data.1.term',
      ],
      [Array.from({ length: 201 }, (_, i) => ({ term: `w${i}`, synonyms: ['x'] })), 'data'],
    ];
    for (const [data, path] of cases) {
      const r = await put(a, data);
      expect(r.status, JSON.stringify(data).slice(0, 80)).toBe(422);
      expect(r.res.headers.get('content-type')).toContain('application/problem+json');
      expect(
        r.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(r.body),
      ).toContain(path);
    }
    expect((await h.json('PUT', '/api/v1/kb/synonyms', { ...a.as, body: [] })).status).toBe(422);
    expect((await h.json('GET', '/api/v1/kb/synonyms', a.as)).body.data).toEqual([
      { term: 'money', synonyms: ['refund'] },
    ]);
  });

  it('reading needs kb:read, changing needs kb:update', async () => {
    const reader = await a.apiKey(['kb:read']);
    expect((await h.json('GET', '/api/v1/kb/synonyms', { token: reader })).status).toBe(200);
    const denied = await put(a, [{ term: 'parcel', synonyms: ['order'] }], { token: reader });
    expect(denied.status).toBe(403);
    expect(denied.body.permission).toBe('kb:update');
    const other = await a.apiKey(['tickets:read']);
    expect((await h.json('GET', '/api/v1/kb/synonyms', { token: other })).status).toBe(403);
    expect((await h.json('GET', '/api/v1/kb/synonyms')).status).toBe(401);
    const writer = await a.apiKey(['kb:read', 'kb:update']);
    expect((await put(a, [{ term: 'parcel', synonyms: ['order'] }], { token: writer })).status).toBe(200);
  });
});
