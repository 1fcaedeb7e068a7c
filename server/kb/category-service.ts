// Knowledge-base category use cases: create, update, delete — each one transaction with its audit entry.
import type { Db } from '../db/client.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { newId } from '../lib/ids.ts';
import { conflict, notFound } from '../lib/problem.ts';
import { slugify } from './article-service.ts';
import {
  categorySlugTaken,
  deleteCategory,
  getCategory,
  insertCategory,
  updateCategory as updateCategoryRow,
  type CategoryRecord,
} from './category-queries.ts';
import type { CreateCategoryInput, UpdateCategoryInput } from './schemas.ts';

const taken = (slug: string) => conflict(`A category with slug "${slug}" already exists.`);

/** The slug is derived from the name when the caller gives none; a taken slug is 409. */
export async function createCategory(
  db: Db,
  actor: Actor,
  input: CreateCategoryInput,
  now: Date,
): Promise<CategoryRecord> {
  const tenantId = actorTenant(actor);
  const id = newId('kbc');
  const slug = input.slug ?? slugify(input.name);
  await db.tx(async (tx) => {
    if (await categorySlugTaken(tx, tenantId, slug)) throw taken(slug);
    await insertCategory(
      tx,
      tenantId,
      { id, name: input.name, slug, description: input.description, position: input.position },
      now.toISOString(),
    );
    await audit(actor, tx, { action: 'kb.category.created', targetType: 'kb_category', targetId: id }, now);
  });
  return (await getCategory(db, tenantId, id))!;
}

export async function updateCategory(
  db: Db,
  actor: Actor,
  id: string,
  patch: UpdateCategoryInput,
  now: Date,
): Promise<CategoryRecord> {
  const tenantId = actorTenant(actor);
  await db.tx(async (tx) => {
    const cat = await getCategory(tx, tenantId, id);
    if (!cat) throw notFound('Category');
    if (patch.slug && (await categorySlugTaken(tx, tenantId, patch.slug, id))) throw taken(patch.slug);
    await updateCategoryRow(tx, tenantId, id, { ...cat, ...patch }, now.toISOString());
    await audit(
      actor,
      tx,
      {
        action: 'kb.category.updated',
        targetType: 'kb_category',
        targetId: id,
        details: { fields: Object.keys(patch) },
      },
      now,
    );
  });
  return (await getCategory(db, tenantId, id))!;
}

/** Its articles stay, uncategorized. */
export async function removeCategory(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  const tenantId = actorTenant(actor);
  await db.tx(async (tx) => {
    if (!(await getCategory(tx, tenantId, id))) throw notFound('Category');
    await deleteCategory(tx, tenantId, id, now.toISOString());
    await audit(actor, tx, { action: 'kb.category.deleted', targetType: 'kb_category', targetId: id }, now);
  });
}
