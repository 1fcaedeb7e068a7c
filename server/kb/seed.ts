// Demo seed step: the Trailhead Outfitters categories, published articles and synonyms, through the same code as the API.
import type { SeedStep } from '../seed/demo.ts';
import { newId } from '../lib/ids.ts';
import { insertCategory } from './category-queries.ts';
import { createArticle, slugify } from './article-service.ts';
import { SEED_ARTICLES, SEED_CATEGORIES, SEED_SYNONYMS } from './seed-articles.ts';
import { replaceSynonyms } from './synonym-queries.ts';

export const seedKnowledgeBase: SeedStep = async (db, { tenantId, ownerId, now }) => {
  const ids = new Map<string, string>();
  await db.tx(async (tx) => {
    for (const [i, c] of SEED_CATEGORIES.entries()) {
      const id = newId('kbc');
      ids.set(c.key, id);
      await insertCategory(
        tx,
        tenantId,
        { id, name: c.name, slug: slugify(c.name), description: c.description, position: i + 1 },
        now.toISOString(),
      );
    }
    await replaceSynonyms(tx, tenantId, SEED_SYNONYMS);
  });
  for (const [i, a] of SEED_ARTICLES.entries()) {
    await createArticle(
      db,
      null,
      tenantId,
      {
        title: a.title,
        body: a.body,
        slug: a.slug,
        status: 'published',
        categoryId: ids.get(a.category) ?? null,
        locale: a.locale ?? 'en',
        position: i + 1,
      },
      ownerId,
      now,
    );
  }
};
