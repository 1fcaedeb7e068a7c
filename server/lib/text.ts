// Free text in request bodies: bounded, and without characters that storage would cut (NUL) or mangle (lone surrogates).
import { z } from '@hono/zod-openapi';

/** C0 controls; a single-line field takes none of them (a trailing newline is trimmed first). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SINGLE_LINE = /^[^\u0000-\u001f]*$/;
/** C0 controls but tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const MULTI_LINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$/;
/** UTF-8 cannot carry half a surrogate pair: SQLite would store U+FFFD instead of what was sent. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const CONTROL_MESSAGE = {
  single: 'must not contain control characters or line breaks',
  multi: 'must not contain control characters other than tab and line breaks',
};
export const SURROGATE_MESSAGE = 'must be valid Unicode (no lone surrogates)';

export const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

/** Adds the character rules to a string schema that has its own bounds (message bodies count bytes). */
export function withoutControls(s: z.ZodString, multiline = false) {
  return s
    .regex(multiline ? MULTI_LINE : SINGLE_LINE, multiline ? CONTROL_MESSAGE.multi : CONTROL_MESSAGE.single)
    .refine(wellFormed, SURROGATE_MESSAGE);
}

export interface TextOptions {
  max: number;
  /** Refuse an empty (after trimming) value; a string is the message. */
  nonEmpty?: boolean | string;
  /** Allow tab, LF and CR (bodies, descriptions, CSS). */
  multiline?: boolean;
  /** Trim surrounding white space first; default true. */
  trim?: boolean;
}

/** A free-text field of a request body, e.g. `text({ max: 120, nonEmpty: true })`. */
export function text(o: TextOptions) {
  let s = z.string();
  if (o.trim !== false) s = s.trim();
  if (o.nonEmpty) s = s.min(1, typeof o.nonEmpty === 'string' ? o.nonEmpty : undefined);
  return withoutControls(s.max(o.max), o.multiline);
}
