// A cursor-paged list: the first page loads with useLoad, "Load more" appends the next one.
import { useState } from 'preact/hooks';
import type { Page } from '../api.ts';
import { useLoad } from './use-load.ts';

export interface Paged<T> {
  rows: T[];
  error: unknown;
  loading: boolean;
  hasMore: boolean;
  more: () => Promise<void>;
}

/** `fetchPage(cursor)` loads one page; `deps` restart from the first page (a new search, another customer). */
export function usePages<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, deps: unknown[]): Paged<T> {
  const [extra, setExtra] = useState<{ key: string; rows: T[]; cursor: string | null | undefined }>({
    key: '',
    rows: [],
    cursor: undefined,
  });
  const [moreError, setMoreError] = useState<unknown>(null);
  const key = JSON.stringify(deps);
  const first = useLoad(() => fetchPage(null), deps);
  // Pages appended for an earlier search must not show under the new one.
  const mine = extra.key === key ? extra : { key, rows: [] as T[], cursor: undefined };
  const next = mine.cursor === undefined ? first.data?.nextCursor : mine.cursor;
  async function more() {
    if (!next) return;
    try {
      const page = await fetchPage(next);
      setExtra({ key, rows: [...mine.rows, ...page.data], cursor: page.nextCursor });
      setMoreError(null);
    } catch (e) {
      setMoreError(e);
    }
  }
  return {
    rows: [...(first.data?.data ?? []), ...mine.rows],
    error: first.error || moreError,
    loading: first.loading,
    hasMore: !!next,
    more,
  };
}
