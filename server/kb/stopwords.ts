// Words a knowledge-base query never searches for, per article locale, compared the way the porter index stores words.
import { stemmer } from 'stemmer';

const EN = (
  'a about am an and any are as at be been being but by can could did do does doing for from had has have having how ' +
  'i if in into is it its just me my no nor not of on one or our ours so some such than that the their them then there ' +
  'these they this those to too was we were what when where which while who whom why will with would you your yours'
).split(' ');

const DE = (
  'aber als am an auch auf aus bei bin bis bist da das dass dem den der des die dies diese dieser doch du ein eine einem ' +
  'einen einer eines er es für hat hatte habe haben ich ihr im in ist ja kann kein keine man mein meine meinen mich mir ' +
  'mit nach nicht noch nur ob oder sein sich sie sind so über um und uns unser von vor war was welche wenn wer wie wir wo zu zum zur'
).split(' ');

/**
 * The index holds porter stems, so a query word whose stem is a stopword's stem matches every stopword in every
 * article: "one" is stored and searched as "on". Each list therefore holds the words and their stems.
 */
const withStems = (words: string[]) => new Set([...words, ...words.map((w) => stemmer(w))]);
const LISTS: Record<string, Set<string>> = { en: withStems(EN), de: withStems(DE) };
const ALL = new Set([...LISTS.en, ...LISTS.de]);

/** The list for an article locale ("de-at" uses German); without a locale (an agent searching every language), both. */
export function stopwordsFor(locale: string | undefined): ReadonlySet<string> {
  if (!locale) return ALL;
  return LISTS[locale.split('-')[0]] ?? LISTS.en;
}

/** True for a lower-cased query word that narrows nothing: a stopword, or a word the index stores as one. */
export function isStopword(term: string, stopwords: ReadonlySet<string>): boolean {
  return stopwords.has(term) || stopwords.has(stemmer(term));
}
