// Article rows of a tenant and the FTS index beside them: every write changes both in the caller's transaction.
import type { Queryable } from '../db/client.ts';
import type { ArticleDto } from './schemas.ts';
import { scopeText } from './search-scope.ts';
import { createOwnSearchIndex, ownSearchIndex, searchIndexOf } from './search-index.ts';

export interface ArticleRecord {
  seq: number;
  id: string;
  tenantId: string;
  categoryId: string | null;
  locale: string;
  title: string;
  slug: string;
  bodyMd: string;
  bodyHtml: string;
  bodyText: string;
  scope: string;
  status: 'draft' | 'published';
  position: number;
  authorId: string | null;
  views: number;
  helpful: number;
  notHelpful: number;
  suggested: number;
  deflections: number;
  suggestedThenTicket: number;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface ArticleRow {
  seq: number;
  id: string;
  tenant_id: string;
  category_id: string | null;
  locale: string;
  title: string;
  slug: string;
  body_md: string;
  body_html: string;
  body_text: string;
  scope: string;
  status: string;
  position: number;
  author_id: string | null;
  views: number;
  helpful: number;
  not_helpful: number;
  suggested: number;
  deflections: number;
  suggested_then_ticket: number;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

function fromRow(r: ArticleRow): ArticleRecord {
  return {
    seq: r.seq,
    id: r.id,
    tenantId: r.tenant_id,
    categoryId: r.category_id,
    locale: r.locale,
    title: r.title,
    slug: r.slug,
    bodyMd: r.body_md,
    bodyHtml: r.body_html,
    bodyText: r.body_text,
    scope: r.scope,
    status: r.status as ArticleRecord['status'],
    position: r.position,
    authorId: r.author_id,
    views: r.views,
    helpful: r.helpful,
    notHelpful: r.not_helpful,
    suggested: r.suggested,
    deflections: r.deflections,
    suggestedThenTicket: r.suggested_then_ticket,
    publishedAt: r.published_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toArticleDto(a: ArticleRecord): ArticleDto {
  return {
    id: a.id,
    title: a.title,
    slug: a.slug,
    body: a.bodyMd,
    bodyHtml: a.bodyHtml,
    categoryId: a.categoryId,
    locale: a.locale,
    position: a.position,
    status: a.status,
    authorId: a.authorId,
    publishedAt: a.publishedAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    stats: {
      views: a.views,
      helpful: a.helpful,
      notHelpful: a.notHelpful,
      suggested: a.suggested,
      deflections: a.deflections,
      suggestedThenTicket: a.suggestedThenTicket,
    },
  };
}

export async function getArticle(q: Queryable, tenantId: string, id: string) {
  const row = await q.get<ArticleRow>('SELECT * FROM kb_articles WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  return row && fromRow(row);
}

/** By slug: in the given locale, or (no locale) English first, then any. */
export async function getArticleBySlug(q: Queryable, tenantId: string, slug: string, locale?: string) {
  const row = locale
    ? await q.get<ArticleRow>('SELECT * FROM kb_articles WHERE tenant_id = ? AND locale = ? AND slug = ?', [
        tenantId,
        locale,
        slug,
      ])
    : await q.get<ArticleRow>(
        "SELECT * FROM kb_articles WHERE tenant_id = ? AND slug = ? ORDER BY locale = 'en' DESC, locale LIMIT 1",
        [tenantId, slug],
      );
  return row && fromRow(row);
}

export async function slugTaken(q: Queryable, tenantId: string, locale: string, slug: string, exceptId?: string) {
  return !!(await q.get('SELECT 1 FROM kb_articles WHERE tenant_id = ? AND locale = ? AND slug = ? AND id != ?', [
    tenantId,
    locale,
    slug,
    exceptId ?? '',
  ]));
}

export interface ArticleFilter {
  status?: 'draft' | 'published';
  categoryId?: string;
  locale?: string;
}

/** Keyset order (position, id); the cursor is the last row's pair. */
export async function listArticles(
  q: Queryable,
  tenantId: string,
  f: ArticleFilter,
  after: [number, string] | null,
  limit: number,
) {
  const where = ['tenant_id = ?'];
  const args: (string | number)[] = [tenantId];
  if (f.status) {
    where.push('status = ?');
    args.push(f.status);
  }
  if (f.categoryId) {
    where.push('category_id = ?');
    args.push(f.categoryId);
  }
  if (f.locale) {
    where.push('locale = ?');
    args.push(f.locale);
  }
  if (after) {
    where.push('(position, id) > (?, ?)');
    args.push(after[0], after[1]);
  }
  const rows = await q.all<ArticleRow>(
    `SELECT * FROM kb_articles WHERE ${where.join(' AND ')} ORDER BY position, id LIMIT ?`,
    [...args, limit + 1],
  );
  return rows.map(fromRow);
}

export type ArticleWrite = Pick<
  ArticleRecord,
  | 'id'
  | 'categoryId'
  | 'locale'
  | 'title'
  | 'slug'
  | 'bodyMd'
  | 'bodyHtml'
  | 'bodyText'
  | 'status'
  | 'position'
  | 'authorId'
  | 'publishedAt'
>;

/** Marks the tenant's searchable content as changed; cached search answers older than this are not served. */
export async function bumpKbVersion(q: Queryable, tenantId: string) {
  await q.run(
    'INSERT INTO kb_versions (tenant_id, version) VALUES (?, 1) ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1',
    [tenantId],
  );
}

export async function kbVersion(q: Queryable, tenantId: string): Promise<number> {
  return (
    (await q.get<{ version: number }>('SELECT version FROM kb_versions WHERE tenant_id = ?', [tenantId]))?.version ?? 0
  );
}

/** Into the tenant's own index (made on its first article, see search-index.ts), inside the caller's transaction. */
async function indexArticle(
  q: Queryable,
  tenantId: string,
  seq: number,
  a: { title: string; bodyText: string; scope: string },
  now: string,
) {
  const own = await ownSearchIndex(q, tenantId);
  if (own) {
    await q.run(`INSERT INTO ${own} (rowid, title, body_text, scope) VALUES (?, ?, ?, ?)`, [
      seq,
      a.title,
      a.bodyText,
      a.scope,
    ]);
  } else {
    // fills the new index with every article of the tenant, this one included
    await createOwnSearchIndex(q, tenantId, seq, now);
  }
  await bumpKbVersion(q, tenantId);
}

/** External content: the index must be told the exact old values to forget them. */
async function unindexArticle(q: Queryable, a: ArticleRecord) {
  const table = await searchIndexOf(q, a.tenantId);
  await q.run(`INSERT INTO ${table} (${table}, rowid, title, body_text, scope) VALUES ('delete', ?, ?, ?, ?)`, [
    a.seq,
    a.title,
    a.bodyText,
    a.scope,
  ]);
}

export async function insertArticle(q: Queryable, tenantId: string, a: ArticleWrite, now: string) {
  const scope = scopeText(tenantId, a.locale, a.status);
  const r = await q.run(
    `INSERT INTO kb_articles (id, tenant_id, category_id, locale, title, slug, body_md, body_html, body_text, scope, status, position,
                              author_id, published_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      a.id,
      tenantId,
      a.categoryId,
      a.locale,
      a.title,
      a.slug,
      a.bodyMd,
      a.bodyHtml,
      a.bodyText,
      scope,
      a.status,
      a.position,
      a.authorId,
      a.publishedAt,
      now,
      now,
    ],
  );
  await indexArticle(q, tenantId, Number(r.lastInsertRowid), { title: a.title, bodyText: a.bodyText, scope }, now);
}

export async function updateArticle(
  q: Queryable,
  tenantId: string,
  current: ArticleRecord,
  a: Omit<ArticleWrite, 'id' | 'authorId'>,
  now: string,
) {
  const scope = scopeText(tenantId, a.locale, a.status);
  await unindexArticle(q, current);
  await q.run(
    `UPDATE kb_articles SET category_id = ?, locale = ?, title = ?, slug = ?, body_md = ?, body_html = ?, body_text = ?, scope = ?,
            status = ?, position = ?, published_at = ?, updated_at = ?
      WHERE tenant_id = ? AND id = ?`,
    [
      a.categoryId,
      a.locale,
      a.title,
      a.slug,
      a.bodyMd,
      a.bodyHtml,
      a.bodyText,
      scope,
      a.status,
      a.position,
      a.publishedAt,
      now,
      tenantId,
      current.id,
    ],
  );
  await indexArticle(q, tenantId, current.seq, { title: a.title, bodyText: a.bodyText, scope }, now);
}

export async function deleteArticle(q: Queryable, tenantId: string, current: ArticleRecord) {
  await unindexArticle(q, current);
  await q.run('DELETE FROM kb_articles WHERE tenant_id = ? AND id = ?', [tenantId, current.id]);
  await q.run('DELETE FROM kb_suggestion_shows WHERE tenant_id = ? AND article_id = ?', [tenantId, current.id]);
  await q.run('DELETE FROM kb_search_opens WHERE tenant_id = ? AND article_id = ?', [tenantId, current.id]);
  await bumpKbVersion(q, tenantId);
}

/** Published articles for the widget: most viewed first, or in the owner's order. */
/** Published articles of a locale (of one category), most viewed or in the editors' order. */
export async function listPublished(
  q: Queryable,
  tenantId: string,
  o: { locale: string; categoryId?: string; sort: 'popular' | 'position'; limit: number },
) {
  const rows = await q.all<ArticleRow>(publishedSql('*', o), publishedArgs(tenantId, o));
  return rows.map(fromRow);
}

/** What a list of links to articles needs: no bodies, so the rows stay small. */
export type ArticleLink = Pick<ArticleRecord, 'id' | 'locale' | 'slug' | 'title'>;

/** As listPublished, only the links (the help centre's lists). */
export async function listPublishedLinks(
  q: Queryable,
  tenantId: string,
  o: { locale: string; categoryId?: string; sort: 'popular' | 'position'; limit: number },
): Promise<ArticleLink[]> {
  return q.all<ArticleLink>(publishedSql('id, locale, slug, title', o), publishedArgs(tenantId, o));
}

function publishedSql(columns: string, o: { categoryId?: string; sort: 'popular' | 'position' }) {
  const order = o.sort === 'popular' ? 'views DESC, position, id' : 'position, id';
  return `SELECT ${columns} FROM kb_articles
    WHERE tenant_id = ? AND locale = ? AND status = 'published' ${o.categoryId ? 'AND category_id = ?' : ''}
    ORDER BY ${order} LIMIT ?`;
}

const publishedArgs = (tenantId: string, o: { locale: string; categoryId?: string; limit: number }) =>
  o.categoryId ? [tenantId, o.locale, o.categoryId, o.limit] : [tenantId, o.locale, o.limit];

type Counter = 'views' | 'helpful' | 'not_helpful' | 'deflections';

export async function bumpCounter(q: Queryable, tenantId: string, id: string, counter: Counter) {
  await q.run(`UPDATE kb_articles SET ${counter} = ${counter} + 1 WHERE tenant_id = ? AND id = ?`, [tenantId, id]);
}
