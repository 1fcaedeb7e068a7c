// KB search bench: 50k generated articles across tenants, widget search and suggest at 20 connections beside the bare route.
import { join } from 'node:path';
import { openDb } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { newId } from '../../server/lib/ids.ts';
import { provisionTenant } from '../../server/tenants/provision.ts';
import { scopeText } from '../../server/kb/search-scope.ts';
import { createOwnSearchIndex } from '../../server/kb/search-index.ts';
import { corpus, prng, zipfSampler, type Corpus } from './kb-corpus.ts';
import type { BenchContext, BenchRow, LoadResult } from './types.ts';

const ARTICLES = Number(process.env.BENCH_KB_ARTICLES ?? 50_000);
/** Share of the corpus per tenant: a few large help centres and a tail of small ones. */
const TENANT_SHARES = [0.3, 0.2, 0.16, 0.12, 0.08, 0.06, 0.04, 0.02, 0.012, 0.008];
const ROWS_PER_STATEMENT = 100;
const ROWS_PER_TRANSACTION = 5000;
const COLUMNS = 'id, tenant_id, locale, title, slug, scope, status, position, published_at, created_at, updated_at, body_text, body_html, body_md';

interface SeededTenant {
  id: string;
  widgetKey: string;
  articles: number;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Writes tenants and articles straight into SQLite in batched transactions, then builds each tenant's own FTS index
 * in one pass (as the first indexed article of a tenant does, server/kb/search-index.ts). Tenants are seeded in
 * order from one text source, so the same plan prefix always gets the same articles.
 */
export async function seed(
  dbUrl: string,
  text: Corpus,
  log: (l: string) => void,
  plan: { label: string; articles: number }[] = TENANT_SHARES.map((share, i) => ({ label: String(i + 1), articles: Math.round(ARTICLES * share) })),
): Promise<SeededTenant[]> {
  const db = await openDb(dbUrl);
  await migrate(db);
  const rand = prng(7);
  const now = new Date('2026-01-15T12:00:00Z').toISOString();
  const tenants: SeededTenant[] = [];
  for (const p of plan) {
    const { tenant } = await db.tx((tx) =>
      provisionTenant(tx, { tenantName: `Bench shop ${p.label}`, plan: 'enterprise', owner: { name: 'Owner', email: `kb-bench-${p.label}@example.com`, passwordHash: 'x' } }, new Date(now)),
    );
    tenants.push({ id: tenant.id, widgetKey: tenant.widgetKey, articles: p.articles });
  }

  let started = performance.now();
  let words = 0;
  let pending: (string | number)[][] = [];
  const rows: (string | number)[][][] = [];
  const flush = () => {
    if (pending.length) rows.push(pending);
    pending = [];
  };
  for (const t of tenants) {
    for (let n = 0; n < t.articles; n++) {
      const locale = rand() < 0.85 ? 'en' : 'de';
      const status = rand() < 0.9 ? 'published' : 'draft';
      const length = 100 + Math.floor(rand() * 701);
      words += length;
      const title = text.title();
      const paragraphs = text.body(length, title);
      const md = paragraphs.join('\n\n');
      pending.push([
        newId('kba'),
        t.id,
        locale,
        title,
        `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${n}`,
        scopeText(t.id, locale, status),
        status,
        n,
        status === 'published' ? now : null,
        now,
        now,
        paragraphs.join(' '),
        paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
        md,
      ] as (string | number)[]);
      if (pending.length >= ROWS_PER_STATEMENT) flush();
    }
  }
  flush();
  const marks = (n: number) => Array.from({ length: n }, () => `(${COLUMNS.split(',').map(() => '?').join(', ')})`).join(', ');
  for (let i = 0; i < rows.length; i += ROWS_PER_TRANSACTION / ROWS_PER_STATEMENT) {
    await db.tx(async (tx) => {
      for (const part of rows.slice(i, i + ROWS_PER_TRANSACTION / ROWS_PER_STATEMENT))
        await tx.run(`INSERT INTO kb_articles (${COLUMNS}) VALUES ${marks(part.length)}`, part.flat());
    });
  }
  const total = tenants.reduce((n, t) => n + t.articles, 0);
  log(`inserted ${total} articles (${(words / 1e6).toFixed(1)}M words, ${tenants.length} tenants) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  started = performance.now();
  for (const t of tenants) {
    const table = await db.tx((tx) => createOwnSearchIndex(tx, t.id, 0, now));
    await db.run(`INSERT INTO ${table} (${table}) VALUES ('optimize')`);
  }
  await db.run('PRAGMA wal_checkpoint(TRUNCATE)');
  log(`built ${tenants.length} tenant FTS5 indexes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  db.close();
  return tenants;
}

/**
 * Queries like visitors type them: content words at their natural (Zipf) frequency, the last one often half-typed.
 * `distinct`: every request is new to the server's answer cache, which measures the search engine itself.
 * Otherwise traffic is a help centre's: 400 questions with Zipf popularity, each arriving as the widget sends it
 * while the visitor types (every prefix from three characters on), so popular questions repeat.
 */
export function queryMaker(text: Corpus, tenants: SeededTenant[], kind: 'search' | 'suggest', seed: number, distinct = false, drawSeed = seed + 1) {
  const rand = prng(seed);
  const content = zipfSampler(text.words.length - text.contentStart, rand);
  const word = () => text.words[text.contentStart + content()];
  const total = tenants.reduce((n, t) => n + t.articles, 0);
  const pickTenant = () => {
    let x = rand() * total;
    for (const t of tenants) if ((x -= t.articles) < 0) return t;
    return tenants[0];
  };
  const prefixes = ['my', 'how do i', 'where is my', 'i need help with the', 'can i', 'problem with'];
  const question = () => {
    if (kind === 'suggest') return `${prefixes[Math.floor(rand() * prefixes.length)]} ${Array.from({ length: 2 + Math.floor(rand() * 3) }, word).join(' ')}`;
    const terms = Array.from({ length: 1 + Math.floor(rand() * 3) }, word);
    const last = terms[terms.length - 1];
    if (rand() < 0.5 && last.length > 4) terms[terms.length - 1] = last.slice(0, 3 + Math.floor(rand() * (last.length - 3)));
    return terms.join(' ');
  };
  const request = (t: SeededTenant, locale: string, q: string) => ({
    path: `/api/v1/widget/kb/${kind}?q=${encodeURIComponent(q)}&locale=${locale}`,
    headers: { 'x-widget-key': t.widgetKey },
  });
  const requests: { path: string; headers: Record<string, string> }[] = [];
  if (distinct) {
    const seen = new Set<string>();
    for (let tries = 0; requests.length < 50_000 && tries < 500_000; tries++) {
      const r = request(pickTenant(), rand() < 0.85 ? 'en' : 'de', question());
      if (!seen.has(r.headers['x-widget-key'] + r.path)) {
        seen.add(r.headers['x-widget-key'] + r.path);
        requests.push(r);
      }
    }
  } else {
    const questions = Array.from({ length: 400 }, () => ({ t: pickTenant(), locale: rand() < 0.85 ? 'en' : 'de', q: question() }));
    // Which question comes next is drawn separately, so a warm-up can replay the same help centre, not the same requests.
    const draw = prng(drawSeed);
    const popularity = zipfSampler(questions.length, draw);
    for (let i = 0; i < 50_000; i++) {
      const { t, locale, q } = questions[popularity()];
      const typed = kind === 'search' ? q.slice(0, Math.min(q.length, 3 + Math.floor(draw() * (q.length - 2)))) : q;
      requests.push(request(t, locale, typed));
    }
  }
  let i = 0;
  return () => requests[i++ % requests.length];
}

const row = (name: string, r: LoadResult, base: LoadResult): BenchRow[] => [
  {
    name: `${name} p50`,
    value: r.p50Ms,
    unit: 'ms',
    baseline: base.p50Ms,
    ratio: base.p50Ms ? r.p50Ms / base.p50Ms : undefined,
    note: `${r.requestsPerSecond} req/s at 20 connections; errors ${r.errors + r.non2xx}`,
  },
  {
    name: `${name} p99`,
    value: r.p99Ms,
    unit: 'ms',
    baseline: base.p99Ms,
    ratio: base.p99Ms ? r.p99Ms / base.p99Ms : undefined,
    note: `goal ≤ 15 ms; bare route ${base.requestsPerSecond} req/s`,
  },
];

const SMALL_TENANT = 300;
const NEIGHBOURS = 40;
const NEIGHBOUR_ARTICLES = Number(process.env.BENCH_KB_NEIGHBOUR_ARTICLES ?? 100_000);
const SLICES = 5;
const SLICE_SECONDS = 2;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Noisy neighbour: one 300-article help centre alone in its database, then the same tenant (same articles, same
 * distinct queries) beside 100k articles of 40 other tenants. Goal: at most 1.5× its latency alone.
 */
async function noisyNeighbour(ctx: BenchContext): Promise<BenchRow[]> {
  const small = { label: 'small', articles: SMALL_TENANT };
  const others = Array.from({ length: NEIGHBOURS }, (_, i) => ({ label: `n${i}`, articles: Math.round(NEIGHBOUR_ARTICLES / NEIGHBOURS) }));
  const open = async (name: string, plan: { label: string; articles: number }[]) => {
    const dbUrl = `file:${join(ctx.tmpDir, `kb-${name}.db`)}`;
    // a fresh text source per database, so the small tenant (seeded first) gets the same articles in both
    const [tenant] = await seed(dbUrl, corpus(42), ctx.log, plan);
    const server = await ctx.startServer({ databaseUrl: dbUrl });
    await server.load({ path: '/', request: queryMaker(corpus(42), [tenant], 'search', 29, true), durationSeconds: 3 });
    return { server, tenant };
  };
  const a = await open('alone', [small]);
  const c = await open('crowded', [small, ...others]);
  try {
    // The machine is shared: the two servers take turns in short slices, so both meet the same background load.
    const queries = { alone: queryMaker(corpus(42), [a.tenant], 'search', 31, true), crowded: queryMaker(corpus(42), [c.tenant], 'search', 31, true) };
    const slices: Record<'alone' | 'crowded', LoadResult[]> = { alone: [], crowded: [] };
    for (let i = 0; i < SLICES; i++) {
      slices.alone.push(await a.server.load({ path: '/', request: queries.alone, connections: 20, durationSeconds: SLICE_SECONDS }));
      slices.crowded.push(await c.server.load({ path: '/', request: queries.crowded, connections: 20, durationSeconds: SLICE_SECONDS }));
    }
    const merge = (rs: LoadResult[]): LoadResult => ({
      requestsPerSecond: Math.round(rs.reduce((n, r) => n + r.requestsPerSecond, 0) / rs.length),
      p50Ms: median(rs.map((r) => r.p50Ms)),
      p99Ms: median(rs.map((r) => r.p99Ms)),
      errors: rs.reduce((n, r) => n + r.errors, 0),
      non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
      total: rs.reduce((n, r) => n + r.total, 0),
    });
    const alone = { r: merge(slices.alone), base: await a.server.baseline(20) };
    const crowded = { r: merge(slices.crowded), base: await c.server.baseline(20) };
    for (const [name, x] of [['alone', alone], ['crowded', crowded]] as const)
      ctx.log(`${name}: small tenant's distinct searches p50 ${x.r.p50Ms} ms, p99 ${x.r.p99Ms} ms, ${x.r.requestsPerSecond} req/s (median of ${SLICES} slices)`);
    const ratio = (x: number, y: number) => x / Math.max(y, 1);
    const p99Ratio = ratio(crowded.r.p99Ms, alone.r.p99Ms);
    return [
    ...row(`noisy neighbour: ${SMALL_TENANT}-article tenant alone, distinct searches`, alone.r, alone.base),
    ...row(`noisy neighbour: same tenant beside ${NEIGHBOUR_ARTICLES} articles of ${NEIGHBOURS} tenants`, crowded.r, crowded.base),
    {
      name: 'noisy neighbour: crowded / alone (p99)',
      value: Math.round(p99Ratio * 100) / 100,
      unit: '×',
      note: `p50 ${crowded.r.p50Ms} vs ${alone.r.p50Ms} ms; throughput ${crowded.r.requestsPerSecond} vs ${alone.r.requestsPerSecond} req/s; goal ≤ 1.5× ${p99Ratio <= 1.5 ? 'met' : 'NOT met'}`,
      },
    ];
  } finally {
    await a.server.stop();
    await c.server.stop();
  }
}

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const dbUrl = `file:${join(ctx.tmpDir, 'kb-bench.db')}`;
  const text = corpus(42);
  const seedStart = performance.now();
  const tenants = await seed(dbUrl, text, ctx.log);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const server = await ctx.startServer({ databaseUrl: dbUrl });
  try {
    // Steady state: a help desk that has been serving its visitors for a while (page cache, JIT, answer cache).
    // The warm-up asks the same help centre's questions in a different order; the distinct runs share nothing with it.
    await server.load({ path: '/', request: queryMaker(text, tenants, 'search', 11, false, 901), durationSeconds: 5 });
    await server.load({ path: '/', request: queryMaker(text, tenants, 'suggest', 13, false, 903), durationSeconds: 5 });
    const base = await server.baseline(20);
    const s = await server.load({ path: '/', request: queryMaker(text, tenants, 'search', 11), connections: 20 });
    const g = await server.load({ path: '/', request: queryMaker(text, tenants, 'suggest', 13), connections: 20 });
    const sd = await server.load({ path: '/', request: queryMaker(text, tenants, 'search', 17, true), connections: 20 });
    const gd = await server.load({ path: '/', request: queryMaker(text, tenants, 'suggest', 19, true), connections: 20 });
    ctx.log(`bare route: p50 ${base.p50Ms} ms, p99 ${base.p99Ms} ms, ${base.requestsPerSecond} req/s`);
    for (const [name, r] of [['search', s], ['suggest', g], ['search, distinct queries', sd], ['suggest, distinct queries', gd]] as const) {
      ctx.log(`widget ${name}: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.requestsPerSecond} req/s, non-2xx ${r.non2xx}, errors ${r.errors}`);
    }
    const rss = ctx.rssRow(server);
    await server.stop();
    const noisy = await noisyNeighbour(ctx);
    return [
      { name: 'corpus seeded', value: ARTICLES, unit: 'articles', note: `${tenants.length} tenants, 100–800 words each, ${seedSeconds.toFixed(1)} s incl. index` },
      ...row('widget search (popular questions, typed)', s, base),
      ...row('widget suggest (counts shown)', g, base),
      ...row('widget search, every query distinct (no cache hits)', sd, base),
      ...row('widget suggest, every query distinct (no cache hits)', gd, base),
      rss,
      ...noisy,
    ];
  } finally {
    await server.stop();
  }
}
