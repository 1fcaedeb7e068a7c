// What the help centre reads beyond the KB's own queries: its languages, translations, related articles, the sitemap.
import type { Queryable } from '../db/client.ts';

/** Locales with at least one published article, most articles first. */
export async function publishedLocales(q: Queryable, tenantId: string): Promise<string[]> {
  const rows = await q.all<{ locale: string }>(
    `SELECT locale FROM kb_articles WHERE tenant_id = ? AND status = 'published'
      GROUP BY locale ORDER BY count(*) DESC, locale LIMIT 50`,
    [tenantId],
  );
  return rows.map((r) => r.locale);
}

/** The same article in other languages: published articles sharing its slug. */
export async function translationsOf(q: Queryable, tenantId: string, slug: string, locale: string) {
  return q.all<{ locale: string; slug: string }>(
    `SELECT locale, slug FROM kb_articles WHERE tenant_id = ? AND slug = ? AND locale != ? AND status = 'published'
      ORDER BY locale`,
    [tenantId, slug, locale],
  );
}

export interface SitemapEntry {
  locale: string;
  slug: string;
  updated_at: string;
}

export async function sitemapArticles(q: Queryable, tenantId: string, limit: number): Promise<SitemapEntry[]> {
  return q.all<SitemapEntry>(
    `SELECT locale, slug, updated_at FROM kb_articles WHERE tenant_id = ? AND status = 'published'
      ORDER BY locale, position, id LIMIT ?`,
    [tenantId, limit],
  );
}
