// Widget feedback on articles: a helpful/not-helpful vote and a deflection ("this answered my question").
// The route has checked the article is a published one of this tenant.
import type { Deps } from '../types.ts';
import { bumpCounter } from './article-queries.ts';
import { recordDeflection } from './suggestions.ts';

export async function voteOnArticle(
  deps: Pick<Deps, 'db'>,
  tenantId: string,
  articleId: string,
  helpful: boolean,
): Promise<void> {
  await bumpCounter(deps.db, tenantId, articleId, helpful ? 'helpful' : 'not_helpful');
}

/** With a session, the buffered suggestion counts are written first so the deflection finds the suggestions it answers. */
export async function deflectWithArticle(
  deps: Pick<Deps, 'db' | 'kbCounters'>,
  tenantId: string,
  articleId: string,
  session: string | undefined,
): Promise<void> {
  if (session) await deps.kbCounters.flush();
  await deps.db.tx((tx) => recordDeflection(tx, tenantId, articleId, session));
}
