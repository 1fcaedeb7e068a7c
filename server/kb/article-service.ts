// Article use cases shared by the routes and the demo seed: validation against the tenant, rendering, index, event, audit.
import type { Db, Queryable } from '../db/client.ts';
import { appendEvent } from '../events/log.ts';
import { audit, type Actor } from '../audit/audit.ts';
import { newId } from '../lib/ids.ts';
import { conflict, invalidField, notFound } from '../lib/problem.ts';
import { getCategory } from './category-queries.ts';
import { deleteRedirectsTo, recordSlugChange } from './slug-redirect-queries.ts';
import { renderBody } from './markdown.ts';
import {
  deleteArticle,
  getArticle,
  insertArticle,
  slugTaken,
  toArticleDto,
  updateArticle,
  type ArticleRecord,
} from './article-queries.ts';
import type { ArticleDto, CreateArticleInput, UpdateArticleInput } from './schemas.ts';

/** "Größe & Passform!" → "grosse-passform"; never empty. */
export function slugify(text: string): string {
  const s = text
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return s || 'article';
}

/** A derived slug that collides gets -2, -3…; a slug the caller chose collides with 409. */
async function freeSlug(q: Queryable, tenantId: string, locale: string, base: string, exceptId?: string) {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(q, tenantId, locale, slug, exceptId))) return slug;
  }
}

async function assertCategory(q: Queryable, tenantId: string, categoryId: string | null | undefined) {
  if (categoryId && !(await getCategory(q, tenantId, categoryId)))
    throw invalidField('categoryId', 'Unknown category.');
}

/** The seed acts for nobody (actor null) and is not audited; every request is. */
async function audited(tx: Queryable, actor: Actor | null, action: string, a: ArticleRecord, now: Date) {
  if (actor)
    await audit(actor, tx, { action, targetType: 'kb_article', targetId: a.id, details: { status: a.status } }, now);
}

async function published(q: Queryable, tenantId: string, id: string, now: Date): Promise<ArticleDto> {
  const dto = toArticleDto((await getArticle(q, tenantId, id))!);
  await appendEvent(q, tenantId, { type: 'kb.article.published', data: dto }, now);
  return dto;
}

/** Creates in one transaction (row, index, and the published event when it starts out published). */
export async function createArticle(
  db: Db,
  actor: Actor | null,
  tenantId: string,
  input: CreateArticleInput,
  authorId: string | null,
  now: Date,
) {
  const { html, text } = renderBody(input.body);
  const id = newId('kba');
  const ts = now.toISOString();
  return db.tx(async (tx) => {
    await assertCategory(tx, tenantId, input.categoryId);
    let slug: string;
    if (input.slug) {
      if (await slugTaken(tx, tenantId, input.locale, input.slug))
        throw conflict(`An article with slug "${input.slug}" already exists in locale ${input.locale}.`);
      slug = input.slug;
    } else {
      slug = await freeSlug(tx, tenantId, input.locale, slugify(input.title));
    }
    await insertArticle(
      tx,
      tenantId,
      {
        id,
        categoryId: input.categoryId ?? null,
        locale: input.locale,
        title: input.title,
        slug,
        bodyMd: input.body,
        bodyHtml: html,
        bodyText: text,
        status: input.status,
        position: input.position,
        authorId,
        publishedAt: input.status === 'published' ? ts : null,
      },
      ts,
    );
    if (input.status === 'published') await published(tx, tenantId, id, now);
    // A new article at an address an older one moved away from takes it over: no more redirect from there.
    const here = { oldLocale: input.locale, oldSlug: slug, newLocale: input.locale, newSlug: slug };
    await recordSlugChange(tx, tenantId, { articleId: id, ...here }, ts);
    const record = (await getArticle(tx, tenantId, id))!;
    await audited(tx, actor, 'kb.article.created', record, now);
    return record;
  });
}

/** Applies a partial change; becoming published writes the event in the same transaction. */
export async function changeArticle(
  db: Db,
  actor: Actor,
  tenantId: string,
  id: string,
  input: UpdateArticleInput,
  now: Date,
) {
  const rendered = input.body !== undefined ? renderBody(input.body) : null;
  const ts = now.toISOString();
  return db.tx(async (tx) => {
    const current = await getArticle(tx, tenantId, id);
    if (!current) throw notFound('Article');
    if (input.categoryId !== undefined) await assertCategory(tx, tenantId, input.categoryId);
    const locale = input.locale ?? current.locale;
    const slug = input.slug ?? current.slug;
    if ((input.slug !== undefined || locale !== current.locale) && (await slugTaken(tx, tenantId, locale, slug, id))) {
      throw conflict(`An article with slug "${slug}" already exists in locale ${locale}.`);
    }
    const status = input.status ?? current.status;
    const becomesPublished = status === 'published' && current.status !== 'published';
    await updateArticle(
      tx,
      tenantId,
      current,
      {
        categoryId: input.categoryId !== undefined ? input.categoryId : current.categoryId,
        locale,
        title: input.title ?? current.title,
        slug,
        bodyMd: input.body ?? current.bodyMd,
        bodyHtml: rendered?.html ?? current.bodyHtml,
        bodyText: rendered?.text ?? current.bodyText,
        status,
        position: input.position ?? current.position,
        publishedAt: status === 'published' ? (becomesPublished ? ts : current.publishedAt) : null,
      },
      ts,
    );
    if (becomesPublished) await published(tx, tenantId, id, now);
    // Links to a published article keep working when its address changes: the old one answers 301.
    if (slug !== current.slug || locale !== current.locale) {
      const move = {
        articleId: id,
        oldLocale: current.locale,
        oldSlug: current.slug,
        newLocale: locale,
        newSlug: slug,
      };
      if (current.publishedAt) await recordSlugChange(tx, tenantId, move, ts);
      else await recordSlugChange(tx, tenantId, { ...move, oldLocale: locale, oldSlug: slug }, ts);
    }
    const record = (await getArticle(tx, tenantId, id))!;
    await audited(tx, actor, 'kb.article.updated', record, now);
    return record;
  });
}

export async function removeArticle(db: Db, actor: Actor, tenantId: string, id: string, now: Date) {
  return db.tx(async (tx) => {
    const current = await getArticle(tx, tenantId, id);
    if (!current) throw notFound('Article');
    await deleteArticle(tx, tenantId, current);
    await deleteRedirectsTo(tx, tenantId, current.id);
    await audited(tx, actor, 'kb.article.deleted', current, now);
  });
}
