import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { kbTenant, searchTitles, type KbTenant } from './test-fixtures.ts';
import { searchIndexOf } from './search-index.ts';

let h: Harness;
let a: KbTenant;
let b: KbTenant;
beforeAll(async () => {
  h = await createHarness();
  a = await kbTenant(h);
  b = await kbTenant(h);
});
afterAll(() => h.close());

const count = async (sql: string, args: (string | number)[] = []) => (await h.db.get<{ n: number }>(sql, args))!.n;
const widgetTitles = (t: KbTenant, q: string) =>
  searchTitles(h, `/api/v1/widget/kb/search?q=${encodeURIComponent(q)}`, t.widget);
const agentTitles = (t: KbTenant, q: string) => searchTitles(h, `/api/v1/kb/search?q=${encodeURIComponent(q)}`, t.as);

describe('articles', () => {
  it('creates a draft with defaults, a derived slug, rendered HTML and zeroed stats', async () => {
    const art = await a.article({ title: 'Größe & Passform: Boots', body: '# Sizing\n\nMeasure your **foot**.' });
    expect(art).toMatchObject({
      id: expect.stringMatching(/^kba_/),
      slug: 'grosse-passform-boots',
      status: 'draft',
      locale: 'en',
      position: 0,
      categoryId: null,
      publishedAt: null,
      authorId: a.agent.id,
      body: '# Sizing\n\nMeasure your **foot**.',
      stats: { views: 0, helpful: 0, notHelpful: 0, suggested: 0, deflections: 0, suggestedThenTicket: 0 },
    });
    expect(art.bodyHtml).toContain('<h1>Sizing</h1>');
    expect(art.bodyHtml).toContain('<strong>foot</strong>');
    const again = await a.article({ title: 'Größe & Passform: Boots' });
    expect(again.slug).toBe('grosse-passform-boots-2');
    const read = await h.json('GET', `/api/v1/kb/articles/${art.id}`, a.as);
    expect(read.body).toEqual(art);
  });

  it('sanitizes HTML: no script, no event handlers, no javascript: links; links get rel="noopener noreferrer"', async () => {
    const art = await a.article({
      title: 'Hostile body',
      body: [
        'Before <script>alert("x")</script> after',
        '',
        '<img src="https://cdn.example/x.png" onerror="alert(1)">',
        '',
        '[click me](javascript:alert(1)) and <a href="JavaScript:alert(2)">this</a> and [docs](https://example.com/help)',
      ].join('\n'),
    });
    const html: string = art.bodyHtml;
    expect(html).not.toMatch(/<script|alert\("x"\)|onerror|javascript:/i);
    expect(html).toContain('<img src="https://cdn.example/x.png" />');
    expect(html).toContain('<a href="https://example.com/help" rel="noopener noreferrer" target="_blank">docs</a>');
    for (const a of html.match(/<a [^>]*>/g) ?? []) expect(a).toContain('rel="noopener noreferrer"');
    expect(art.body).toContain('<script>');
  });

  it('publishes and unpublishes; publishing writes kb.article.published with the article in the same change', async () => {
    const art = await a.article({ title: 'Warranty claims', body: 'Our lifetime warranty covers seams.' });
    expect(await widgetTitles(a, 'warranty')).toEqual([]);
    const eventsBefore = await count(
      "SELECT count(*) AS n FROM events WHERE type = 'kb.article.published' AND tenant_id = ?",
      [a.tenant.id],
    );

    const pub = await h.json('PATCH', `/api/v1/kb/articles/${art.id}`, { ...a.as, body: { status: 'published' } });
    expect(pub.status).toBe(200);
    expect(pub.body.status).toBe('published');
    expect(pub.body.publishedAt).toEqual(expect.any(String));
    expect(await widgetTitles(a, 'warranty')).toEqual(['Warranty claims']);
    const ev = await h.db.get<{ data: string; n: number }>(
      "SELECT data, (SELECT count(*) FROM events WHERE type = 'kb.article.published' AND tenant_id = ?) AS n FROM events WHERE type = 'kb.article.published' AND tenant_id = ? ORDER BY seq DESC LIMIT 1",
      [a.tenant.id, a.tenant.id],
    );
    expect(ev!.n).toBe(eventsBefore + 1);
    expect(JSON.parse(ev!.data)).toMatchObject({
      id: art.id,
      title: 'Warranty claims',
      status: 'published',
      bodyHtml: expect.any(String),
    });

    // an edit while published writes no second event; unpublishing hides it from the widget at once
    await h.json('PATCH', `/api/v1/kb/articles/${art.id}`, { ...a.as, body: { title: 'Warranty claims (updated)' } });
    expect(
      await count("SELECT count(*) AS n FROM events WHERE type = 'kb.article.published' AND tenant_id = ?", [
        a.tenant.id,
      ]),
    ).toBe(eventsBefore + 1);
    const un = await h.json('PATCH', `/api/v1/kb/articles/${art.id}`, { ...a.as, body: { status: 'draft' } });
    expect(un.body).toMatchObject({ status: 'draft', publishedAt: null });
    expect(await widgetTitles(a, 'warranty')).toEqual([]);
    expect(await agentTitles(a, 'warranty')).toEqual(['Warranty claims (updated)']);
  });

  it('keeps the index in step with edits and deletes', async () => {
    const art = await a.article({ title: 'Stove fuel', body: 'Use white gas or kerosene.', status: 'published' });
    expect(await widgetTitles(a, 'kerosene')).toEqual(['Stove fuel']);
    await h.json('PATCH', `/api/v1/kb/articles/${art.id}`, {
      ...a.as,
      body: { title: 'Canister stoves', body: 'Use isobutane canisters.' },
    });
    expect(await widgetTitles(a, 'kerosene')).toEqual([]);
    expect(await widgetTitles(a, 'isobutane')).toEqual(['Canister stoves']);
    expect(await widgetTitles(a, 'fuel')).toEqual([]);
    expect((await h.req('DELETE', `/api/v1/kb/articles/${art.id}`, a.as)).status).toBe(204);
    expect(await widgetTitles(a, 'isobutane')).toEqual([]);
    expect(await agentTitles(a, 'canister')).toEqual([]);
    expect((await h.json('GET', `/api/v1/kb/articles/${art.id}`, a.as)).status).toBe(404);
    // the tenant's external-content index agrees with its articles
    const fts = await searchIndexOf(h.db, a.tenant.id);
    await h.db.run(`INSERT INTO ${fts} (${fts}, rank) VALUES ('integrity-check', 1)`);
  });

  it('lists with filters and stable cursor pages', async () => {
    const t = await kbTenant(h);
    for (let i = 0; i < 5; i++)
      await t.article({ title: `Page item ${i}`, position: 5 - i, status: i % 2 ? 'published' : 'draft' });
    const first = await h.json('GET', '/api/v1/kb/articles?limit=2', t.as);
    expect(first.body.data.map((x: any) => x.title)).toEqual(['Page item 4', 'Page item 3']);
    const second = await h.json('GET', `/api/v1/kb/articles?limit=2&cursor=${first.body.nextCursor}`, t.as);
    expect(second.body.data.map((x: any) => x.title)).toEqual(['Page item 2', 'Page item 1']);
    const third = await h.json('GET', `/api/v1/kb/articles?limit=2&cursor=${second.body.nextCursor}`, t.as);
    expect(third.body).toMatchObject({ data: [{ title: 'Page item 0' }], nextCursor: null });
    const published = await h.json('GET', '/api/v1/kb/articles?status=published', t.as);
    expect(published.body.data.map((x: any) => x.title)).toEqual(['Page item 3', 'Page item 1']);
    expect((await h.json('GET', '/api/v1/kb/articles?cursor=garbage', t.as)).status).toBe(400);
  });
});

describe('bad input changes nothing', () => {
  const articles = () => count('SELECT count(*) AS n FROM kb_articles WHERE tenant_id = ?', [a.tenant.id]);

  it('duplicate slug in the same locale is 409; another locale is fine', async () => {
    await a.article({ title: 'Care', slug: 'care-guide' });
    const before = await articles();
    const dup = await h.json('POST', '/api/v1/kb/articles', {
      ...a.as,
      body: { title: 'Other', body: 'x', slug: 'care-guide' },
    });
    expect(dup.status).toBe(409);
    expect(dup.res.headers.get('content-type')).toBe('application/problem+json');
    expect(await articles()).toBe(before);
    await a.article({ title: 'Pflege', slug: 'care-guide', locale: 'de' });
    const other = await a.article({ title: 'Other', slug: 'other-guide' });
    const clash = await h.json('PATCH', `/api/v1/kb/articles/${other.id}`, { ...a.as, body: { slug: 'care-guide' } });
    expect(clash.status).toBe(409);
    expect((await h.json('GET', `/api/v1/kb/articles/${other.id}`, a.as)).body.slug).toBe('other-guide');
    // another tenant may use the same slug
    await b.article({ title: 'Care', slug: 'care-guide' });
  });

  it('empty title, oversized body, bad slug/locale/status and unknown fields are 422 with one error per field', async () => {
    const before = await articles();
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '   ', body: 'x' }, 'title'],
      [{ title: 'Big', body: 'x'.repeat(200 * 1024 + 1) }, 'body'],
      [{ title: 'Big', body: 'é'.repeat(110 * 1024) }, 'body'],
      [{ title: 'Slug', body: 'x', slug: 'Not a slug!' }, 'slug'],
      [{ title: 'Loc', body: 'x', locale: 'english please' }, 'locale'],
      [{ title: 'St', body: 'x', status: 'archived' }, 'status'],
      [{ body: 'x' }, 'title'],
    ];
    for (const [body, path] of cases) {
      const r = await h.json('POST', '/api/v1/kb/articles', { ...a.as, body });
      expect(r.status, path).toBe(422);
      expect(r.body.errors.map((e: any) => e.path)).toEqual([path]);
    }
    const exact = await h.json('POST', '/api/v1/kb/articles', {
      ...a.as,
      body: { title: 'Exactly 200 KB', body: 'x'.repeat(200 * 1024) },
    });
    expect(exact.status).toBe(201);
    expect(await articles()).toBe(before + 1);
    const art = exact.body;
    const patch = await h.json('PATCH', `/api/v1/kb/articles/${art.id}`, { ...a.as, body: { title: '' } });
    expect(patch.status).toBe(422);
    expect((await h.json('GET', `/api/v1/kb/articles/${art.id}`, a.as)).body.title).toBe('Exactly 200 KB');
    const malformed = await h.json('POST', '/api/v1/kb/articles', { ...a.as, rawBody: '{"title":' });
    expect(malformed.status).toBe(400);
  });

  it("an unknown category, or another tenant's, is 422", async () => {
    const before = await articles();
    const theirs = await b.category({ name: 'Theirs' });
    for (const categoryId of ['kbc_nope', theirs.id]) {
      const r = await h.json('POST', '/api/v1/kb/articles', { ...a.as, body: { title: 'X', body: 'x', categoryId } });
      expect(r.status).toBe(422);
      expect(r.body.errors).toEqual([{ path: 'categoryId', message: 'Unknown category.' }]);
    }
    expect(await articles()).toBe(before);
  });

  it("another tenant's article or category is 404 to their session and API key, and stays unchanged", async () => {
    const art = await a.article({ title: 'Private to A', status: 'published' });
    const cat = await a.category({ name: 'A only' });
    const key = await b.apiKey();
    for (const creds of [b.as, { token: key }]) {
      for (const [method, path, body] of [
        ['GET', `/api/v1/kb/articles/${art.id}`],
        ['GET', `/api/v1/kb/articles/${art.id}/stats`],
        ['PATCH', `/api/v1/kb/articles/${art.id}`, { title: 'Pwned' }],
        ['DELETE', `/api/v1/kb/articles/${art.id}`],
        ['GET', `/api/v1/kb/categories/${cat.id}`],
        ['PATCH', `/api/v1/kb/categories/${cat.id}`, { name: 'Pwned' }],
        ['DELETE', `/api/v1/kb/categories/${cat.id}`],
      ] as [string, string, object?][]) {
        const r = await h.json(method, path, { ...creds, body });
        expect(r.status, `${method} ${path}`).toBe(404);
      }
    }
    expect((await h.json('GET', `/api/v1/kb/articles/${art.id}`, a.as)).body.title).toBe('Private to A');
    expect((await h.json('GET', `/api/v1/kb/categories/${cat.id}`, a.as)).body.name).toBe('A only');
    // and tenant B's widget key cannot read it either
    expect((await h.json('GET', `/api/v1/widget/kb/articles/${art.id}`, b.widget)).status).toBe(404);
  });

  it('needs the kb permission for each action', async () => {
    const readOnly = await a.apiKey(['kb:read']);
    const r = await h.json('POST', '/api/v1/kb/articles', { token: readOnly, body: { title: 'X', body: 'x' } });
    expect(r.status).toBe(403);
    expect(r.body.permission).toBe('kb:create');
    expect((await h.json('GET', '/api/v1/kb/articles', { token: readOnly })).status).toBe(200);
  });
});

describe('categories', () => {
  it('creates, orders, renames, refuses duplicate slugs and deletes leaving articles uncategorized', async () => {
    const t = await kbTenant(h);
    const gear = await t.category({ name: 'Gear & Care', description: 'Looking after your kit', position: 2 });
    const orders = await t.category({ name: 'Orders', position: 1 });
    expect(gear).toMatchObject({ slug: 'gear-care', description: 'Looking after your kit', position: 2 });
    const list = await h.json('GET', '/api/v1/kb/categories', t.as);
    expect(list.body.data.map((c: any) => c.name)).toEqual(['Orders', 'Gear & Care']);
    const dup = await h.json('POST', '/api/v1/kb/categories', {
      ...t.as,
      body: { name: 'Orders again', slug: 'orders' },
    });
    expect(dup.status).toBe(409);
    expect((await h.json('POST', '/api/v1/kb/categories', { ...t.as, body: { name: '' } })).status).toBe(422);
    const renamed = await h.json('PATCH', `/api/v1/kb/categories/${orders.id}`, {
      ...t.as,
      body: { name: 'Orders & delivery', position: 3 },
    });
    expect(renamed.body).toMatchObject({ name: 'Orders & delivery', slug: 'orders', position: 3 });
    expect(
      (await h.json('PATCH', `/api/v1/kb/categories/${orders.id}`, { ...t.as, body: { slug: 'gear-care' } })).status,
    ).toBe(409);

    const art = await t.article({ title: 'Waxing boots', categoryId: gear.id, status: 'published' });
    expect(art.categoryId).toBe(gear.id);
    const moved = await h.json('PATCH', `/api/v1/kb/articles/${art.id}`, { ...t.as, body: { categoryId: orders.id } });
    expect(moved.body.categoryId).toBe(orders.id);
    expect((await h.req('DELETE', `/api/v1/kb/categories/${orders.id}`, t.as)).status).toBe(204);
    expect((await h.json('GET', `/api/v1/kb/articles/${art.id}`, t.as)).body.categoryId).toBeNull();
    expect((await h.json('GET', `/api/v1/kb/categories/${orders.id}`, t.as)).status).toBe(404);
  });
});
