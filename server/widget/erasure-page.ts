// The page a "Delete my data" mail links to: a button that confirms (a form POST, so a mail scanner's GET deletes
// nothing), then what happens next; and the page of a link that cannot be used; in the visitor's language (en, de,
// ar; right to left for Arabic). Pure templates, every value escaped,
// no script; the style is allowed by its hash alone.
import { createHash } from 'node:crypto';
import { isRtl } from '../../i18n/index.ts';
import { erasureStrings } from '../../i18n/erasure.ts';
import { escapeHtml as esc } from '../lib/html.ts';

const CSS = `body{margin:0;background:#f4f5f7;font:16px/1.5 -apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933}
main{max-width:32rem;margin:2rem auto;background:#fff;border-radius:8px;padding:1.5rem}
h1{font-size:1.35rem;margin:0 0 .5rem}p{margin:.25rem 0 1rem}.muted{color:#52606d;font-size:.9rem}
button{font:inherit;background:#b91c1c;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;cursor:pointer}`;

export const ERASE_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "script-src 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function shell(s: Texts, title: string, body: string, tenantName?: string): string {
  return `<!doctype html><html lang="${s.locale}" dir="${isRtl(s.locale) ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style>${CSS}</style></head><body><main>${
    tenantName ? `<p class="muted">${esc(tenantName)}</p>` : ''
  }${body}</main></body></html>`;
}

type Texts = ReturnType<typeof erasureStrings>;

export function confirmPage(locale: string, tenantName: string, action: string) {
  const s = erasureStrings(locale, { name: tenantName });
  return shell(
    s,
    s.erase,
    `<h1>${esc(s.pageHeading)}</h1><p>${esc(s.pageBody)}</p><form method="post" action="${esc(action)}"><button type="submit">${esc(s.erase)}</button></form><p class="muted">${esc(s.pageKeep)}</p>`,
    tenantName,
  );
}

export function donePage(locale: string, tenantName: string) {
  const s = erasureStrings(locale, { name: tenantName });
  return shell(s, s.doneTitle, `<h1 role="status">${esc(s.doneTitle)}</h1><p>${esc(s.doneBody)}</p>`, tenantName);
}

export function invalidPage(locale: string) {
  const s = erasureStrings(locale, { name: '' });
  return shell(s, s.invalidTitle, `<h1>${esc(s.invalidHeading)}</h1><p>${esc(s.invalidBody)}</p>`);
}
