import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { LOCALES, pickLocale } from './index.ts';
import { TRANSLATIONS, WIDGET_LOCALES } from './catalog.ts';
import { RATE_PAGE_TRANSLATIONS, ratePageEn } from './rate-page.ts';

describe('translations', () => {
  it('offers the same locales in the widget and on the server', () => {
    expect(LOCALES).toEqual(WIDGET_LOCALES);
  });

  it.each(Object.keys(TRANSLATIONS))('%s has every key, non-empty, with the same placeholders', (locale) => {
    const t = TRANSLATIONS[locale] as Record<string, string>;
    for (const [k, v] of Object.entries(en)) {
      expect(t[k], `${locale}.${k}`).toBeTruthy();
      expect(t[k].match(/\{\w+\}/g)?.sort(), `${locale}.${k}`).toEqual(v.match(/\{\w+\}/g)?.sort());
    }
  });

  it.each(Object.keys(TRANSLATIONS))('the rating page in %s has every key with the same placeholders', (locale) => {
    expect(Object.keys(RATE_PAGE_TRANSLATIONS)).toEqual(WIDGET_LOCALES);
    const t = RATE_PAGE_TRANSLATIONS[locale] as Record<string, string>;
    for (const [k, v] of Object.entries(ratePageEn)) {
      expect(t[k], `${locale}.${k}`).toBeTruthy();
      expect(t[k].match(/\{\w+\}/g)?.sort(), `${locale}.${k}`).toEqual(v.match(/\{\w+\}/g)?.sort());
    }
  });

  it('picks the first supported language, by base language, English otherwise', () => {
    expect(pickLocale(undefined, ['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLocale('ar-EG')).toBe('ar');
    expect(pickLocale('xx', [])).toBe('en');
  });
});
