// Knowledge-base category rows of a tenant.
import type { Queryable } from '../db/client.ts';
import { bumpKbVersion } from './article-queries.ts';

export interface CategoryRecord {
  id: string;
  name: string;
  slug: string;
  description: string;
  position: number;
  createdAt: string;
  updatedAt: string;
}

interface CategoryRow {
  id: string;
  name: string;
  slug: string;
  description: string;
  position: number;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: CategoryRow): CategoryRecord => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  description: r.description,
  position: r.position,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function getCategory(q: Queryable, tenantId: string, id: string) {
  const row = await q.get<CategoryRow>('SELECT * FROM kb_categories WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  return row && fromRow(row);
}

export async function categorySlugTaken(q: Queryable, tenantId: string, slug: string, exceptId?: string) {
  return !!(await q.get('SELECT 1 FROM kb_categories WHERE tenant_id = ? AND slug = ? AND id != ?', [
    tenantId,
    slug,
    exceptId ?? '',
  ]));
}

/** Keyset order (position, id). */
export async function listCategories(q: Queryable, tenantId: string, after: [number, string] | null, limit: number) {
  const rows = after
    ? await q.all<CategoryRow>(
        'SELECT * FROM kb_categories WHERE tenant_id = ? AND (position, id) > (?, ?) ORDER BY position, id LIMIT ?',
        [tenantId, after[0], after[1], limit + 1],
      )
    : await q.all<CategoryRow>('SELECT * FROM kb_categories WHERE tenant_id = ? ORDER BY position, id LIMIT ?', [
        tenantId,
        limit + 1,
      ]);
  return rows.map(fromRow);
}

/** Every category with its count of published articles in one locale, for the widget. */
export async function listPublicCategories(q: Queryable, tenantId: string, locale: string) {
  const rows = await q.all<CategoryRow & { n: number }>(
    `SELECT c.*, (SELECT count(*) FROM kb_articles a
                   WHERE a.tenant_id = c.tenant_id AND a.category_id = c.id AND a.locale = ? AND a.status = 'published') AS n
       FROM kb_categories c WHERE c.tenant_id = ? ORDER BY c.position, c.id LIMIT 500`,
    [locale, tenantId],
  );
  return rows.map((r) => ({ ...fromRow(r), articleCount: r.n }));
}

export async function insertCategory(
  q: Queryable,
  tenantId: string,
  c: { id: string; name: string; slug: string; description: string; position: number },
  now: string,
) {
  await q.run(
    'INSERT INTO kb_categories (id, tenant_id, name, slug, description, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [c.id, tenantId, c.name, c.slug, c.description, c.position, now, now],
  );
}

export async function updateCategory(
  q: Queryable,
  tenantId: string,
  id: string,
  c: { name: string; slug: string; description: string; position: number },
  now: string,
) {
  await q.run(
    'UPDATE kb_categories SET name = ?, slug = ?, description = ?, position = ?, updated_at = ? WHERE tenant_id = ? AND id = ?',
    [c.name, c.slug, c.description, c.position, now, tenantId, id],
  );
}

/** Its articles stay, uncategorized. */
export async function deleteCategory(q: Queryable, tenantId: string, id: string, now: string) {
  await q.run('UPDATE kb_articles SET category_id = NULL, updated_at = ? WHERE tenant_id = ? AND category_id = ?', [
    now,
    tenantId,
    id,
  ]);
  await q.run('DELETE FROM kb_categories WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  await bumpKbVersion(q, tenantId);
}
