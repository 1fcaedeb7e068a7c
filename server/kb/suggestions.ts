// What visitors did after seeing suggestions: shown counts, deflections, and tickets filed anyway.
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';

/**
 * Counts a showing per article. With a widget session an article counts once per session however often the
 * visitor's typing brings it back, and the session remembers it so the outcome can be tied to it later.
 */
export async function recordSuggestionsShown(
  q: Queryable,
  tenantId: string,
  articleIds: string[],
  session: string | undefined,
  now: Date,
) {
  let fresh = articleIds;
  if (session) {
    fresh = [];
    for (const id of articleIds) {
      const r = await q.run(
        'INSERT OR IGNORE INTO kb_suggestion_shows (tenant_id, session_id, article_id, outcome, shown_at) VALUES (?, ?, ?, NULL, ?)',
        [tenantId, session, id, now.toISOString()],
      );
      if (r.changes) fresh.push(id);
    }
  }
  if (!fresh.length) return;
  const marks = placeholders(fresh.length);
  await q.run(`UPDATE kb_articles SET suggested = suggested + 1 WHERE tenant_id = ? AND id IN (${marks})`, [
    tenantId,
    ...fresh,
  ]);
}

/** "This answered my question": the article counts a deflection; the session's open suggestions are settled. */
export async function recordDeflection(q: Queryable, tenantId: string, articleId: string, session: string | undefined) {
  await q.run('UPDATE kb_articles SET deflections = deflections + 1 WHERE tenant_id = ? AND id = ?', [
    tenantId,
    articleId,
  ]);
  if (session) {
    await q.run(
      "UPDATE kb_suggestion_shows SET outcome = 'deflected' WHERE tenant_id = ? AND session_id = ? AND outcome IS NULL",
      [tenantId, session],
    );
  }
}

/**
 * For the ticket routes: call inside the ticket-creating transaction with the widget's session id. Every article
 * suggested in that session and not yet settled counts one "suggested, then a ticket was filed". Returns how many.
 */
export async function recordTicketAfterSuggestions(q: Queryable, tenantId: string, session: string): Promise<number> {
  const rows = await q.all<{ article_id: string }>(
    "UPDATE kb_suggestion_shows SET outcome = 'ticket' WHERE tenant_id = ? AND session_id = ? AND outcome IS NULL RETURNING article_id",
    [tenantId, session],
  );
  if (!rows.length) return 0;
  const ids = rows.map((r) => r.article_id);
  await q.run(
    `UPDATE kb_articles SET suggested_then_ticket = suggested_then_ticket + 1 WHERE tenant_id = ? AND id IN (${placeholders(ids.length)})`,
    [tenantId, ...ids],
  );
  return ids.length;
}
