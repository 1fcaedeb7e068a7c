// Full-text search over articles: safe MATCH expressions from free text, tenant scope tokens, ranked hits with snippets.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import { escapeHtml } from './markdown.ts';
import type { SearchHit } from './schemas.ts';
import { placeholders } from '../db/placeholders.ts';

/** Snippet markers from the private-use area: stored text is stripped of them, so any in the output are ours. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MAX_TERMS = 12;
const MAX_TERM_LENGTH = 48;
/** Enough text for MAX_TERMS words; a 5,000-character query costs no more than this. */
const MAX_QUERY_CHARS = 1000;

const STOPWORDS = new Set(
  (
    'a an and are as at be but by can do does for from has have how i if in into is it its me my no not of on or our ' +
    'so that the their then there these they this to was we what when where which who why will with you your ' +
    'der die das und ist ich mein meine ein eine einen wie was wo wer nicht mit von zu im in auf für den dem des es sie wir'
  ).split(' '),
);

/** Word tokens as the index sees them (letters, digits, combining marks); everything else separates words. */
export function queryTerms(q: string): string[] {
  const words = q.slice(0, MAX_QUERY_CHARS).normalize('NFC').match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  return words.slice(0, MAX_TERMS).map((w) => w.slice(0, MAX_TERM_LENGTH).toLowerCase());
}

/**
 * A stemmed index holds "ship" for "shipping", so a half-typed "shippin" has no term to be a prefix of.
 * Trimming a partial "-ing" (or a partial ending after a doubled consonant) gives a second prefix that does.
 */
export function typeAheadStem(term: string): string | null {
  let trimmed = term.replace(/(?:ing|in)$/u, '');
  const gerund = trimmed !== term;
  if (!gerund) trimmed = term.replace(/(?:ed|e|es|i)$/u, '');
  // Porter undoubles a final consonant after removing an ending, except l, s and z ("pass", "fill").
  const doubled = /([b-df-hj-km-rtv-y])\1$/u.test(trimmed);
  const stem = doubled ? trimmed.slice(0, -1) : trimmed;
  return (gerund || doubled) && stem !== term && prefixWorthy(stem) ? stem : null;
}

const quote = (t: string) => `"${t}"`;

/**
 * The porter stemmer also stems a prefix: "ans"* becomes "an"*, which merges the doclists of every "an…" word
 * on each query. Prefixes shorter than three characters after that are matched as whole words instead.
 */
export function prefixWorthy(term: string): boolean {
  return term.length >= 4 || (term.length === 3 && !term.endsWith('s'));
}

/**
 * Builds the FTS5 expression for the words of `q`: every term is a double-quoted string (never syntax), the last
 * one also matches as a prefix. `all` needs every term, `any` one; stopwords are dropped unless nothing else is left.
 * Null: nothing to find.
 */
export function buildMatch(q: string, mode: 'all' | 'any'): string | null {
  let terms = queryTerms(q);
  // Stopwords are in nearly every article: they narrow nothing and cost a full doclist each.
  const meaningful = terms.filter((t) => !STOPWORDS.has(t));
  if (meaningful.length) terms = meaningful;
  if (!terms.length) return null;
  const parts = terms.map(quote);
  const last = terms[terms.length - 1];
  if (prefixWorthy(last)) {
    const alt = typeAheadStem(last);
    parts[parts.length - 1] = alt ? `(${quote(last)}* OR ${quote(alt)}*)` : `${quote(last)}*`;
  }
  return parts.join(mode === 'all' ? ' AND ' : ' OR ');
}

/** Terms that are not stopwords; an OR retry only helps when there are two or more. */
export function meaningfulTermCount(q: string): number {
  return new Set(queryTerms(q).filter((t) => !STOPWORDS.has(t))).size;
}

export type ScopeKind = 'tenant' | 'locale' | 'published';

/**
 * One index token per scope, so a MATCH narrows to a tenant (and locale, and published) inside FTS5
 * before anything is ranked. Hex of a hash, ending in a digit so the porter stemmer leaves it alone.
 */
export function scopeToken(kind: ScopeKind, tenantId: string, locale = ''): string {
  const key = kind === 'tenant' ? tenantId : `${tenantId}\u0000${locale}`;
  return `s${createHash('sha256').update(`${kind}\u0000${key}`).digest('hex').slice(0, 24)}0`;
}

/** The scope column's text for one article. */
export function scopeText(tenantId: string, locale: string, status: string): string {
  const tokens = [scopeToken('tenant', tenantId), scopeToken('locale', tenantId, locale)];
  if (status === 'published') tokens.push(scopeToken('published', tenantId, locale));
  return tokens.join(' ');
}

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

const SNIPPET_COLUMNS = `snippet(kb_articles_fts, 1, '${OPEN}', '${CLOSE}', '…', 24) AS snip, highlight(kb_articles_fts, 0, '${OPEN}', '${CLOSE}') AS title_hl`;

interface MatchRow {
  seq: number;
  snip: string;
  title_hl: string;
}

/**
 * Best first, in two tiers: articles whose title matches (by bm25, title weighted 10:1 over body), then articles
 * that match in the body only. A title hit therefore always ranks above a body-only hit. Every MATCH statement
 * reloads the terms' doclists, so the common case (titles fill the page) is one statement with its snippets.
 */
async function rankedMatches(q: Queryable, inScope: (cols: string) => string, limit: number): Promise<MatchRow[]> {
  const titled = await q.all<MatchRow>(
    `SELECT rowid AS seq, ${SNIPPET_COLUMNS} FROM kb_articles_fts WHERE kb_articles_fts MATCH ? ORDER BY rank LIMIT ?`,
    [inScope('title'), limit],
  );
  if (titled.length >= limit) return titled;
  const have = new Set(titled.map((r) => r.seq));
  const body = (
    await q.all<{ seq: number }>(
      `SELECT seq FROM (SELECT rowid AS seq, rank FROM kb_articles_fts WHERE kb_articles_fts MATCH ? ORDER BY rowid DESC LIMIT ${BODY_CANDIDATES})
        ORDER BY rank LIMIT ?`,
      [inScope('title body_text'), limit],
    )
  )
    .map((r) => r.seq)
    .filter((seq) => !have.has(seq))
    .slice(0, limit - titled.length);
  if (!body.length) return titled;
  // A rowid range is one pass over the doclists; "rowid IN" would restart the MATCH once per value.
  const details = await q.all<MatchRow>(
    `SELECT rowid AS seq, ${SNIPPET_COLUMNS} FROM kb_articles_fts
      WHERE kb_articles_fts MATCH ? AND rowid >= ? AND rowid <= ? AND +rowid IN (${placeholders(body.length)})`,
    [inScope('title body_text'), Math.min(...body), Math.max(...body), ...body],
  );
  const bySeq = new Map(details.map((r) => [r.seq, r]));
  return [...titled, ...body.flatMap((seq) => bySeq.get(seq) ?? [])];
}

async function runMatch(q: Queryable, tenantId: string, scope: string, match: string, limit: number): Promise<SearchHit[]> {
  const matches = await rankedMatches(q, (cols) => `scope : "${scope}" AND {${cols}} : (${match})`, limit);
  if (!matches.length) return [];
  const rows = await q.all<HitRow>(
    `SELECT seq, id, title, slug, category_id, locale, status, updated_at FROM kb_articles
      WHERE tenant_id = ? AND seq IN (${placeholders(matches.length)})`,
    [tenantId, ...matches.map((m) => m.seq)],
  );
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  return matches.flatMap((m) => {
    const r = bySeq.get(m.seq);
    if (!r) return [];
    return [
      {
        id: r.id,
        title: r.title,
        titleHtml: markHits(m.title_hl ?? r.title),
        snippet: markHits(m.snip ?? ''),
        slug: r.slug,
        categoryId: r.category_id,
        locale: r.locale,
        status: r.status as SearchHit['status'],
        updatedAt: r.updated_at,
      },
    ];
  });
}

export interface SearchOptions {
  /** Published articles of one locale (widget), or everything of the tenant, optionally one locale (agents). */
  publishedOnly: boolean;
  locale?: string;
  limit: number;
  /** 'all' retries with 'any' when nothing matches every word; 'any' is for suggestions from a sentence. */
  mode: 'all' | 'any';
}

/** Best match first: title matches, then body-only matches, each by bm25 (see rankedSeqs and 0003_kb.sql). */
export async function searchArticles(q: Queryable, tenantId: string, text: string, o: SearchOptions): Promise<SearchHit[]> {
  const scope = o.publishedOnly
    ? scopeToken('published', tenantId, o.locale ?? 'en')
    : o.locale
      ? scopeToken('locale', tenantId, o.locale)
      : scopeToken('tenant', tenantId);
  const match = buildMatch(text, o.mode);
  if (!match) return [];
  const hits = await runMatch(q, tenantId, scope, match, o.limit);
  if (hits.length || o.mode === 'any' || meaningfulTermCount(text) < 2) return hits;
  return runMatch(q, tenantId, scope, buildMatch(text, 'any')!, o.limit);
}
