// The public rating page behind the resolved mail's links: a form (the rating from the link preselected, an
// optional comment) that works without JavaScript, and the thanks page. Pure templates; every value escaped.
import { createHash } from 'node:crypto';
import { RATING_WINDOW_DAYS, type RATINGS } from './schemas.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

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

function shell(tenantName: string, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${esc(title)} – ${esc(tenantName)}</title><style>${CSS}</style></head><body><main><p class="muted">${esc(tenantName)}</p>${body}</main></body></html>`;
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

export function formPage(p: FormPage): string {
  const choice = (value: string, label: string) =>
    `<label class="choice"><input type="radio" name="rating" value="${value}"${p.rating === value ? ' checked' : ''} required> ${label}</label>`;
  return shell(
    p.tenantName,
    'How did we do?',
    `<h1>How did we do?</h1><p>Your request #${p.ticket.number}: ${esc(p.ticket.subject)}</p>${
      p.error ? `<p class="error" role="alert">${esc(p.error)}</p>` : ''
    }${p.rated ? `<p class="muted">You rated this already; you may change it for ${RATING_WINDOW_DAYS} days after the ticket was resolved.</p>` : ''}<form method="post" action="${esc(p.action)}"><fieldset><legend>Your rating</legend>${choice('good', 'Good')}${choice('bad', 'Bad')}</fieldset><label for="comment">Comment (optional)</label><textarea id="comment" name="comment" maxlength="2000">${esc(p.comment)}</textarea><button type="submit">Send rating</button></form>`,
  );
}

export function thanksPage(tenantName: string, rating: string): string {
  return shell(
    tenantName,
    'Thank you',
    `<h1>Thank you!</h1><p>We received your rating: ${rating === 'good' ? 'Good' : 'Bad'}.</p><p class="muted">You can change it from the link in the email for ${RATING_WINDOW_DAYS} days after the ticket was resolved.</p>`,
  );
}

export function closedPage(tenantName: string, reason: string): string {
  return shell(tenantName, 'Rating closed', `<h1>This rating is closed</h1><p>${esc(reason)}</p>`);
}

export const NOT_FOUND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Not found</title></head><body><h1>Not found</h1></body></html>`;
