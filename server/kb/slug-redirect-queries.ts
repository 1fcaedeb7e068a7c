// The slugs an article was published under before: old links (help-centre URLs, search results, bookmarks) answer 301.
import type { Queryable } from '../db/client.ts';

/** The article moved from `oldSlug` (in `locale`); a live article taking `newSlug` ends any redirect from it. */
export async function recordSlugChange(
  q: Queryable,
  tenantId: string,
  move: { articleId: string; oldLocale: string; oldSlug: string; newLocale: string; newSlug: string },
  now: string,
) {
  await q.run('DELETE FROM kb_slug_redirects WHERE tenant_id = ? AND locale = ? AND old_slug = ?', [
    tenantId,
    move.newLocale,
    move.newSlug,
  ]);
  if (move.oldLocale === move.newLocale && move.oldSlug === move.newSlug) return;
  await q.run(
    `INSERT INTO kb_slug_redirects (tenant_id, locale, old_slug, article_id, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, locale, old_slug) DO UPDATE SET article_id = excluded.article_id, created_at = excluded.created_at`,
    [tenantId, move.oldLocale, move.oldSlug, move.articleId, now],
  );
}

/** The article an old slug now points at, if any. */
export async function redirectedArticleId(q: Queryable, tenantId: string, locale: string, slug: string) {
  const row = await q.get<{ article_id: string }>(
    'SELECT article_id FROM kb_slug_redirects WHERE tenant_id = ? AND locale = ? AND old_slug = ?',
    [tenantId, locale, slug],
  );
  return row?.article_id ?? null;
}

export async function deleteRedirectsTo(q: Queryable, tenantId: string, articleId: string) {
  await q.run('DELETE FROM kb_slug_redirects WHERE tenant_id = ? AND article_id = ?', [tenantId, articleId]);
}
