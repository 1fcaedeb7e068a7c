import { memo } from '../lib/memo.ts';

// The help centre's own words in the languages the widget speaks. Server only: the widget's catalog (i18n/en.ts) is
// bundled into embed.js, and none of these belong in its byte budget.
export interface HcStrings {
  helpCentre: string;
  searchLabel: string;
  searchPlaceholder: string;
  searchButton: string;
  categories: string;
  popular: string;
  articles: (n: number) => string;
  home: string;
  updated: string;
  related: string;
  helpful: string;
  yes: string;
  no: string;
  thanks: string;
  needHelp: string;
  needHelpText: string;
  openChat: string;
  emailUs: string;
  resultsFor: string;
  noResults: string;
  notFound: string;
  notFoundText: string;
  language: string;
  skip: string;
  poweredBy: string;
  empty: string;
}

const en: HcStrings = {
  helpCentre: 'Help centre',
  searchLabel: 'Search',
  searchPlaceholder: 'Search for answers',
  searchButton: 'Search',
  categories: 'Categories',
  popular: 'Popular articles',
  articles: (n) => (n === 1 ? '1 article' : `${n} articles`),
  home: 'Home',
  updated: 'Last updated',
  related: 'Related articles',
  helpful: 'Was this article helpful?',
  yes: 'Yes',
  no: 'No',
  thanks: 'Thanks for your feedback.',
  needHelp: 'Still need help?',
  needHelpText: 'Our team is happy to help.',
  openChat: 'Contact us',
  emailUs: 'Email us at',
  resultsFor: 'Results for',
  noResults: 'No articles match your search. Try other words, or contact us.',
  notFound: 'Page not found',
  notFoundText: 'This page does not exist or has moved.',
  language: 'Language',
  skip: 'Skip to content',
  poweredBy: 'Powered by Helpdesk',
  empty: 'No articles have been published yet.',
};

const de: HcStrings = {
  helpCentre: 'Hilfe-Center',
  searchLabel: 'Suche',
  searchPlaceholder: 'Nach Antworten suchen',
  searchButton: 'Suchen',
  categories: 'Kategorien',
  popular: 'Beliebte Artikel',
  articles: (n) => (n === 1 ? '1 Artikel' : `${n} Artikel`),
  home: 'Start',
  updated: 'Zuletzt aktualisiert',
  related: 'Ähnliche Artikel',
  helpful: 'War dieser Artikel hilfreich?',
  yes: 'Ja',
  no: 'Nein',
  thanks: 'Danke für Ihr Feedback.',
  needHelp: 'Brauchen Sie weitere Hilfe?',
  needHelpText: 'Unser Team hilft Ihnen gern.',
  openChat: 'Kontakt',
  emailUs: 'Schreiben Sie uns an',
  resultsFor: 'Ergebnisse für',
  noResults: 'Keine Artikel gefunden. Versuchen Sie andere Wörter oder kontaktieren Sie uns.',
  notFound: 'Seite nicht gefunden',
  notFoundText: 'Diese Seite gibt es nicht oder sie wurde verschoben.',
  language: 'Sprache',
  skip: 'Zum Inhalt springen',
  poweredBy: 'Bereitgestellt von Helpdesk',
  empty: 'Noch keine Artikel veröffentlicht.',
};

const ar: HcStrings = {
  helpCentre: 'مركز المساعدة',
  searchLabel: 'بحث',
  searchPlaceholder: 'ابحث عن إجابات',
  searchButton: 'بحث',
  categories: 'الفئات',
  popular: 'المقالات الشائعة',
  articles: (n) => `${n} مقالة`,
  home: 'الرئيسية',
  updated: 'آخر تحديث',
  related: 'مقالات ذات صلة',
  helpful: 'هل كانت هذه المقالة مفيدة؟',
  yes: 'نعم',
  no: 'لا',
  thanks: 'شكرًا على ملاحظاتك.',
  needHelp: 'هل ما زلت بحاجة إلى مساعدة؟',
  needHelpText: 'يسعد فريقنا مساعدتك.',
  openChat: 'اتصل بنا',
  emailUs: 'راسلنا على',
  resultsFor: 'نتائج البحث عن',
  noResults: 'لا توجد مقالات مطابقة. جرّب كلمات أخرى أو اتصل بنا.',
  notFound: 'الصفحة غير موجودة',
  notFoundText: 'هذه الصفحة غير موجودة أو تم نقلها.',
  language: 'اللغة',
  skip: 'انتقل إلى المحتوى',
  poweredBy: 'مقدم من Helpdesk',
  empty: 'لم تُنشر أي مقالات بعد.',
};

const BY_LOCALE: Record<string, HcStrings> = { en, de, ar };

/** The words for `locale` (its language part), English when we have none. */
export const stringsFor = (locale: string): HcStrings => BY_LOCALE[locale.split('-')[0].toLowerCase()] ?? en;

const RTL = new Set(['ar', 'he', 'fa', 'ur']);
export const dirOf = (locale: string) => (RTL.has(locale.split('-')[0].toLowerCase()) ? 'rtl' : 'ltr');

// Pure and asked for on every page (Intl.DisplayNames is slow to build): remembered per tag.
/** A language's name in itself ("Deutsch"), for the language switch; the tag when the runtime does not know it. */
const languageNames = memo<string>(500);
export const languageName = (locale: string) => languageNames(locale, () => ownName(locale));

function ownName(locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale);
    return name ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : locale;
  } catch {
    return locale;
  }
}
