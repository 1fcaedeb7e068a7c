// Serves /demo: the sample "Trailhead Outfitters" shop with the contract's snippet filled in for the seeded demo tenant.
import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppEnv, Deps } from '../types.ts';
import { demoTenantId } from '../seed/demo.ts';
import { getTenant } from '../tenants/queries.ts';

const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));
const ASSETS: Record<string, string> = { 'shop.css': 'text/css; charset=utf-8', 'product.svg': 'image/svg+xml' };

/**
 * The page pastes the snippet exactly as an owner would, as the Install page hands it out (no theme, so
 * the tenant's branding decides colour and position); the placeholders become this server's values.
 */
export function fillSnippet(
  html: string,
  v: { tenantId: string; widgetKey: string; publicUrl: string; nonce: string },
): string {
  return html
    .replaceAll('TENANT_ID', v.tenantId)
    .replaceAll('hd_pk_…', v.widgetKey)
    .replaceAll('PUBLIC_URL', v.publicUrl)
    .replaceAll('NONCE', v.nonce);
}

/** The demo runs under a strict CSP on purpose: the widget needs no inline style and no eval. */
const csp = (publicUrl: string, nonce: string) =>
  [
    "default-src 'self'",
    `script-src 'self' ${publicUrl} 'nonce-${nonce}'`,
    "style-src 'self'",
    `connect-src 'self' ${publicUrl}`,
    "img-src 'self' data: https:",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');

export function createDemoRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/demo', async (c) => {
    const id = await demoTenantId(deps.db);
    const tenant = id ? await getTenant(deps.db, id) : undefined;
    if (!tenant) {
      return c.text(
        'The demo tenant is not seeded on this database (SEED_DEMO=0 or an existing database). Start with an empty database to see the demo.',
        404,
      );
    }
    const nonce = randomBytes(16).toString('base64');
    const publicUrl = deps.env.PUBLIC_URL;
    const html = fillSnippet(readFileSync(`${DEMO_DIR}index.html`, 'utf8'), {
      tenantId: tenant.id,
      widgetKey: tenant.widgetKey,
      publicUrl,
      nonce,
    });
    return c.html(html, 200, {
      'Content-Security-Policy': csp(publicUrl, nonce),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });
  app.get('/demo/:file', (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    if (!type) return c.notFound();
    return c.body(readFileSync(`${DEMO_DIR}${file}`), 200, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=300',
    });
  });
  return app;
}
