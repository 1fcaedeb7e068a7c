// Every translation the widget offers; the server sends the visitor's one with /widget/config so embed.js carries English only.
import { en, type Strings } from './en.ts';
import { de } from './de.ts';
import { ar } from './ar.ts';

export const TRANSLATIONS: Record<string, Strings> = { en, de, ar };
export const WIDGET_LOCALES = Object.keys(TRANSLATIONS);

/** First supported language among the wanted ones ("de-AT" counts as "de"); English otherwise. */
export function pickLocale(...wanted: (string | readonly string[] | undefined | null)[]): string {
  for (const w of wanted.flat()) {
    const lang = typeof w === 'string' ? w.toLowerCase().split('-')[0] : '';
    if (lang && TRANSLATIONS[lang]) return lang;
  }
  return 'en';
}
