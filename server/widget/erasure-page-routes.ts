// `/erase/<token>`: the page a "Delete my data" mail links to. GET shows the button and changes nothing (mail
// scanners follow links); POST uses the link and queues the erasure (confirmErasure). The pages speak the language
// the visitor's widget spoke when they asked; a link we cannot find, the browser's.
import { Hono, type Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { actorOf } from '../audit/audit.ts';
import { pageLocale } from '../lib/page-locale.ts';
import { confirmErasure, erasureLinkTarget } from './erasure-service.ts';
import { confirmPage, donePage, ERASE_PAGE_CSP, invalidPage } from './erasure-page.ts';

const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': ERASE_PAGE_CSP,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  Vary: 'Accept-Language',
};

const html = (c: Context<AppEnv>, body: string, status: 200 | 404) => c.body(body, status, HEADERS);

export function createErasurePageRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const limited = rateLimit({
    limiter: deps.limiter,
    enabled: deps.env.RATE_LIMITS,
    limit: 30,
    windowMs: 10 * 60 * 1000,
    key: (c) => `erase:page:${clientIp(c)}`,
  });

  app.get('/erase/:token', limited, async (c) => {
    const token = c.req.param('token');
    const target = await erasureLinkTarget(deps, token);
    if (!target) return html(c, invalidPage(pageLocale(c)), 404);
    return html(c, confirmPage(target.locale, target.tenantName, `/erase/${token}`), 200);
  });

  app.post('/erase/:token', limited, async (c) => {
    const token = c.req.param('token');
    const target = await erasureLinkTarget(deps, token);
    if (!target || !(await confirmErasure(deps, actorOf(c), token))) {
      return html(c, invalidPage(target?.locale ?? pageLocale(c)), 404);
    }
    return html(c, donePage(target.locale, target.tenantName), 200);
  });
  return app;
}
