// Cursor pagination: `?limit=&cursor=` in, `{ data, nextCursor }` out, keyset-ordered so pages are stable.
import { z } from '@hono/zod-openapi';
import { invalidField } from './problem.ts';
import { queryInt } from './query-int.ts';

export const PageQuerySchema = z.object({
  limit: queryInt({ min: 1, max: 100, default: 25, description: 'Page size, 1–100.' }),
  cursor: z.string().max(512).optional().openapi({ description: 'Opaque cursor from the previous page.' }),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

export function encodeCursor(values: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor; anything else is a 422 on `cursor`. */
export function decodeCursor(cursor: string | undefined, arity: number): (string | number | null)[] | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      return values;
    }
  } catch {
    // fall through
  }
  throw invalidField('cursor', 'Invalid cursor.');
}

/** Rows were fetched with limit + 1; the extra row only says whether another page exists. */
export function toPage<R, T>(rows: R[], limit: number, cursorOf: (row: R) => (string | number | null)[], map: (row: R) => T) {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  return {
    data: pageRows.map(map),
    nextCursor: more ? encodeCursor(cursorOf(pageRows[pageRows.length - 1])) : null,
  };
}
