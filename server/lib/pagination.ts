// Cursor pagination: `?limit=&cursor=` in, `{ data, nextCursor }` out, keyset-ordered so pages are stable.
import { z } from '@hono/zod-openapi';
import { Problem } from './problem.ts';
import { queryInt } from './query-int.ts';

const MAX_CURSOR = 512;

export const PageQuerySchema = z.object({
  limit: queryInt({ min: 1, max: 100, default: 25, description: 'Page size, 1–100.' }),
  // Bounded in decodeCursor, so an overlong cursor is the same 400 as any other bad one.
  cursor: z
    .string()
    .optional()
    .openapi({ maxLength: MAX_CURSOR, description: 'Opaque cursor from the previous page.' }),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

type CursorValue = string | number | null;

/** Keyset parts a list's cursor schema is built from (see decodeCursor). */
export const CursorPart = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  time: z.iso.datetime(),
  /** A position or sequence number; `z.int()` is finite and safe by itself. */
  int: z.int(),
};

/** The keysets most lists order by. */
export const Keyset = {
  /** (a timestamp such as created_at, id) */
  timeId: z.tuple([CursorPart.time, CursorPart.id]),
  /** (position, id) */
  positionId: z.tuple([CursorPart.int, CursorPart.id]),
  /** an autoincrement seq */
  seq: z.tuple([CursorPart.int]),
};

export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Bounds every decoded value before the list's schema sees it, so no schema can let these through. */
const MAX_PARTS = 8;
const MAX_STRING = 256;
const plainValue = (v: unknown) =>
  v === null ||
  (typeof v === 'string' && v.length <= MAX_STRING) ||
  // -0 is never encoded (JSON writes it as 0), so a cursor carrying it was not made by us.
  (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0));

export function invalidCursor(message = 'Pass the nextCursor of the previous page unchanged.') {
  return new Problem(400, 'Invalid cursor.', {
    type: 'https://helpdesk.dev/problems/invalid-cursor',
    extra: { errors: [{ path: 'cursor', message }] },
  });
}

/**
 * Decodes a cursor made by encodeCursor against the list's keyset, e.g.
 * `decodeCursor(cursor, z.tuple([CursorPart.time, CursorPart.id]))`. A cursor that is not one of
 * ours (not base64url JSON, wrong arity or types, non-finite numbers) is a 400 on `cursor`.
 */
export function decodeCursor<S extends z.ZodType<readonly CursorValue[]>>(
  cursor: string | undefined,
  schema: S,
): z.output<S> | null {
  if (!cursor) return null;
  if (cursor.length > MAX_CURSOR) throw invalidCursor();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(values) || values.length > MAX_PARTS || !values.every(plainValue)) throw invalidCursor();
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw invalidCursor(parsed.error.issues[0]?.message);
  return parsed.data;
}

/** Rows were fetched with limit + 1; the extra row only says whether another page exists. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  cursorOf: (row: R) => readonly CursorValue[],
  map: (row: R) => T,
) {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  return {
    data: pageRows.map(map),
    nextCursor: more ? encodeCursor(cursorOf(pageRows[pageRows.length - 1])) : null,
  };
}
