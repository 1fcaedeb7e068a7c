// The page a "Delete my data" mail links to: a button that confirms (a form POST, so a mail scanner's GET deletes
// nothing), then what happens next; and the page of a link that cannot be used. Pure templates, every value escaped,
// no script; the style is allowed by its hash alone.
import { createHash } from 'node:crypto';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

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

function shell(title: string, body: string, tenantName?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style>${CSS}</style></head><body><main>${
    tenantName ? `<p class="muted">${esc(tenantName)}</p>` : ''
  }${body}</main></body></html>`;
}

export const confirmPage = (tenantName: string, action: string) =>
  shell(
    'Delete my data',
    `<h1>Delete your data?</h1><p>Everything ${esc(tenantName)}'s help desk holds about you goes for good: your requests, the messages in them, your files and the mail about them. This cannot be undone.</p><form method="post" action="${esc(action)}"><button type="submit">Delete my data</button></form><p class="muted">Changed your mind? Close this page: nothing is deleted.</p>`,
    tenantName,
  );

export const donePage = (tenantName: string) =>
  shell(
    'Your data is being deleted',
    `<h1 role="status">Your data is being deleted</h1><p>It takes a moment. The help widget on ${esc(tenantName)}'s site forgets you the next time it loads.</p>`,
    tenantName,
  );

export const invalidPage = () =>
  shell(
    'Link not valid',
    '<h1>This link cannot be used</h1><p>It was already used, has expired, or was replaced by a newer one. Ask again from the help widget: "My tickets" → "Delete my data".</p>',
  );
