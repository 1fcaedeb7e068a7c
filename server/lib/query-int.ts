// Integer query parameters: digits only, so " 5", "0x10", "1e1", "+5" and "" are refused instead of coerced.
import { z } from '@hono/zod-openapi';

export interface QueryIntOptions {
  min: number;
  max: number;
  description?: string;
}

const digits = (o: QueryIntOptions) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number written with digits only')
    .transform(Number)
    .pipe(z.int().min(o.min).max(o.max));

const docOf = (o: QueryIntOptions) => ({
  type: 'integer' as const,
  minimum: o.min,
  maximum: o.max,
  description: o.description,
});

/**
 * A query-string integer. `z.coerce.number()` takes whatever `Number()` takes (blanks, hex,
 * exponents, a sign), so a typo becomes a different page size instead of an error. The document
 * still says `integer` with its bounds: that is what a client sends.
 */
export function queryInt(o: QueryIntOptions & { default: number }) {
  return digits(o)
    .default(o.default)
    .openapi({ ...docOf(o), default: o.default });
}
