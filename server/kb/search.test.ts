import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { kbTenant, searchTitles, type KbTenant } from './test-fixtures.ts';
import { markHits } from './search.ts';
import { buildMatch, parseQuery, typeAheadStem } from './search-query.ts';

let h: Harness;
let a: KbTenant;
let b: KbTenant;
const wq = (t: KbTenant, q: string, extra = '') =>
  searchTitles(h, `/api/v1/widget/kb/search?q=${encodeURIComponent(q)}${extra}`, t.widget);
const aq = (t: KbTenant, q: string, extra = '') =>
  searchTitles(h, `/api/v1/kb/search?q=${encodeURIComponent(q)}${extra}`, t.as);

beforeAll(async () => {
  h = await createHarness();
  a = await kbTenant(h);
  b = await kbTenant(h);
  const pub = { status: 'published' };
  await a.article({
    ...pub,
    title: 'Reset your password',
    body: 'Open **Sign in**, choose *Forgot it?* and follow the e-mail link.',
  });
  await a.article({ ...pub, title: 'Shipping times', body: 'Orders leave our warehouse within two business days.' });
  await a.article({
    ...pub,
    title: 'Returns and refunds',
    body: 'Return unworn gear within 30 days. We refund shipping when the mistake was ours.',
  });
  await a.article({
    ...pub,
    title: 'Tent care',
    body: 'Dry your tent before storing it. <b>Never</b> machine-wash & tumble-dry.',
  });
  await a.article({
    ...pub,
    title: 'Versandkosten',
    locale: 'de',
    body: 'Der Versand innerhalb Deutschlands ist ab 50 € kostenlos.',
  });
  await a.article({ title: 'Secret draft about shipping', body: 'Unannounced shipping partner.' });
  await a.article({
    ...pub,
    title: 'Lantern batteries',
    body: 'Switch the lantern on once a month and keep an eye on it. It is done in one minute.',
  });
  await b.article({ ...pub, title: 'Shipping to the moon', body: 'Tenant B ships rockets.' });
});
afterAll(() => h.close());

describe('search matching', () => {
  it('stems: "passwords" finds "Reset your password", "ship" finds "Shipping times"', async () => {
    expect(await wq(a, 'passwords')).toEqual(['Reset your password']);
    expect(await wq(a, 'ship')).toContain('Shipping times');
  });

  it('matches the last word as a prefix while typing, including half-typed stemmed words', async () => {
    expect(await wq(a, 'pass')).toEqual(['Reset your password']);
    expect(await wq(a, 'reset your passw')).toEqual(['Reset your password']);
    expect(await wq(a, 'shippin')).toContain('Shipping times');
  });

  it('ignores diacritics and folds case', async () => {
    expect(await wq(a, 'VERSÄND', '&locale=de')).toEqual(['Versandkosten']);
    expect(await wq(a, 'deutschlands', '&locale=de')).toEqual(['Versandkosten']);
  });

  it('ranks a title hit above a body-only hit', async () => {
    const titles = await wq(a, 'shipping');
    expect(titles).toEqual(['Shipping times', 'Returns and refunds']);
  });

  it('needs every word, and falls back to any word when nothing has them all', async () => {
    expect(await wq(a, 'return gear')).toEqual(['Returns and refunds']);
    const any = await wq(a, 'password tent');
    expect(any.sort()).toEqual(['Reset your password', 'Tent care']);
  });
});

describe('words that narrow nothing', () => {
  const sq = (q: string, extra = '') =>
    searchTitles(h, `/api/v1/widget/kb/suggest?q=${encodeURIComponent(q)}${extra}`, a.widget);

  it('a query of stopwords only finds nothing, in search, suggestions and the agent search', async () => {
    for (const q of ['the', 'is it', 'how do i', 'on', 'one', 'Was ist das']) {
      expect(await wq(a, q), q).toEqual([]);
      expect(await sq(q), q).toEqual([]);
      expect(await aq(a, q), q).toEqual([]);
    }
  });

  it('drops a word the index stores as a stopword: "Fast one" does not match every "on"', async () => {
    expect(await sq('Fast one')).toEqual([]);
    const r = await h.json('GET', '/api/v1/widget/kb/suggest?q=lantern%20one', a.widget);
    expect(r.body.data.map((d: { title: string }) => d.title)).toEqual(['Lantern batteries']);
    expect(r.body.data[0].snippet).not.toContain('<mark>on</mark>');
  });

  it('uses the stopwords of the locale searched', async () => {
    expect(await wq(a, 'über den versand', '&locale=de')).toEqual(['Versandkosten']);
    expect(await wq(a, 'für', '&locale=de')).toEqual([]);
  });

  it('does not prefix-match a last word whose stem is under three characters, nor a finished one', async () => {
    // "ans"* would be searched as "an"*, every word starting with "an"
    expect(await wq(a, 'ans')).toEqual([]);
    expect(await wq(a, 'pass')).toEqual(['Reset your password']);
    expect(await wq(a, 'pass ')).toEqual([]);
    expect(await wq(a, 'shipping times ')).toEqual(['Shipping times']);
  });
});

describe('snippets', () => {
  it('marks hits and escapes everything else', async () => {
    const r = await h.json('GET', '/api/v1/widget/kb/search?q=tumble', a.widget);
    expect(r.status).toBe(200);
    const hit = r.body.data[0];
    expect(hit.snippet).toContain('<mark>tumble</mark>');
    expect(hit.snippet).toContain('&amp;');
    expect(hit.snippet).not.toMatch(/<(?!\/?mark>)/);
    expect(hit.titleHtml).toBe('Tent care');
    const t = await h.json('GET', '/api/v1/widget/kb/search?q=tent', a.widget);
    expect(t.body.data[0].titleHtml).toBe('<mark>Tent</mark> care');
    expect(t.body.data[0]).toMatchObject({ slug: 'tent-care', locale: 'en', categoryId: null });
  });

  it('markHits cannot be tricked by text that looks like markup', () => {
    expect(markHits('<script>x</script> \uE000hit\uE001 "q" & \'s\'')).toBe(
      '&lt;script&gt;x&lt;/script&gt; <mark>hit</mark> &quot;q&quot; &amp; &#39;s&#39;',
    );
  });
});

describe('hostile queries', () => {
  const hostile = [
    '"',
    '""',
    '"unbalanced',
    'AND',
    'OR',
    'NOT',
    'NEAR',
    'password AND',
    'OR password',
    'NOT shipping',
    'NEAR(password shipping, 2)',
    'NEAR/2',
    '*',
    'pass*',
    '^password',
    'title:password',
    'body_text:ship',
    'scope:x',
    '{title}: ship',
    '(',
    ')',
    '())(',
    '-',
    '+',
    'password\u0000ship',
    '\u0000',
    '🔥🚀',
    'ship 🔥',
    'p\uE000a',
    "'; DROP TABLE kb_articles; --",
    '%',
    '\\',
    'x'.repeat(5000),
    'ship '.repeat(1000),
    'ü'.repeat(300),
  ];
  it.each(hostile.map((q) => [q.length > 40 ? `${q.slice(0, 20)}… (${q.length} chars)` : JSON.stringify(q), q]))(
    '%s answers 200',
    async (_n, q) => {
      for (const path of ['/api/v1/widget/kb/search', '/api/v1/widget/kb/suggest']) {
        const r = await h.json('GET', `${path}?q=${encodeURIComponent(q)}`, a.widget);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(Array.isArray(r.body.data)).toBe(true);
      }
      const agent = await h.json('GET', `/api/v1/kb/search?q=${encodeURIComponent(q)}`, a.as);
      expect(agent.status).toBe(200);
    },
  );

  it('never passes user syntax through: every term is a quoted string', () => {
    const m = (q: string, mode: 'all' | 'any' = 'all', synonyms?: Map<string, string[]>) =>
      buildMatch(parseQuery(q, 'en'), mode, synonyms);
    expect(m('b "c" OR d* ^e:f')).toBe('"b" AND "c" AND "d" AND "e" AND "f"');
    expect(m('NEAR(x y)')).toBe('"near" AND "x" AND "y"');
    expect(m('!!!')).toBeNull();
    expect(m('how do i ship', 'any')).toBe('"ship"*');
    expect(m('where is my shippin')).toBe('("shippin"* OR "ship"*)');
    // the stemmer would turn a prefix "gas"* into "ga"*: prefixes whose stem is shorter than three match as whole words
    expect(m('gas')).toBe('"gas"');
    expect(m('pass')).toBe('"pass"*');
    // a synonym is a quoted phrase of its words, whatever it contains
    expect(m('parcel', 'all', new Map([['parcel', ['order', 'e-mail "x" OR y*']]]))).toBe(
      '("parcel"* OR "order" OR "e mail x or y")',
    );
    expect(typeAheadStem('shippin')).toBe('ship');
    expect(typeAheadStem('shipp')).toBe('ship');
    expect(typeAheadStem('pass')).toBeNull();
    expect(typeAheadStem('order')).toBeNull();
  });

  it('an empty query answers an empty list', async () => {
    expect(await wq(a, '')).toEqual([]);
    expect(await wq(a, '   ')).toEqual([]);
  });
});

describe('scoping', () => {
  it('keeps to the requested locale', async () => {
    expect(await wq(a, 'versand')).toEqual([]);
    expect(await wq(a, 'versand', '&locale=de')).toEqual(['Versandkosten']);
    expect(await wq(a, 'shipping', '&locale=de')).toEqual([]);
  });

  it('keeps to the tenant of the credential', async () => {
    expect(await wq(a, 'moon')).toEqual([]);
    expect(await wq(b, 'moon')).toEqual(['Shipping to the moon']);
    expect(await wq(b, 'password')).toEqual([]);
    expect(await aq(b, 'password')).toEqual([]);
  });

  it('shows drafts to agents only', async () => {
    expect(await wq(a, 'unannounced')).toEqual([]);
    expect(await aq(a, 'unannounced')).toEqual(['Secret draft about shipping']);
    const agentHit = (await h.json('GET', '/api/v1/kb/search?q=unannounced', a.as)).body.data[0];
    expect(agentHit.status).toBe('draft');
    expect(await aq(a, 'versand')).toEqual(['Versandkosten']);
    expect(await aq(a, 'versand', '&locale=en')).toEqual([]);
  });

  it('refuses the agent search without a credential or permission', async () => {
    expect((await h.json('GET', '/api/v1/kb/search?q=ship')).status).toBe(401);
    expect((await h.json('GET', '/api/v1/widget/kb/search?q=ship')).status).toBe(401);
    const key = await a.apiKey(['tickets:read']);
    expect((await h.json('GET', '/api/v1/kb/search?q=ship', { token: key })).status).toBe(403);
  });
});

describe('cached answers', () => {
  it('follow a change made by another server process on the same database at once', async () => {
    const other = await createHarness({ dbUrl: h.dbUrl });
    try {
      const art = await a.article({
        title: 'Gaiter fitting',
        body: 'Hook the gaiter to your laces.',
        status: 'published',
      });
      expect(await wq(a, 'gaiter')).toEqual(['Gaiter fitting']);
      const un = await other.json('PATCH', `/api/v1/kb/articles/${art.id}`, { ...a.as, body: { status: 'draft' } });
      expect(un.status).toBe(200);
      expect(await wq(a, 'gaiter')).toEqual([]);
      await other.json('PATCH', `/api/v1/kb/articles/${art.id}`, {
        ...a.as,
        body: { status: 'published', title: 'Gaiters' },
      });
      expect(await wq(a, 'gaiter')).toEqual(['Gaiters']);
    } finally {
      await other.close();
    }
  });
});
