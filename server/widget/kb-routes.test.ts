import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { kbTenant, type KbTenant } from '../kb/test-fixtures.ts';
import { ticketFiledAfterSuggestions } from '../kb/counters.ts';

let h: Harness;
let a: KbTenant;
let b: KbTenant;
let returns: any;
let boots: any;
let draft: any;
let german: any;
let gear: any;
beforeAll(async () => {
  h = await createHarness();
  a = await kbTenant(h);
  b = await kbTenant(h);
  gear = await a.category({ name: 'Gear', position: 1 });
  await a.category({ name: 'Empty', position: 2 });
  returns = await a.article({
    title: 'Returns policy',
    body: 'Return any item within **30 days**.',
    status: 'published',
    position: 2,
  });
  boots = await a.article({
    title: 'Boot sizing',
    body: 'Boots run half a size small.',
    status: 'published',
    categoryId: gear.id,
    position: 1,
  });
  draft = await a.article({ title: 'Returns for 2027', body: 'Not final.', categoryId: gear.id });
  german = await a.article({
    title: 'Rücksendungen',
    slug: 'returns-policy',
    locale: 'de',
    body: 'Innerhalb von 30 Tagen.',
    status: 'published',
  });
});
afterAll(() => h.close());

const stats = async (id: string) => (await h.json('GET', `/api/v1/kb/articles/${id}/stats`, a.as)).body;
const w = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  h.json(method, `/api/v1/widget/kb${path}`, { headers: { ...a.widget.headers, ...headers }, body });

describe('reading through the widget', () => {
  it('serves a published article by id or slug as sanitized HTML, without the Markdown source', async () => {
    const byId = await w('GET', `/articles/${returns.id}`);
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual({
      id: returns.id,
      title: 'Returns policy',
      slug: 'returns-policy',
      bodyHtml: '<p>Return any item within <strong>30 days</strong>.</p>\n',
      categoryId: null,
      locale: 'en',
      publishedAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await w('GET', '/articles/returns-policy')).body.id).toBe(returns.id);
    expect((await w('GET', '/articles/returns-policy?locale=de')).body.id).toBe(german.id);
  });

  it("answers 404 for a draft, an unknown article, and another tenant's article", async () => {
    expect((await w('GET', `/articles/${draft.id}`)).status).toBe(404);
    expect((await w('GET', `/articles/${draft.slug}`)).status).toBe(404);
    expect((await w('GET', '/articles/kba_missing')).status).toBe(404);
    expect((await w('POST', `/articles/${draft.id}/vote`, { helpful: true })).status).toBe(404);
    expect((await w('POST', `/articles/${draft.id}/deflect`)).status).toBe(404);
    const other = await h.json('GET', `/api/v1/widget/kb/articles/${returns.id}`, b.widget);
    expect(other.status).toBe(404);
    expect(other.res.headers.get('content-type')).toBe('application/problem+json');
    expect(
      (await h.json('POST', `/api/v1/widget/kb/articles/${returns.id}/vote`, { ...b.widget, body: { helpful: true } }))
        .status,
    ).toBe(404);
  });

  it('lists categories with published counts in the locale, and popular articles most viewed first', async () => {
    const cats = await w('GET', '/categories');
    expect(cats.body.data.map((c: any) => [c.name, c.articleCount])).toEqual([
      ['Gear', 1],
      ['Empty', 0],
    ]);
    expect((await h.json('GET', '/api/v1/widget/kb/categories', b.widget)).body.data).toEqual([]);

    for (let i = 0; i < 3; i++) await w('GET', `/articles/${boots.id}`);
    const popular = await w('GET', '/articles?sort=popular');
    expect(popular.body.data.map((x: any) => x.title)).toEqual(['Boot sizing', 'Returns policy']);
    expect(popular.body.data[0].excerpt).toBe('Boots run half a size small.');
    expect(popular.body.data[0]).not.toHaveProperty('bodyHtml');
    const ordered = await w('GET', '/articles?sort=position');
    expect(ordered.body.data.map((x: any) => x.title)).toEqual(['Boot sizing', 'Returns policy']);
    const inGear = await w('GET', `/articles?categoryId=${gear.id}`);
    expect(inGear.body.data.map((x: any) => x.title)).toEqual(['Boot sizing']);
    expect((await w('GET', '/articles?locale=de')).body.data.map((x: any) => x.title)).toEqual(['Rücksendungen']);
  });
});

describe('counting', () => {
  it('counts views, helpful and not-helpful votes', async () => {
    const art = await a.article({ title: 'Sleeping bag temperature ratings', status: 'published' });
    await w('GET', `/articles/${art.id}`);
    await w('GET', `/articles/${art.slug}`);
    for (const helpful of [true, true, false])
      expect((await w('POST', `/articles/${art.id}/vote`, { helpful })).body).toEqual({ ok: true });
    expect(await stats(art.id)).toMatchObject({ views: 2, helpful: 2, notHelpful: 1 });
  });

  it('refuses a malformed vote with 422 and counts nothing', async () => {
    const art = await a.article({ title: 'Vote target', status: 'published' });
    for (const body of [{}, { helpful: 'yes' }, { helpful: 1 }]) {
      const r = await w('POST', `/articles/${art.id}/vote`, body);
      expect(r.status).toBe(422);
      expect(r.body.errors[0].path).toBe('helpful');
    }
    expect(await stats(art.id)).toMatchObject({ helpful: 0, notHelpful: 0 });
  });

  it('counts suggestions shown (once per session), deflections, and suggestions followed by a ticket', async () => {
    const t = await kbTenant(h);
    const tent = await t.article({
      title: 'Tent pole repair',
      body: 'Splint a broken pole with the repair sleeve.',
      status: 'published',
    });
    const stove = await t.article({ title: 'Stove will not light', body: 'Clean the jet.', status: 'published' });
    const ts = (id: string) => h.json('GET', `/api/v1/kb/articles/${id}/stats`, t.as).then((r) => r.body);
    const suggest = (q: string, session?: string) =>
      h.json(
        'GET',
        `/api/v1/widget/kb/suggest?q=${encodeURIComponent(q)}${session ? `&session=${session}` : ''}`,
        t.widget,
      );

    const s1 = await suggest('My tent pole is broken');
    expect(s1.status).toBe(200);
    expect(s1.body.data.map((x: any) => x.title)).toEqual(['Tent pole repair']);
    await suggest('my tent pole is broken');
    expect((await ts(tent.id)).suggested).toBe(2);

    // one session: typing brings the same article back, it counts once
    const session = 'sess-deflected-1';
    await suggest('tent pole', session);
    await suggest('tent pole repai', session);
    expect((await ts(tent.id)).suggested).toBe(3);
    const d = await h.json('POST', `/api/v1/widget/kb/articles/${tent.id}/deflect`, { ...t.widget, body: { session } });
    expect(d.body).toEqual({ ok: true });
    expect(await h.req('POST', `/api/v1/widget/kb/articles/${tent.id}/deflect`, t.widget).then((r) => r.status)).toBe(
      200,
    );
    expect(await ts(tent.id)).toMatchObject({ deflections: 2, suggestedThenTicket: 0 });

    // another session sees both articles, then files a ticket anyway
    const filed = 'sess-filed-2';
    await suggest('tent stove', filed);
    const created = await h.json('POST', '/api/v1/widget/tickets', {
      ...t.widget,
      body: {
        subject: 'Stove question',
        message: 'Which fuel does it take?',
        email: 'camper@example.com',
        session: filed,
      },
    });
    expect(created.status).toBe(201);
    expect(await h.db.tx((tx) => ticketFiledAfterSuggestions(h.deps.kbCounters, tx, t.tenant.id, filed))).toBe(0);
    expect(await ts(tent.id)).toMatchObject({ suggested: 4, suggestedThenTicket: 1, deflections: 2 });
    expect(await ts(stove.id)).toMatchObject({ suggested: 1, suggestedThenTicket: 1 });
    // a deflected session does not count as filed later
    expect(await h.db.tx((tx) => ticketFiledAfterSuggestions(h.deps.kbCounters, tx, t.tenant.id, session))).toBe(0);
    expect((await suggest('tent', 'bad session!')).status).toBe(422);
  });

  it('rate-limits votes and deflections per IP with 429 and RateLimit headers', async () => {
    const hl = await createHarness({ env: { RATE_LIMITS: 'on' } });
    try {
      const t = await kbTenant(hl);
      const art = await t.article({ title: 'Limited', status: 'published' });
      let last: Response | undefined;
      for (let i = 0; i < 31; i++)
        last = await hl.req('POST', `/api/v1/widget/kb/articles/${art.id}/vote`, {
          ...t.widget,
          body: { helpful: true },
        });
      expect(last!.status).toBe(429);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last!.headers.get('ratelimit-limit')).toBe('30');
      expect((await hl.req('POST', `/api/v1/widget/kb/articles/${art.id}/deflect`, t.widget)).status).toBe(429);
      const s = await hl.json('GET', `/api/v1/kb/articles/${art.id}/stats`, t.as);
      expect(s.body.helpful).toBe(30);
    } finally {
      await hl.close();
    }
  });
});
