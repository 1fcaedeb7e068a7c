// GET /analytics/kb-deflection: what the knowledge base spared the team in a period. Widget searches and article
// views, the widget sessions that searched or viewed and how many of them filed no ticket, and the searches (widget
// and help centre) that found nothing, most often first. Read from kb/activity-queries.ts' and
// kb/search-miss-queries.ts' per-day rows: whole UTC days, from the day holding `from` to the day holding `to`'s
// last moment; sessions by when they began.
import type { Queryable } from '../db/client.ts';
import { percentOf } from './sla-queries.ts';
import { dayAtOrAfter, dayOf, dayStartOf } from './rollup-queries.ts';
import type { KbDeflection } from './schemas.ts';

type SessionCounts = { n: number; searched: number; viewed: number; filed: number };

/**
 * The widget sessions begun in [from, to): whole UTC days from their per-day counts (kb_session_days, kept by
 * triggers, 0067), the partial first and last day from the sessions' index.
 */
async function sessionsBetween(q: Queryable, tenantId: string, from: string, to: string): Promise<SessionCounts> {
  const out: SessionCounts = { n: 0, searched: 0, viewed: 0, filed: 0 };
  const add = (
    r: { n: number | null; searched: number | null; viewed: number | null; filed: number | null } | undefined,
  ) => {
    out.n += r?.n ?? 0;
    out.searched += r?.searched ?? 0;
    out.viewed += r?.viewed ?? 0;
    out.filed += r?.filed ?? 0;
  };
  const scan = async (a: string, b: string) =>
    add(
      await q.get(
        `SELECT count(*) AS n, sum(searched) AS searched, sum(viewed) AS viewed, sum(filed) AS filed
         FROM kb_widget_sessions WHERE tenant_id = ? AND first_at >= ? AND first_at < ?`,
        [tenantId, a, b],
      ),
    );
  const fromDay = dayAtOrAfter(from);
  const toDay = dayOf(to);
  if (fromDay >= toDay) {
    await scan(from, to);
    return out;
  }
  add(
    await q.get(
      `SELECT sum(sessions) AS n, sum(searched) AS searched, sum(viewed) AS viewed, sum(filed) AS filed
       FROM kb_session_days WHERE tenant_id = ? AND day >= ? AND day < ?`,
      [tenantId, fromDay, toDay],
    ),
  );
  if (from < dayStartOf(fromDay)) await scan(from, dayStartOf(fromDay));
  if (dayStartOf(toDay) < to) await scan(dayStartOf(toDay), to);
  return out;
}

export async function kbDeflection(
  q: Queryable,
  tenantId: string,
  period: { from: string; to: string },
  limit: number,
): Promise<KbDeflection> {
  const from = new Date(period.from).toISOString();
  const to = new Date(period.to).toISOString();
  const firstDay = from.slice(0, 10);
  const lastDay = new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
  const activity = await q.get<{ searches: number | null; views: number | null }>(
    'SELECT sum(searches) AS searches, sum(views) AS views FROM kb_activity_days WHERE tenant_id = ? AND day >= ? AND day <= ?',
    [tenantId, firstDay, lastDay],
  );
  const sessions = await sessionsBetween(q, tenantId, from, to);
  // The words last typed for each query: SQLite takes the bare column from the row holding max(day).
  const misses = await q.all<{ locale: string; query: string; last_day: string; n: number }>(
    `SELECT locale, query, max(day) AS last_day, sum(misses) AS n FROM kb_search_miss_days
     WHERE tenant_id = ? AND day >= ? AND day <= ?
     GROUP BY locale, query_key ORDER BY n DESC, last_day DESC, query LIMIT ?`,
    [tenantId, firstDay, lastDay, limit],
  );
  const total = sessions.n;
  const filed = sessions.filed;
  return {
    period: { from, to },
    searches: activity?.searches ?? 0,
    articleViews: activity?.views ?? 0,
    sessions: {
      total,
      searched: sessions.searched,
      viewed: sessions.viewed,
      filedTicket: filed,
      noTicket: total - filed,
    },
    deflectionRate: percentOf(total - filed, total),
    emptySearches: misses.map((m) => ({ query: m.query, locale: m.locale, count: m.n, lastDay: m.last_day })),
  };
}
