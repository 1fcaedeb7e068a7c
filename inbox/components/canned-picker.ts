// The reply box's canned responses: `/` at the start of an empty reply opens them, what follows filters them.
import type { CannedResponse } from '../types.ts';

/** The filter typed after a leading `/` (one line, short), or null when the reply is not a canned-response search. */
export function slashQuery(body: string): string | null {
  const m = /^\/([^\n]{0,40})$/.exec(body);
  return m ? m[1] : null;
}

/** Shortcut matches first (`/ref` → `refund`), then titles containing the words, each group in its saved order. */
export function filterCanned(list: CannedResponse[], query: string): CannedResponse[] {
  const q = query.trim().toLowerCase();
  if (!q) return list;
  const byShortcut = list.filter((r) => r.shortcut?.startsWith(q));
  const words = q.split(/\s+/);
  const byTitle = list.filter((r) => !byShortcut.includes(r) && words.every((w) => r.title.toLowerCase().includes(w)));
  return [...byShortcut, ...byTitle];
}
