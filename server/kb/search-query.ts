// From a visitor's free text to a safe FTS5 expression: words, stopwords dropped, the last word as a prefix, synonyms.
import { stemmer } from 'stemmer';
import { isStopword, stopwordsFor } from './stopwords.ts';

const MAX_TERMS = 12;
const MAX_TERM_LENGTH = 48;
/** Enough text for MAX_TERMS words; a 5,000-character query costs no more than this. */
const MAX_QUERY_CHARS = 1000;
/** Each alternative costs a doclist read per statement; a query never expands past this many synonyms. */
const MAX_EXPANSIONS = 24;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Word tokens as the index sees them (letters, digits, combining marks); everything else separates words. */
export function queryTerms(q: string): string[] {
  const words = q.slice(0, MAX_QUERY_CHARS).normalize('NFC').match(WORD) ?? [];
  return words.slice(0, MAX_TERMS).map((w) => w.slice(0, MAX_TERM_LENGTH).toLowerCase());
}

/**
 * FTS5 stems a prefix too ("ans"* is searched as "an"*, which merges the doclists of every "an…" word), so a
 * last word is matched as a prefix only when its stem keeps three characters.
 */
export function prefixWorthy(term: string): boolean {
  return stemmer(term).length >= 3;
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

/** How a word is looked up among a tenant's synonyms: case, diacritics and inflection ("Parcels") do not matter. */
export function synonymKey(word: string): string {
  return stemmer(word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase());
}

export interface ParsedQuery {
  /** The words that narrow the search, in order, without repeats. */
  terms: string[];
  /** Whether the last term is still being typed: no space or punctuation after it, and long enough. */
  lastIsPrefix: boolean;
}

/** Stopwords of the locale are dropped; a query of nothing else has no terms and finds nothing. */
export function parseQuery(q: string, locale?: string): ParsedQuery {
  const stopwords = stopwordsFor(locale);
  const terms = [...new Set(queryTerms(q).filter((t) => !isStopword(t, stopwords)))];
  const typing = /[\p{L}\p{N}\p{M}]$/u.test(q.slice(0, MAX_QUERY_CHARS).normalize('NFC'));
  const last = terms.at(-1);
  // A repeated word keeps its first place; it is a prefix only if the text really ends with it.
  const endsWithLast = last !== undefined && queryTerms(q).at(-1) === last;
  return { terms, lastIsPrefix: typing && endsWithLast && prefixWorthy(last) };
}

/** The normalised form of a query, so "Track my orders" and "order track" count as one question. */
export function queryKey(q: string, locale?: string): string {
  return [...new Set(parseQuery(q, locale).terms.map((t) => stemmer(t)))].sort().join(' ');
}

const quote = (t: string) => `"${t}"`;

/** A synonym is a word or a phrase; as its words inside one quoted string it is a phrase, never syntax. */
const phrase = (s: string) => queryTerms(s).join(' ');

/**
 * Builds the FTS5 expression: one group per term, each group the term (the last one also as a prefix) OR its
 * synonyms; `all` needs every group, `any` one. Every alternative is a double-quoted string (never syntax).
 * Null: nothing to find.
 */
export function buildMatch(
  parsed: ParsedQuery,
  mode: 'all' | 'any',
  synonyms: ReadonlyMap<string, readonly string[]> = new Map(),
): string | null {
  if (!parsed.terms.length) return null;
  let budget = MAX_EXPANSIONS;
  const groups = parsed.terms.map((term, i) => {
    const alternatives = [quote(term)];
    if (i === parsed.terms.length - 1 && parsed.lastIsPrefix) {
      const alt = typeAheadStem(term);
      alternatives[0] = `${quote(term)}*`;
      if (alt) alternatives.push(`${quote(alt)}*`);
    }
    for (const s of synonyms.get(synonymKey(term)) ?? []) {
      const p = phrase(s);
      if (!p || budget <= 0) continue;
      budget--;
      alternatives.push(quote(p));
    }
    return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
  });
  return groups.join(mode === 'all' ? ' AND ' : ' OR ');
}
