// The public rating page behind the resolved mail's links: a form (the rating from the link preselected, an
// optional comment) that works without JavaScript, and the thanks page, in the requester's language (en, de, ar;
// right to left for Arabic). Pure templates; every value escaped.
import { createHash } from 'node:crypto';
import { fill, isRtl } from '../../i18n/index.ts';
import { TRANSLATIONS } from '../../i18n/catalog.ts';
import { RATE_PAGE_TRANSLATIONS, type RatePageStrings } from '../../i18n/rate-page.ts';
import { RATING_WINDOW_DAYS, type RATINGS } from './schemas.ts';
import { escapeHtml as esc } from '../lib/html.ts';

const CSS = `body{margin:0;background:#f4f5f7;font:16px/1.5 -apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933}
main{max-width:32rem;margin:2rem auto;background:#fff;border-radius:8px;padding:1.5rem}
h1{font-size:1.35rem;margin:0 0 .25rem}p{margin:.25rem 0 1rem}.muted{color:#52606d;font-size:.9rem}
fieldset{border:0;padding:0;margin:0 0 1rem;display:flex;gap:.75rem}legend{font-weight:600;margin-bottom:.5rem}
label.choice{flex:1;border:1px solid #cbd2d9;border-radius:6px;padding:.6rem .8rem;cursor:pointer}
label.choice:has(input:checked){border-color:#2563eb;background:#eff6ff}
textarea{width:100%;box-sizing:border-box;min-height:6rem;font:inherit;padding:.5rem;border:1px solid #cbd2d9;border-radius:6px}
button{margin-top:1rem;font:inherit;background:#2563eb;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;cursor:pointer}
.error{color:#b91c1c}`;

export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "script-src 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page's texts in one language: its own and the widget's words for the question, the choices and the comment. */
export function pageStrings(locale: string) {
  const w = TRANSLATIONS[locale] ?? TRANSLATIONS.en!;
  const p: RatePageStrings = RATE_PAGE_TRANSLATIONS[locale] ?? RATE_PAGE_TRANSLATIONS.en!;
  return {
    ...p,
    locale: TRANSLATIONS[locale] ? locale : 'en',
    ask: w.rateAsk,
    good: w.good,
    bad: w.bad,
    comment: `${w.rateNote} (${w.optional})`,
  };
}
export type PageStrings = ReturnType<typeof pageStrings>;

const days = { days: RATING_WINDOW_DAYS };

function shell(s: PageStrings, tenantName: string, title: string, body: string): string {
  return `<!doctype html><html lang="${s.locale}" dir="${isRtl(s.locale) ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${esc(title)} – ${esc(tenantName)}</title><style>${CSS}</style></head><body><main><p class="muted">${esc(tenantName)}</p>${body}</main></body></html>`;
}

export interface FormPage {
  tenantName: string;
  ticket: { number: number; subject: string };
  action: string;
  rating: (typeof RATINGS)[number] | null;
  comment: string;
  /** Already rated: the form changes the rating. */
  rated: boolean;
  error?: string;
}

export function formPage(s: PageStrings, p: FormPage): string {
  const choice = (value: 'good' | 'bad') =>
    `<label class="choice"><input type="radio" name="rating" value="${value}"${p.rating === value ? ' checked' : ''} required> ${esc(s[value])}</label>`;
  return shell(
    s,
    p.tenantName,
    s.ask,
    `<h1>${esc(s.ask)}</h1><p>${esc(fill(s.request, { n: p.ticket.number, subject: p.ticket.subject }))}</p>${
      p.error ? `<p class="error" role="alert">${esc(p.error)}</p>` : ''
    }${p.rated ? `<p class="muted">${esc(fill(s.already, days))}</p>` : ''}<form method="post" action="${esc(p.action)}"><fieldset><legend>${esc(s.yourRating)}</legend>${choice('good')}${choice('bad')}</fieldset><label for="comment">${esc(s.comment)}</label><textarea id="comment" name="comment" maxlength="2000">${esc(p.comment)}</textarea><button type="submit">${esc(s.send)}</button></form>`,
  );
}

export function thanksPage(s: PageStrings, tenantName: string, rating: 'good' | 'bad'): string {
  return shell(
    s,
    tenantName,
    s.thanksTitle,
    `<h1>${esc(s.thanks)}</h1><p>${esc(fill(s.received, { rating: s[rating] }))}</p><p class="muted">${esc(fill(s.changeLater, days))}</p>`,
  );
}

export function closedPage(s: PageStrings, tenantName: string, reason: string): string {
  return shell(s, tenantName, s.closedTitle, `<h1>${esc(s.closed)}</h1><p>${esc(reason)}</p>`);
}

/** The refusal in the page's language (`expired` names the window). */
export const refusalText = (s: PageStrings, code: 'off' | 'unresolved' | 'reopened' | 'expired') => fill(s[code], days);

export const notFoundPage = (s: PageStrings) =>
  `<!doctype html><html lang="${s.locale}" dir="${isRtl(s.locale) ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${esc(s.notFound)}</title></head><body><h1>${esc(s.notFound)}</h1></body></html>`;
