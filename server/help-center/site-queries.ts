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

/** What an article page shows: a published article without its Markdown source or full text (smaller reads). */
export interface ArticlePageRecord {
  id: string;
  locale: string;
  slug: string;
  title: string;
  categoryId: string | null;
  bodyHtml: string;
  /** The first few hundred characters of the plain text, for the meta description. */
  textStart: string;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export async function getPublishedArticle(
  q: Queryable,
  tenantId: string,
  locale: string,
  slug: string,
): Promise<ArticlePageRecord | undefined> {
  return q.get<ArticlePageRecord>(
    `SELECT id, locale, slug, title, category_id AS categoryId, body_html AS bodyHtml,
        substr(body_text, 1, 400) AS textStart, published_at AS publishedAt, created_at AS createdAt,
        updated_at AS updatedAt
      FROM kb_articles WHERE tenant_id = ? AND locale = ? AND slug = ? AND status = 'published'`,
    [tenantId, locale, slug],
  );
}
