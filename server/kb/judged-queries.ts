// A judged query set over the demo articles (seed-articles.ts): what visitors type, and which articles answer it.
import { SEED_ARTICLES } from './seed-articles.ts';

export interface JudgedQuery {
  q: string;
  locale?: 'en' | 'de';
  /** Titles of the articles that answer the query; empty: no demo article does, so the best answer is none. */
  relevant: string[];
}

export const JUDGED_QUERIES: JudgedQuery[] = [
  { q: 'where is my parcel', relevant: ['Track your order'] },
  { q: 'lost parcel', relevant: ['Track your order'] },
  { q: 'track my order', relevant: ['Track your order'] },
  { q: 'how long does shipping take', relevant: ['Shipping times and costs'] },
  { q: 'delivery costs', relevant: ['Shipping times and costs'] },
  { q: 'express delivery', relevant: ['Shipping times and costs'] },
  { q: 'shipping to switzerland', relevant: ['Shipping times and costs'] },
  { q: 'cancel my order', relevant: ['Change or cancel an order'] },
  {
    q: 'change delivery address',
    relevant: ['Change or cancel an order', 'Update your e-mail address or delivery address'],
  },
  { q: 'return', relevant: ['Returns and refunds', 'Exchange for a different size'] },
  { q: 'refund', relevant: ['Returns and refunds'] },
  { q: 'how do i get my money back', relevant: ['Returns and refunds'] },
  { q: 'exchange size', relevant: ['Exchange for a different size'] },
  { q: 'wrong size', relevant: ['Exchange for a different size', 'Boot sizing guide', 'Jacket and clothing sizes'] },
  { q: 'broken zip', relevant: ['Warranty and repairs'] },
  { q: 'warranty', relevant: ['Warranty and repairs'] },
  { q: 'forgot password', relevant: ['Reset your password'] },
  { q: 'login problems', relevant: ['Reset your password'] },
  { q: 'change my email', relevant: ['Update your e-mail address or delivery address'] },
  { q: 'boot size', relevant: ['Boot sizing guide'] },
  { q: 'my boots are too small', relevant: ['Boot sizing guide'] },
  { q: 'jacket size', relevant: ['Jacket and clothing sizes'] },
  { q: 'wash my waterproof jacket', relevant: ['Caring for waterproof gear'] },
  { q: 'tent mildew', relevant: ['Caring for waterproof gear'] },
  { q: 'the', relevant: [] },
  { q: 'fast one', relevant: [] },
  { q: 'is it', relevant: [] },
  { q: 'lieferzeit', locale: 'de', relevant: ['Lieferzeiten und Versandkosten'] },
  { q: 'passwort vergessen', locale: 'de', relevant: ['Passwort zurücksetzen'] },
  { q: 'wie lange dauert der versand', locale: 'de', relevant: ['Lieferzeiten und Versandkosten'] },
];

/**
 * Precision at 3 of one answer: the share of the first three hits that are relevant. An empty answer is right
 * (1) when nothing is relevant and wrong (0) otherwise, so noise for a meaningless query costs as much as a miss.
 */
export function precisionAt3(titles: string[], relevant: string[]): number {
  const top = titles.slice(0, 3);
  if (!top.length) return relevant.length ? 0 : 1;
  return top.filter((t) => relevant.includes(t)).length / top.length;
}

/** Every judged title must name a seeded article, or a typo would silently count as "not relevant". */
export function unknownJudgedTitles(): string[] {
  const titles = new Set(SEED_ARTICLES.map((a) => a.title));
  return JUDGED_QUERIES.flatMap((j) => j.relevant).filter((t) => !titles.has(t));
}
