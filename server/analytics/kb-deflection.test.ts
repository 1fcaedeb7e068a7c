import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type TestClock } from '../test-support/harness.ts';
import { kbTenant, type KbTenant } from '../kb/test-fixtures.ts';

let h: Harness;
let t: KbTenant;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-02T09:00:00.000Z');
  h = await createHarness({ clock });
  t = await kbTenant(h);
});
afterEach(() => h.close());

const S1 = 'sessionone1';
const S2 = 'sessiontwo2';
const search = (kb: KbTenant, q: string, session?: string) =>
  h.json(
    'GET',
    `/api/v1/widget/kb/search?q=${encodeURIComponent(q)}${session ? `&session=${session}` : ''}`,
    kb.widget,
  );
const report = (query: string) => h.json('GET', `/api/v1/analytics/kb-deflection?${query}`, t.as);
const period = 'from=2026-03-02&to=2026-03-03';
/** The per-day session counts (0067) agree with a recount of the sessions. */
const expectSessionDaysKept = async () =>
  expect(
    await h.db.all(
      'SELECT tenant_id, day, sessions, searched, viewed, filed FROM kb_session_days WHERE sessions > 0 ORDER BY 1, 2',
    ),
  ).toEqual(
    await h.db.all(
      `SELECT tenant_id, substr(first_at, 1, 10) AS day, count(*) AS sessions, sum(searched) AS searched,
         sum(viewed) AS viewed, sum(filed) AS filed FROM kb_widget_sessions GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
  );

describe('GET /analytics/kb-deflection', () => {
  it('counts widget searches, views and the sessions that filed no ticket, with the searches that found nothing', async () => {
    const article = await t.article({
      title: 'Returns and refunds',
      body: 'Send returns within 60 days.',
      status: 'published',
    });
    // Session 1 searched, read an article and filed nothing: deflected.
    expect((await search(t, 'returns', S1)).body.data).toHaveLength(1);
    expect((await h.json('GET', `/api/v1/widget/kb/articles/${article.id}?session=${S1}`, t.widget)).status).toBe(200);
    // Session 2 searched in vain and filed a ticket.
    expect((await search(t, 'warranty', S2)).body.data).toHaveLength(0);
    const filed = await h.json('POST', '/api/v1/widget/tickets', {
      ...t.widget,
      body: { subject: 'Warranty', message: 'Is it covered?', email: 'maya@example.com', name: 'Maya', session: S2 },
    });
    expect(filed.status).toBe(201);
    // Searches without a session count as searches only.
    await search(t, 'Warranty');
    await search(t, 'zebra');
    // Another day, and another tenant, count elsewhere.
    const other = await kbTenant(h);
    await search(other, 'warranty', 'othersession');
    clock.set('2026-03-03T09:00:00.000Z');
    await search(t, 'warranty', 'latersession');

    const r = await report(period);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      period: { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' },
      searches: 4,
      articleViews: 1,
      sessions: { total: 2, searched: 2, viewed: 1, filedTicket: 1, noTicket: 1 },
      deflectionRate: 50,
      emptySearches: [
        { query: 'Warranty', locale: 'en', count: 2, lastDay: '2026-03-02' },
        { query: 'zebra', locale: 'en', count: 1, lastDay: '2026-03-02' },
      ],
    });
    const both = await report('from=2026-03-02&to=2026-03-04&limit=1');
    expect(both.body.searches).toBe(5);
    expect(both.body.sessions.total).toBe(3);
    // Whole days from the per-day counts, partial edge days from the sessions themselves: the same sessions.
    await h.flush();
    await expectSessionDaysKept();
    const sessions = async (query: string) => (await report(query)).body.sessions;
    expect(await sessions('from=2026-02-20&to=2026-03-10')).toEqual({
      total: 3,
      searched: 3,
      viewed: 1,
      filedTicket: 1,
      noTicket: 2,
    });
    expect((await sessions('from=2026-03-01T12:00:00Z&to=2026-03-03T09:00:00.001Z')).total).toBe(3);
    expect((await sessions('from=2026-03-01T12:00:00Z&to=2026-03-03T09:00:00Z')).total).toBe(2);
    expect((await sessions('from=2026-03-02T09:00:00.001Z&to=2026-03-04T00:00:00Z')).total).toBe(1);
    // (The whole days are read from the counts: a wrong count shows.)
    await h.db.run("UPDATE kb_session_days SET sessions = sessions + 10 WHERE day = '2026-03-02'");
    expect((await sessions('from=2026-03-01T12:00:00Z&to=2026-03-03T09:00:00Z')).total).toBe(12);
    await h.db.run("UPDATE kb_session_days SET sessions = sessions - 10 WHERE day = '2026-03-02'");
    expect(both.body.emptySearches).toEqual([{ query: 'warranty', locale: 'en', count: 3, lastDay: '2026-03-03' }]);

    const csv = await h.req('GET', `/api/v1/analytics/kb-deflection?${period}&format=csv`, t.as);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')).toEqual([
      'kind,query,locale,count',
      'searches,,,4',
      'article_views,,,1',
      'sessions,,,2',
      'sessions_with_ticket,,,1',
      'sessions_without_ticket,,,1',
      'empty_search,Warranty,en,2',
      'empty_search,zebra,en,1',
      '',
    ]);
    expect((await report('from=2026-03-03&to=2026-03-02')).status).toBe(422);
    expect((await report(`${period}&limit=0`)).status).toBe(422);
  });

  it('an empty search just before midnight counts for its own day, though its count is written after it', async () => {
    clock.set('2026-03-02T23:59:59.900Z');
    await search(t, 'quokka');
    clock.set('2026-03-03T00:00:01.000Z');
    await h.flush();
    expect(await h.db.all('SELECT day, query, misses FROM kb_search_miss_days')).toEqual([
      { day: '2026-03-02', query: 'quokka', misses: 1 },
    ]);
    expect((await report(period)).body.emptySearches.map((e: { query: string }) => e.query)).toEqual(['quokka']);
  });

  it('forgets the searches, sessions and the words of empty searches once they are older than 400 days', async () => {
    const key = { token: await t.apiKey() }; // sessions end within the 400 days the clock moves
    await search(t, 'returns', S1);
    await search(t, 'quokka', S1);
    await h.flush();
    const other = await kbTenant(h);
    await search(other, 'platypus', 'othersession');
    await h.flush();
    const rows = async (tenantId: string) => ({
      days: (await h.db.all('SELECT day FROM kb_activity_days WHERE tenant_id = ?', [tenantId])).length,
      sessions: (await h.db.all('SELECT 1 FROM kb_widget_sessions WHERE tenant_id = ?', [tenantId])).length,
      misses: (await h.db.all('SELECT query FROM kb_search_miss_days WHERE tenant_id = ?', [tenantId])).length,
    });
    expect(await rows(t.tenant.id)).toEqual({ days: 1, sessions: 1, misses: 2 }); // no articles: both found nothing
    clock.set('2027-04-06T10:00:00.000Z'); // 400 days later: the day of those searches is still in reach
    await search(t, 'returns', S2);
    await h.flush();
    expect(await rows(t.tenant.id)).toEqual({ days: 2, sessions: 2, misses: 3 });
    clock.set('2027-04-08T10:00:00.000Z'); // past it: the next activity forgets them
    await search(t, 'returns', 'thirdsession');
    await h.flush();
    expect(await rows(t.tenant.id)).toEqual({ days: 2, sessions: 2, misses: 2 });
    await expectSessionDaysKept();
    expect(
      await h.db.all('SELECT query FROM kb_search_miss_days WHERE tenant_id = ? AND query = ?', [
        t.tenant.id,
        'quokka',
      ]),
    ).toEqual([]);
    const old = await h.json('GET', '/api/v1/analytics/kb-deflection?from=2026-03-01&to=2026-03-04', key);
    expect(old.body.searches).toBe(0);
    // Another tenant's rows go with that tenant's own next activity, not with this one's.
    expect(await rows(other.tenant.id)).toEqual({ days: 1, sessions: 1, misses: 1 });
  });

  it('an erasure removes the per-day searches that name the person, and the sessions keep no text', async () => {
    await search(t, 'maya@example.com broken zip', S1);
    await search(t, 'broken zip');
    await h.flush();
    const er = await h.json('POST', '/api/v1/privacy/erasures', { ...t.as, body: { email: 'maya@example.com' } });
    expect(er.status).toBe(202);
    const { runPrivacyRequests } = await import('../privacy/worker.ts');
    await runPrivacyRequests(h.deps);
    const rows = await h.db.all<{ query: string }>('SELECT query FROM kb_search_miss_days');
    expect(rows.map((r) => r.query)).toEqual(['broken zip']);
    const r = await report(period);
    expect(r.body.emptySearches.map((e: { query: string }) => e.query)).toEqual(['broken zip']);
    expect(r.body.sessions.total).toBe(1);
  });
});
