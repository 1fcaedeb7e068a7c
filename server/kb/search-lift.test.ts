import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness } from '../test-support/harness.ts';
import { kbTenant, searchTitles, type KbTenant } from './test-fixtures.ts';
import { liftFor, liftHits, MAX_LIFT } from './search-lift.ts';
import type { RankedHit } from './search.ts';

let h: Harness;
afterEach(() => h?.close());

const search = (t: KbTenant, q: string) =>
  searchTitles(h, `/api/v1/widget/kb/search?q=${encodeURIComponent(q)}`, t.widget);
async function open(t: KbTenant, id: string, q: string, times = 1) {
  for (let i = 0; i < times; i++) {
    const r = await h.json('GET', `/api/v1/widget/kb/articles/${id}?q=${encodeURIComponent(q)}`, t.widget);
    expect(r.status).toBe(200);
  }
  await h.flush();
}
const weights = async (articleId: string) =>
  (
    await h.db.all<{ query_key: string; weight: number }>(
      'SELECT query_key, weight FROM kb_search_opens WHERE article_id = ?',
      [articleId],
    )
  ).map((r) => [r.query_key, Math.round(r.weight * 100) / 100]);

/** Two articles that match "tent" about equally well: which one visitors open decides. */
async function closePair(t: KbTenant) {
  const pitch = await t.article({
    status: 'published',
    title: 'Tent pitching',
    body: 'Peg the corners of your tent first, then the guylines.',
  });
  const repair = await t.article({
    status: 'published',
    title: 'Tent repair',
    body: 'Patch a torn tent with the kit in the pocket; seal the seams.',
  });
  const base = await search(t, 'tent');
  expect(base).toHaveLength(2);
  const [first, second] = base[0] === 'Tent pitching' ? [pitch, repair] : [repair, pitch];
  return { first, second };
}

describe('lift by what visitors open after a search', () => {
  it('an article opened from a search rises for that search, however it is typed, and for no other', async () => {
    h = await createHarness();
    const t = await kbTenant(h);
    const { first, second } = await closePair(t);
    await open(t, second.id, 'tent', 10);
    expect(await search(t, 'tent')).toEqual([second.title, first.title]);
    expect(await search(t, 'Where is my TENTS')).toEqual([second.title, first.title]);
    expect(await search(t, 'tent corners')).toEqual(['Tent pitching']);
    expect(await weights(second.id)).toEqual([['tent', 10]]);
    // Another tenant's visitors open nothing of this one's
    const other = await kbTenant(h);
    const pair = await closePair(other);
    expect(await search(other, 'tent')).toEqual([pair.first.title, pair.second.title]);
  });

  it('only reorders what the search found: an article opened after an unrelated search is not added to it', async () => {
    h = await createHarness();
    const t = await kbTenant(h);
    const { first } = await closePair(t);
    await open(t, first.id, 'kayak paddle', 5);
    expect(await search(t, 'kayak paddle')).toEqual([]);
  });

  it('is bounded: an article far better matched stays above one opened a thousand times', async () => {
    h = await createHarness({ env: { RATE_LIMITS: 'off' } });
    const t = await kbTenant(h);
    await t.article({ status: 'published', title: 'Tent', body: 'Tent basics: your tent, its poles and its pegs.' });
    const weak = await t.article({
      status: 'published',
      title: 'Tent pole kit for winter mountaineering expeditions',
      body: 'Spare parts.',
    });
    expect(await search(t, 'tent')).toEqual(['Tent', weak.title]);
    await open(t, weak.id, 'tent', 1000);
    expect(await weights(weak.id)).toEqual([['tent', 1000]]);
    expect(await search(t, 'tent')).toEqual(['Tent', weak.title]);
  });

  it('fades: opens count half after 30 days, and rows unopened for half a year are forgotten', async () => {
    const clock = testClock('2026-03-02T10:00:00Z');
    h = await createHarness({ clock });
    const t = await kbTenant(h);
    const { first, second } = await closePair(t);
    await open(t, second.id, 'tent', 10);
    expect(await search(t, 'tent')).toEqual([second.title, first.title]);
    clock.advance(30 * 24 * 3600 * 1000);
    await open(t, second.id, 'tent', 1);
    expect(await weights(second.id)).toEqual([['tent', 6]]);
    clock.advance(200 * 24 * 3600 * 1000);
    expect(await search(t, 'tent')).toEqual([first.title, second.title]);
    await open(t, first.id, 'tent corners', 1);
    expect(await weights(second.id)).toEqual([]);
  });

  it('counts at most 20 opens a minute from one address; the article is still served', async () => {
    h = await createHarness();
    const t = await kbTenant(h);
    const { second } = await closePair(t);
    await open(t, second.id, 'tent', 30);
    expect(await weights(second.id)).toEqual([['tent', 20]]);
  });

  it('forgets the opens of a deleted article; a query of stopwords or a bad q records nothing', async () => {
    h = await createHarness();
    const t = await kbTenant(h);
    const { first, second } = await closePair(t);
    await open(t, first.id, 'the', 3);
    expect(await weights(first.id)).toEqual([]);
    expect((await h.json('GET', `/api/v1/widget/kb/articles/${first.id}?q=${'x'.repeat(1001)}`, t.widget)).status).toBe(
      422,
    );
    await open(t, second.id, 'tent', 2);
    expect((await h.json('DELETE', `/api/v1/kb/articles/${second.id}`, t.as)).status).toBe(204);
    expect(await weights(second.id)).toEqual([]);
  });
});

describe('liftHits', () => {
  const ranked = (id: string, score: number, tier: 0 | 1): RankedHit => ({
    hit: { id } as RankedHit['hit'],
    score,
    tier,
  });

  it('never lifts a body-only hit over a title hit, and stays within its bound', () => {
    const hits = [ranked('title', -1, 0), ranked('body', -10, 1)];
    expect(liftHits(hits, new Map([['body', 1e9]])).map((x) => x.id)).toEqual(['title', 'body']);
    const close = [ranked('a', -1.4, 0), ranked('b', -1, 0)];
    expect(liftHits(close, new Map([['b', 1e9]])).map((x) => x.id)).toEqual(['b', 'a']);
    const far = [ranked('a', -1.6, 0), ranked('b', -1, 0)];
    expect(liftHits(far, new Map([['b', 1e9]])).map((x) => x.id)).toEqual(['a', 'b']);
    expect(liftFor(1e9)).toBeLessThanOrEqual(MAX_LIFT);
    expect(liftFor(0)).toBe(0);
  });
});
