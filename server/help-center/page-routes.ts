// The help centre's public pages: `/hc/<slug>/…` on the main origin, the same pages at the root of a tenant's own
// host (middleware run before every other route), and the ownership token a pending custom domain serves.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { getTenantBySlug } from '../tenants/queries.ts';
import { domainByToken } from './domain-queries.ts';
import { hostName } from './hosts.ts';
import { PLAIN_NOT_FOUND } from './pages.ts';
import { serveSite, siteFor } from './site.ts';
import { WELL_KNOWN } from './verification.ts';

/** The Host the client asked for (the URL's host where a test client sets no header, as Node's server builds it). */
const requestHost = (c: Context<AppEnv>) => hostName(c.req.header('host') ?? new URL(c.req.url).host);

const plainNotFound = (c: Context<AppEnv>) =>
  c.html(PLAIN_NOT_FOUND, 404, { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });

/** Answers the token a domain was given, on that domain only, so the verification check can read it over HTTP. */
async function wellKnown(c: Context<AppEnv>, deps: Deps, token: string) {
  const claim = await domainByToken(deps.db, token);
  if (!claim || claim.domain !== requestHost(c)) return c.text('Not found', 404);
  return c.text(claim.token, 200, { 'Cache-Control': 'no-store' });
}

/** Before every route: a request for a help-centre host is the help centre's, whatever its path. */
export function helpCenterHost(deps: Deps): MiddlewareHandler<AppEnv> {
  const own = new URL(deps.env.PUBLIC_URL).hostname.toLowerCase();
  return async (c, next) => {
    const host = requestHost(c);
    if (c.req.path.startsWith(WELL_KNOWN)) return wellKnown(c, deps, c.req.path.slice(WELL_KNOWN.length));
    if (!host || host === own || host === 'localhost' || host === '127.0.0.1') return next();
    const match = await deps.helpCenterHosts.match(deps.env, host);
    if (match.kind === 'app') return next();
    if (match.kind === 'unknown') return plainNotFound(c);
    const site = await siteFor(c, deps, match.tenant, '', host);
    return serveSite(c, deps, site, c.req.path === '/' ? '' : c.req.path);
  };
}

export function createHelpCenterRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const bySlug = async (c: Context<AppEnv>) => {
    const slug = c.req.param('slug') ?? '';
    const tenant = await getTenantBySlug(deps.db, slug);
    if (!tenant || tenant.status !== 'active') return plainNotFound(c);
    if (slug !== tenant.slug) return plainNotFound(c);
    const base = `/hc/${tenant.slug}`;
    const site = await siteFor(c, deps, tenant, base, requestHost(c));
    return serveSite(c, deps, site, c.req.path.slice(base.length));
  };
  app.all('/hc/:slug', bySlug);
  app.all('/hc/:slug/*', bySlug);
  return app;
}
