// KB search bench: 50k generated articles across tenants, widget search and suggest at 20 connections beside the bare route.
import { join } from 'node:path';
import { openDb } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { newId } from '../../server/lib/ids.ts';
import { provisionTenant } from '../../server/tenants/provision.ts';
import { scopeText } from '../../server/kb/search-scope.ts';
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

/** Writes tenants and articles straight into SQLite in batched transactions, then builds the FTS index in one pass. */
export async function seed(dbUrl: string, text: Corpus, log: (l: string) => void): Promise<SeededTenant[]> {
  const db = await openDb(dbUrl);
  await migrate(db);
  const rand = prng(7);
  const now = new Date('2026-01-15T12:00:00Z').toISOString();
  const tenants: SeededTenant[] = [];
  for (const [i, share] of TENANT_SHARES.entries()) {
    const { tenant } = await db.tx((tx) =>
      provisionTenant(tx, { tenantName: `Bench shop ${i + 1}`, plan: 'enterprise', owner: { name: 'Owner', email: `kb-bench-${i}@example.com`, passwordHash: 'x' } }, new Date(now)),
    );
    tenants.push({ id: tenant.id, widgetKey: tenant.widgetKey, articles: Math.round(ARTICLES * share) });
  }

  let started = performance.now();
  let words = 0;
  let pending: (string | number)[][] = [];
  let tx = await db.client.transaction('write');
  let inTx = 0;
  const flush = async () => {
    if (!pending.length) return;
    const marks = pending.map(() => `(${COLUMNS.split(',').map(() => '?').join(', ')})`).join(', ');
    await tx.execute({ sql: `INSERT INTO kb_articles (${COLUMNS}) VALUES ${marks}`, args: pending.flat() });
    inTx += pending.length;
    pending = [];
    if (inTx >= ROWS_PER_TRANSACTION) {
      await tx.commit();
      tx = await db.client.transaction('write');
      inTx = 0;
    }
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
      if (pending.length >= ROWS_PER_STATEMENT) await flush();
    }
  }
  await flush();
  await tx.commit();
  tx.close();
  log(`inserted ${ARTICLES} articles (${(words / 1e6).toFixed(1)}M words, ${tenants.length} tenants) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  started = performance.now();
  await db.run("INSERT INTO kb_articles_fts (kb_articles_fts) VALUES ('rebuild')");
  await db.run("INSERT INTO kb_articles_fts (kb_articles_fts) VALUES ('optimize')");
  await db.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  log(`built the FTS5 index in ${((performance.now() - started) / 1000).toFixed(1)} s`);
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
    note: `goal ≤ 10 ms; bare route ${base.requestsPerSecond} req/s`,
  },
];

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
    return [
      { name: 'corpus seeded', value: ARTICLES, unit: 'articles', note: `${tenants.length} tenants, 100–800 words each, ${seedSeconds.toFixed(1)} s incl. index` },
      ...row('widget search (popular questions, typed)', s, base),
      ...row('widget suggest (counts shown)', g, base),
      ...row('widget search, every query distinct (no cache hits)', sd, base),
      ...row('widget suggest, every query distinct (no cache hits)', gd, base),
    ];
  } finally {
    await server.stop();
  }
}
