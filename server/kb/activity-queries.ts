// The widget's knowledge-base activity the deflection report reads: searches and article views per UTC day, and the
// widget sessions that searched or viewed, with whether a ticket was filed from them (no text, no visitor).
import type { Queryable } from '../db/client.ts';

export interface ActivityDay {
  tenantId: string;
  day: string;
  searches: number;
  views: number;
}

export interface SessionActivity {
  tenantId: string;
  session: string;
  firstAt: string;
  searched: boolean;
  viewed: boolean;
}

export async function recordWidgetActivity(q: Queryable, days: ActivityDay[], sessions: SessionActivity[]) {
  for (const d of days)
    await q.run(
      `INSERT INTO kb_activity_days (tenant_id, day, searches, views) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, day) DO UPDATE SET searches = searches + excluded.searches, views = views + excluded.views`,
      [d.tenantId, d.day, d.searches, d.views],
    );
  for (const s of sessions)
    await q.run(
      `INSERT INTO kb_widget_sessions (tenant_id, session_id, first_at, searched, viewed) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, session_id) DO UPDATE SET searched = max(searched, excluded.searched),
         viewed = max(viewed, excluded.viewed)`,
      [s.tenantId, s.session, s.firstAt, s.searched ? 1 : 0, s.viewed ? 1 : 0],
    );
}

/** A ticket was filed from the session: it was not deflected (a session that never searched or viewed has no row). */
export async function markSessionFiled(q: Queryable, tenantId: string, session: string) {
  await q.run('UPDATE kb_widget_sessions SET filed = 1 WHERE tenant_id = ? AND session_id = ?', [tenantId, session]);
}

/** How long the deflection report's rows are kept: the longest period a report covers (400 days). */
export const KB_ACTIVITY_KEEP_DAYS = 400;

/**
 * Forgets the deflection rows of `tenantIds` older than KB_ACTIVITY_KEEP_DAYS: daily counts, widget sessions and the
 * per-day empty searches (the words visitors typed are not kept longer than a report can show them).
 */
export async function forgetOldWidgetActivity(q: Queryable, tenantIds: Iterable<string>, now: Date) {
  // Whole UTC days, as the rows are counted: a session's first_at is compared with the day's start.
  const day = new Date(now.getTime() - KB_ACTIVITY_KEEP_DAYS * 86_400_000).toISOString().slice(0, 10);
  for (const tenantId of tenantIds) {
    await q.run('DELETE FROM kb_activity_days WHERE tenant_id = ? AND day < ?', [tenantId, day]);
    await q.run('DELETE FROM kb_search_miss_days WHERE tenant_id = ? AND day < ?', [tenantId, day]);
    await q.run('DELETE FROM kb_widget_sessions WHERE tenant_id = ? AND first_at < ?', [tenantId, day]);
  }
}
