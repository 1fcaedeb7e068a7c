// Every translation the widget offers, for the server: it sends the visitor's one with /widget/config, so embed.js
// (which imports index.ts, never this file) carries English only.
import { en, type Strings } from './en.ts';
import { de } from './de.ts';
import { ar } from './ar.ts';

export const TRANSLATIONS: Record<string, Strings> = { en, de, ar };
export const WIDGET_LOCALES = Object.keys(TRANSLATIONS);
