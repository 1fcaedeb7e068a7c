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
