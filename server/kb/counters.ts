// Buffers the widget's high-rate counters (views, suggestions shown, articles opened from a search, searches that found nothing, the deflection report's searches and sessions) and writes them in one transaction a moment later.
import type { Db, Queryable } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';
import { recordSuggestionsShown, recordTicketAfterSuggestions } from './suggestions.ts';
import { recordOpens, type Opened } from './search-lift.ts';
import { recordMisses, type Miss } from './search-miss-queries.ts';
import {
  forgetOldWidgetActivity,
  markSessionFiled,
  recordWidgetActivity,
  type ActivityDay,
  type SessionActivity,
} from './activity-queries.ts';

const FLUSH_AFTER_MS = 250;

interface Shown {
  tenantId: string;
  articleIds: string[];
  session: string | undefined;
  at: Date;
}

/**
 * A write transaction per article view or per keystroke's suggestions would queue every widget read behind the
 * write lock. Counts are kept here for at most FLUSH_AFTER_MS; readers of the counters call flush() first, so an
 * agent always sees every count this process has taken. A crash loses at most that window of counts.
 */
export class KbCounters {
  #views = new Map<string, { tenantId: string; articleId: string; n: number }>();
  #shown: Shown[] = [];
  #opens = new Map<string, Opened>();
  #misses = new Map<string, Miss>();
  #days = new Map<string, ActivityDay>();
  #sessions = new Map<string, SessionActivity>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #flushing: Promise<void> | null = null;
  /** The tenants whose old deflection rows were forgotten today (once a day each is enough). */
  #forgotten = { day: '', tenants: new Set<string>() };

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  view(tenantId: string, articleId: string) {
    const key = `${tenantId}\u0000${articleId}`;
    const v = this.#views.get(key);
    if (v) v.n++;
    else this.#views.set(key, { tenantId, articleId, n: 1 });
    this.#schedule();
  }

  /** A visitor opened `articleId` from the results of a search normalised to `queryKey` (see search-query.ts). */
  opened(tenantId: string, locale: string, queryKey: string, articleId: string) {
    const key = JSON.stringify([tenantId, locale, queryKey, articleId]);
    const o = this.#opens.get(key);
    if (o) o.n++;
    else this.#opens.set(key, { tenantId, locale, queryKey, articleId, n: 1 });
    this.#schedule();
  }

  /** A search (widget or help centre) found nothing: counted per normalised query, the words last typed kept. */
  missed(tenantId: string, locale: string, queryKey: string, query: string) {
    if (!queryKey) return;
    // The day of the search, not of the write: a search just before midnight counts for its own day.
    const day = this.now().toISOString().slice(0, 10);
    const key = JSON.stringify([tenantId, locale, queryKey, day]);
    const m = this.#misses.get(key);
    if (m) {
      m.n++;
      m.query = query;
    } else this.#misses.set(key, { tenantId, locale, queryKey, query, n: 1, day });
    this.#schedule();
  }

  /**
   * For the deflection report: a search submitted in the widget, or an article it opened, counted per UTC day and,
   * with the widget's session, marked on the session (whether it then filed a ticket is settled when it does).
   */
  widgetActivity(tenantId: string, what: 'search' | 'view', session: string | undefined) {
    const at = this.now().toISOString();
    const dayKey = `${tenantId}\u0000${at.slice(0, 10)}`;
    let d = this.#days.get(dayKey);
    if (!d) this.#days.set(dayKey, (d = { tenantId, day: at.slice(0, 10), searches: 0, views: 0 }));
    if (what === 'search') d.searches++;
    else d.views++;
    if (session) {
      const key = `${tenantId}\u0000${session}`;
      let a = this.#sessions.get(key);
      if (!a) this.#sessions.set(key, (a = { tenantId, session, firstAt: at, searched: false, viewed: false }));
      if (what === 'search') a.searched = true;
      else a.viewed = true;
    }
    this.#schedule();
  }

  shown(tenantId: string, articleIds: string[], session: string | undefined, at: Date) {
    if (!articleIds.length) return;
    this.#shown.push({ tenantId, articleIds, session, at });
    this.#schedule();
  }

  /** Removes and returns what is still buffered for one widget session. */
  takeSession(tenantId: string, session: string): { shown: Shown[]; activity: SessionActivity | undefined } {
    const mine = this.#shown.filter((s) => s.tenantId === tenantId && s.session === session);
    if (mine.length) this.#shown = this.#shown.filter((s) => !mine.includes(s));
    const key = `${tenantId}\u0000${session}`;
    const activity = this.#sessions.get(key);
    this.#sessions.delete(key);
    return { shown: mine, activity };
  }

  /** Writes what is buffered; a caller during a write waits for it, so what it reads next includes every count. */
  async flush(): Promise<void> {
    while (this.#flushing) await this.#flushing.catch(() => undefined);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (
      !this.#views.size &&
      !this.#shown.length &&
      !this.#opens.size &&
      !this.#misses.size &&
      !this.#days.size &&
      !this.#sessions.size
    )
      return;
    const views = [...this.#views.values()];
    const shown = this.#shown;
    const opens = [...this.#opens.values()];
    const misses = [...this.#misses.values()];
    const days = [...this.#days.values()];
    const sessions = [...this.#sessions.values()];
    this.#days = new Map();
    this.#sessions = new Map();
    this.#views = new Map();
    this.#shown = [];
    this.#opens = new Map();
    this.#misses = new Map();
    // Without a session every showing counts, so those collapse into one increment per article.
    const plain = new Map<string, { tenantId: string; articleId: string; n: number }>();
    for (const s of shown) {
      if (s.session) continue;
      for (const id of s.articleIds) {
        const key = `${s.tenantId}\u0000${id}`;
        const p = plain.get(key);
        if (p) p.n++;
        else plain.set(key, { tenantId: s.tenantId, articleId: id, n: 1 });
      }
    }
    this.#flushing = this.db.tx(async (tx) => {
      for (const v of views) {
        await tx.run('UPDATE kb_articles SET views = views + ? WHERE tenant_id = ? AND id = ?', [
          v.n,
          v.tenantId,
          v.articleId,
        ]);
      }
      for (const p of plain.values()) {
        await tx.run('UPDATE kb_articles SET suggested = suggested + ? WHERE tenant_id = ? AND id = ?', [
          p.n,
          p.tenantId,
          p.articleId,
        ]);
      }
      for (const s of shown) if (s.session) await recordSuggestionsShown(tx, s.tenantId, s.articleIds, s.session, s.at);
      if (opens.length) await recordOpens(tx, opens, this.now());
      if (misses.length) await recordMisses(tx, misses, this.now().toISOString());
      if (days.length || sessions.length) await recordWidgetActivity(tx, days, sessions);
      const stale = this.#dueForForgetting([...days, ...sessions, ...misses].map((r) => r.tenantId));
      if (stale.length) await forgetOldWidgetActivity(tx, stale, this.now());
    });
    try {
      await this.#flushing;
    } finally {
      this.#flushing = null;
    }
  }

  #dueForForgetting(tenantIds: string[]): string[] {
    const today = this.now().toISOString().slice(0, 10);
    if (this.#forgotten.day !== today) this.#forgotten = { day: today, tenants: new Set() };
    const due = [...new Set(tenantIds)].filter((id) => !this.#forgotten.tenants.has(id));
    for (const id of due) this.#forgotten.tenants.add(id);
    return due;
  }

  #schedule() {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.flush().catch((err) => this.logger.warn('kb counters not written', { error: (err as Error).message }));
    }, FLUSH_AFTER_MS);
    this.#timer.unref?.();
  }
}

/**
 * For the ticket routes: call inside the transaction that files a widget ticket, with the session id the widget
 * sent to /widget/kb/suggest. Writes that session's still-buffered suggestions, then counts each article suggested
 * in it (and not yet settled by a deflection) as "suggested, then a ticket was filed". Returns how many articles.
 * The session's searches and views are written too and the session marked as having filed a ticket.
 */
export async function ticketFiledAfterSuggestions(
  counters: KbCounters,
  tx: Queryable,
  tenantId: string,
  session: string,
): Promise<number> {
  const buffered = counters.takeSession(tenantId, session);
  for (const s of buffered.shown) await recordSuggestionsShown(tx, s.tenantId, s.articleIds, s.session, s.at);
  if (buffered.activity) await recordWidgetActivity(tx, [], [buffered.activity]);
  await markSessionFiled(tx, tenantId, session);
  return recordTicketAfterSuggestions(tx, tenantId, session);
}
