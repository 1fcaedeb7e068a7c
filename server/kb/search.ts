// Full-text search over articles: safe MATCH expressions from free text, tenant scope tokens, ranked hits with snippets.
import type { Queryable } from '../db/client.ts';
import { escapeHtml } from '../lib/html.ts';
import type { SearchHit } from './schemas.ts';
import { placeholders } from '../db/placeholders.ts';
import { buildMatch, parseQuery } from './search-query.ts';
import { synonymsOf } from './synonym-queries.ts';
import { scopeToken } from './search-scope.ts';
import { searchIndexOf } from './search-index.ts';

/** Snippet markers from the private-use area: stored text is stripped of them, so any in the output are ours. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** Escapes everything, then turns our sentinels into <mark>: user text can never produce a tag. */
export function markHits(s: string): string {
  return escapeHtml(s).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>');
}

interface HitRow {
  seq: number;
  id: string;
  title: string;
  slug: string;
  category_id: string | null;
  locale: string;
  status: string;
  updated_at: string;
}

/**
 * Body-only candidates ranked per query. bm25 costs about a microsecond per matching row, so a common word in a
 * large help centre is ranked over its newest BODY_CANDIDATES matches; title matches are always ranked in full.
 */
const BODY_CANDIDATES = 1000;

const snippetColumns = (fts: string) =>
  `snippet(${fts}, 1, '${OPEN}', '${CLOSE}', '…', 24) AS snip, highlight(${fts}, 0, '${OPEN}', '${CLOSE}') AS title_hl`;

interface MatchRow {
  seq: number;
  score: number;
  snip: string;
  title_hl: string;
}

/** A hit with what ranked it, for re-ranking by what visitors open (search-lift.ts); never sent to a client. */
export interface RankedHit {
  hit: SearchHit;
  /** bm25 of its tier's statement: negative, lower is better. */
  score: number;
  /** 0: the title matches; 1: only the body does. */
  tier: 0 | 1;
}

/**
 * Best first, in two tiers: articles whose title matches (by bm25, title weighted 10:1 over body), then articles
 * that match in the body only. A title hit therefore always ranks above a body-only hit. Every MATCH statement
 * reloads the terms' doclists, so the common case (titles fill the page) is one statement with its snippets.
 */
async function rankedMatches(
  q: Queryable,
  fts: string,
  inScope: (cols: string) => string,
  limit: number,
): Promise<(MatchRow & { tier: 0 | 1 })[]> {
  const titled = (
    await q.all<MatchRow>(
      `SELECT rowid AS seq, rank AS score, ${snippetColumns(fts)} FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rank LIMIT ?`,
      [inScope('title'), limit],
    )
  ).map((r) => ({ ...r, tier: 0 as const }));
  if (titled.length >= limit) return titled;
  const have = new Set(titled.map((r) => r.seq));
  const body = (
    await q.all<{ seq: number; score: number }>(
      `SELECT seq, rank AS score FROM (SELECT rowid AS seq, rank FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid DESC LIMIT ${BODY_CANDIDATES})
        ORDER BY rank LIMIT ?`,
      [inScope('title body_text'), limit],
    )
  )
    .filter((r) => !have.has(r.seq))
    .slice(0, limit - titled.length);
  if (!body.length) return titled;
  const seqs = body.map((r) => r.seq);
  // A rowid range is one pass over the doclists; "rowid IN" would restart the MATCH once per value.
  const details = await q.all<Omit<MatchRow, 'score'>>(
    `SELECT rowid AS seq, ${snippetColumns(fts)} FROM ${fts}
      WHERE ${fts} MATCH ? AND rowid >= ? AND rowid <= ? AND +rowid IN (${placeholders(seqs.length)})`,
    [inScope('title body_text'), Math.min(...seqs), Math.max(...seqs), ...seqs],
  );
  const bySeq = new Map(details.map((r) => [r.seq, r]));
  return [
    ...titled,
    ...body.flatMap((b) => {
      const d = bySeq.get(b.seq);
      return d ? [{ ...d, score: b.score, tier: 1 as const }] : [];
    }),
  ];
}

/**
 * The share of a title's words that the query matched (from the highlighted title). FTS5's bm25 normalises by the
 * length of the whole article, so among title matches it favours short bodies, not the titles most about the query:
 * "Track your order" for "parcel" (a synonym of "order") over "Update your e-mail address or delivery address".
 */
export function titleCoverage(highlighted: string): number {
  const words = highlighted.match(/\uE000?[\p{L}\p{N}\p{M}]+\uE001?/gu) ?? [];
  if (!words.length) return 1;
  const hit = words.filter((w) => w.startsWith(OPEN)).length;
  return Math.max(hit, 1) / words.length;
}

async function runMatch(
  q: Queryable,
  fts: string,
  tenantId: string,
  scope: string,
  match: string,
  limit: number,
): Promise<RankedHit[]> {
  const matches = await rankedMatches(q, fts, (cols) => `scope : "${scope}" AND {${cols}} : (${match})`, limit);
  if (!matches.length) return [];
  const rows = await q.all<HitRow>(
    // By primary key: `+` keeps the planner from walking the tenant's whole (tenant_id, …) index instead.
    `SELECT seq, id, title, slug, category_id, locale, status, updated_at FROM kb_articles
      WHERE +tenant_id = ? AND seq IN (${placeholders(matches.length)})`,
    [tenantId, ...matches.map((m) => m.seq)],
  );
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  const ranked = matches.flatMap((m): RankedHit[] => {
    const r = bySeq.get(m.seq);
    if (!r) return [];
    const hit: SearchHit = {
      id: r.id,
      title: r.title,
      titleHtml: markHits(m.title_hl ?? r.title),
      snippet: markHits(m.snip ?? ''),
      slug: r.slug,
      categoryId: r.category_id,
      locale: r.locale,
      status: r.status as SearchHit['status'],
      updatedAt: r.updated_at,
    };
    return [{ hit, score: m.tier === 0 ? m.score * titleCoverage(m.title_hl ?? '') : m.score, tier: m.tier }];
  });
  return ranked.sort((a, b) => a.tier - b.tier || a.score - b.score);
}

export interface SearchOptions {
  /** Published articles of one locale (widget), or everything of the tenant, optionally one locale (agents). */
  publishedOnly: boolean;
  locale?: string;
  limit: number;
  /** 'all' retries with 'any' when nothing matches every word; 'any' is for suggestions from a sentence. */
  mode: 'all' | 'any';
}

/**
 * Best match first: title matches, then body-only matches, each by bm25 (see rankedMatches and 0003_kb.sql).
 * Stopwords of the locale are not searched; each word also finds the tenant's synonyms for it.
 */
export async function searchArticles(
  q: Queryable,
  tenantId: string,
  text: string,
  o: SearchOptions,
): Promise<RankedHit[]> {
  const scope = o.publishedOnly
    ? scopeToken('published', tenantId, o.locale ?? 'en')
    : o.locale
      ? scopeToken('locale', tenantId, o.locale)
      : scopeToken('tenant', tenantId);
  const parsed = parseQuery(text, o.locale);
  if (!parsed.terms.length) return [];
  const synonyms = await synonymsOf(q, tenantId, parsed.terms);
  // The tenant's own index: its doclists and bm25 statistics hold its articles only (search-index.ts).
  const fts = await searchIndexOf(q, tenantId);
  const hits = await runMatch(q, fts, tenantId, scope, buildMatch(parsed, o.mode, synonyms)!, o.limit);
  if (hits.length || o.mode === 'any' || parsed.terms.length < 2) return hits;
  return runMatch(q, fts, tenantId, scope, buildMatch(parsed, 'any', synonyms)!, o.limit);
}
