// How every report answers `?format=csv`: a header row of the listed fields, one line per row, as a download.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { csvCell } from './export-queries.ts';

export const formatQuery = z
  .enum(['json', 'csv'])
  .default('json')
  .openapi({ description: '`csv` downloads the report as CSV.' });

export const csvOf = <T extends Record<string, unknown>>(rows: T[], header: (keyof T & string)[]) =>
  [header.join(','), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(','))].join('\r\n') + '\r\n';

export const csvAnswer = (c: Context, name: string, body: string, day: Date) =>
  c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}-${day.toISOString().slice(0, 10)}.csv"`,
  });

/** A 200 answer that is the schema as JSON, or its CSV text. */
export const withCsv = <S extends z.ZodTypeAny>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema }, 'text/csv': { schema: z.string() } },
});

/** How many rows a paged list's CSV carries at most; past it, `Link: <…>; rel="next"` says where to go on from. */
export const CSV_MAX_ROWS = 5000;

/**
 * A paged list (drill-down, CSAT comments) as CSV: from the asked cursor on, page after page up to CSV_MAX_ROWS, so
 * the download is the whole report rather than the page a screen shows (`limit` does not apply to it).
 */
export async function csvPagedAnswer<T extends Record<string, unknown>>(
  c: Context,
  name: string,
  header: (keyof T & string)[],
  day: Date,
  from: string | undefined,
  pageAt: (cursor: string | undefined, limit: number) => Promise<{ data: T[]; nextCursor: string | null }>,
) {
  const rows: T[] = [];
  let cursor = from;
  do {
    const page = await pageAt(cursor, Math.min(100, CSV_MAX_ROWS - rows.length));
    rows.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < CSV_MAX_ROWS);
  const res = csvAnswer(c, name, csvOf(rows, header), day);
  if (cursor) {
    const next = new URL(c.req.url);
    next.searchParams.set('cursor', cursor);
    res.headers.set('Link', `<${next.pathname}${next.search}>; rel="next"`);
  }
  return res;
}
