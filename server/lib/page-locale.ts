// The language of a public page opened from a mail (rating, erasure): the browser's Accept-Language decides (best q
// first, "de-AT" counts as "de"), English otherwise. Pages that know the person's language use that instead.
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import { pickLocale } from '../../i18n/index.ts';

export const pageLocale = (c: Context) =>
  accepts(c, {
    header: 'Accept-Language',
    supports: [],
    default: 'en',
    match: (wanted) =>
      pickLocale(
        wanted
          .filter((w) => w.q > 0)
          .sort((a, b) => b.q - a.q)
          .map((w) => w.type),
      ),
  });
