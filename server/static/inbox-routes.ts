// Serves the built inbox (dist/inbox) at /inbox with an SPA fallback and a strict Content-Security-Policy.
import { Hono, type Context } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppEnv, Deps } from '../types.ts';

const DIST = fileURLToPath(new URL('../../dist/inbox/', import.meta.url));

const TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'preview.js': 'text/javascript; charset=utf-8',
  'preview.html': 'text/html; charset=utf-8',
};

/** A lazily loaded page's code, as the build names it (`chunks/<name>-<hash>.js`). */
const CHUNK = /^chunks\/[\w-]+\.js$/;

/**
 * The inbox renders visitor-written text; the CSP is the second wall behind escaping: no inline
 * script, no foreign script, no framing of the inbox. Logos may come from any https host.
 */
const INBOX_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The widget preview frame runs the real embed; it styles its Shadow DOM with adopted stylesheets, so no inline style is needed. */
const PREVIEW_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

const COMMON = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-cache' };

function readBuilt(file: string): string | null {
  const path = join(DIST, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

export function createInboxRoutes(_deps: Deps) {
  const app = new Hono<AppEnv>();
  const page = (c: Context<AppEnv>) => {
    const html = readBuilt('index.html');
    if (html === null) return c.text('The inbox is not built yet. Run `npm run build`.', 503);
    return c.body(html, 200, {
      ...COMMON,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': INBOX_CSP,
      'X-Frame-Options': 'DENY',
    });
  };
  app.get('/inbox', page);
  app.get('/inbox/', page);
  app.get('/inbox/:file{.+}', (c) => {
    const file = c.req.param('file');
    const type = TYPES[file] ?? (CHUNK.test(file) ? TYPES['app.js'] : undefined);
    if (!type) return page(c);
    const body = readBuilt(file);
    if (body === null) return c.text('The inbox is not built yet. Run `npm run build`.', 503);
    const csp: Record<string, string> = file === 'preview.html' ? { 'Content-Security-Policy': PREVIEW_CSP } : {};
    return c.body(body, 200, { ...COMMON, 'Content-Type': type, ...csp });
  });
  return app;
}
