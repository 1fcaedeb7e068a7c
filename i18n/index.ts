// Translations, shared by the widget and the server (plain data and tiny functions, no dependencies). This is the
// widget's entry: English is built in, other languages arrive with the config (catalog.ts, read by the server).
import { en, type Strings } from './en.ts';

export type { Strings };
export { en };

/** Kept in step with catalog.ts by i18n.test.ts; only the names ship in embed.js, not the texts. */
export const LOCALES = ['en', 'de', 'ar'];
export const isRtl = (locale: string) => locale === 'ar';

/** First supported language among the wanted ones ("de-AT" counts as "de"); English otherwise. */
export function pickLocale(...wanted: (string | readonly string[] | undefined | null)[]): string {
  for (const w of wanted.flat()) {
    const lang = typeof w === 'string' ? w.toLowerCase().split('-')[0] : '';
    if (lang && LOCALES.includes(lang)) return lang;
  }
  return 'en';
}

/** Missing keys fall back to English, so a newer widget never shows a blank label. */
export const withFallback = (s?: Partial<Strings> | null): Strings => ({ ...en, ...s });

export function fill(s: string, vars: Record<string, string | number>): string {
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}
