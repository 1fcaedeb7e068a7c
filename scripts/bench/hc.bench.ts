// Help-centre bench: a 2,000-article help centre (seeded like the KB bench); article pages, the home page and search
// results as a reader's browser asks for them (each article page rendered anew, and readers' Zipf traffic served
// from the page cache), and a revisit answered 304 from its ETag, beside the bare route.
import { join } from 'node:path';
import { openDb } from '../../server/db/client.ts';
import { corpus, prng, zipfSampler } from './kb-corpus.ts';
import { seed } from './kb.bench.ts';
import type { BenchContext, BenchRow, LoadResult } from './types.ts';

const ARTICLES = Number(process.env.BENCH_HC_ARTICLES ?? 2000);
const CONNECTIONS = 20;

const row = (name: string, r: LoadResult, base: LoadResult, note: string, expect304 = false): BenchRow => ({
  name,
  value: r.requestsPerSecond,
  unit: 'req/s',
  baseline: base.requestsPerSecond,
  ratio: base.requestsPerSecond ? r.requestsPerSecond / base.requestsPerSecond : undefined,
  note: `${note}; p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms; errors ${r.errors + (expect304 ? 0 : r.non2xx)}`,
});

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const dbUrl = `file:${join(ctx.tmpDir, 'hc.db')}`;
  await seed(dbUrl, corpus(42), ctx.log, [{ label: 'hc', articles: ARTICLES }]);
  const db = await openDb(dbUrl);
  const { slug } = (await db.get<{ slug: string }>("SELECT slug FROM tenants WHERE name = 'Bench shop hc'"))!;
  const articles = (
    await db.all<{ slug: string }>("SELECT slug FROM kb_articles WHERE status = 'published' AND locale = 'en' ORDER BY slug")
  ).map((a) => a.slug);
  db.close();
  ctx.log(`help centre /hc/${slug}: ${articles.length} published English articles`);

  const server = await ctx.startServer({ databaseUrl: dbUrl });
  try {
    const base = `/hc/${slug}/en`;
    const rand = prng(11);
    const pick = () => articles[Math.floor(rand() * articles.length)];
    const articlePath = () => `${base}/articles/${encodeURIComponent(pick())}`;
    const sample = await fetch(`${server.baseURL}${articlePath()}`);
    const html = await sample.text();
    const etag = sample.headers.get('etag') ?? '';
    const revisit = `${base}/articles/${encodeURIComponent(articles[0])}`;
    const revisitEtag = (await fetch(`${server.baseURL}${revisit}`)).headers.get('etag') ?? '';
    ctx.log(`an article page: ${Buffer.byteLength(html)} B of HTML and CSS, ETag ${etag ? 'yes' : 'no'}`);

    // Warm up, then the bare route and each page in the same run.
    await server.load({ path: '/', request: () => ({ path: articlePath() }), durationSeconds: 2, connections: CONNECTIONS });
    const bare = await server.baseline(CONNECTIONS);
    // Every URL new (a query string no one sent before): each page is rendered, never served from the page cache.
    let n = 0;
    const rendered = await server.load({ path: '/', request: () => ({ path: `${articlePath()}?r=${n++}` }), connections: CONNECTIONS });
    // Readers as a help centre gets them: a few articles most of the time (Zipf), the rest now and then.
    const popularity = zipfSampler(articles.length, prng(13));
    const zipfPath = () => `${base}/articles/${encodeURIComponent(articles[popularity()])}`;
    await server.load({ path: '/', request: () => ({ path: zipfPath() }), durationSeconds: 2, connections: CONNECTIONS });
    const article = await server.load({ path: '/', request: () => ({ path: zipfPath() }), connections: CONNECTIONS });
    const home = await server.load({ path: `${base}/`, connections: CONNECTIONS });
    const words = ['order', 'return', 'password', 'shipping', 'size', 'warranty', 'account', 'delivery'];
    const search = await server.load({
      path: '/',
      request: () => ({ path: `${base}/search?q=${words[Math.floor(rand() * words.length)]}` }),
      connections: CONNECTIONS,
    });
    const notModified = await server.load({ path: revisit, headers: { 'if-none-match': revisitEtag }, connections: CONNECTIONS });
    return [
      row('article page, readers’ traffic', article, bare, `Zipf over ${articles.length} articles; goal ≥ 20% of bare`),
      row('article page, rendered every time', rendered, bare, 'every URL new: no page served from the cache'),
      row('home page', home, bare, 'search, categories, popular articles'),
      row('search results page', search, bare, 'the widget’s ranked search, server-rendered'),
      row('article revisit (304 by ETag)', notModified, bare, 'If-None-Match; every answer a 304', true),
      { name: 'article page size', value: Buffer.byteLength(html), unit: 'bytes', baseline: 30 * 1024, ratio: Buffer.byteLength(html) / (30 * 1024), note: 'HTML + inline CSS, uncompressed; budget 30 KB' },
      ctx.rssRow(server),
    ];
  } finally {
    await server.stop();
  }
}
