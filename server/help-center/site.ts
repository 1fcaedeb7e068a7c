// One tenant's help centre, served for a path below its base (`/hc/<slug>` on the main origin, or the root of its
// own host): picks the page, reads what it shows, and answers with ETag, cache headers and a strict CSP.
import type { Context } from 'hono';
import { createHash } from 'node:crypto';
import { memo } from '../lib/memo.ts';
import type { AppEnv, Deps } from '../types.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { tenantHas } from '../billing/entitlements.ts';
import { inboundAddress } from '../mail/addresses.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { getArticle, getArticleBySlug, kbVersion, listPublishedLinks } from '../kb/article-queries.ts';
import { getCategory, listPublicCategories } from '../kb/category-queries.ts';
import { excerpt } from '../kb/markdown.ts';
import { voteOnArticle } from '../kb/feedback-service.ts';
import { searchForVisitor } from '../kb/visitor-search.ts';
import { redirectedArticleId } from '../kb/slug-redirect-queries.ts';
import {
  articlePage,
  articlePath,
  categoryPage,
  homePage,
  notFoundPage,
  path as sitePath,
  searchPage,
  type Rendered,
  type Site,
} from './pages.ts';
import { robotsTxt, sitemapXml } from './seo.ts';
import { getPublishedArticle, sitemapArticles, translationsOf } from './site-queries.ts';

/** Changes whenever the page code does, so a deploy never serves an old page for an unchanged ETag. */
const BUILD = Date.now().toString(36);

/** The best of `locales` for an Accept-Language header, else the first. */
export function pickLocale(header: string | undefined, locales: string[]): string {
  const wanted = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const w of wanted) {
    const exact = locales.find((l) => l.toLowerCase() === w.tag);
    if (exact) return exact;
    const base = locales.find((l) => l.toLowerCase().split('-')[0] === w.tag.split('-')[0]);
    if (base) return base;
  }
  return locales[0];
}

/** Theme CSS → its CSP hash (themes are few and built once per tenant version, see pages.ts). */
const styleHashes = memo<string>();
const styleHash = (css: string) => styleHashes(css, () => createHash('sha256').update(css).digest('base64'));

function cspFor(deps: Deps, css: string, site: Site): string {
  const api = new URL(deps.env.PUBLIC_URL).origin;
  return [
    "default-src 'none'",
    `style-src 'sha256-${styleHash(css)}'`,
    `img-src 'self' ${api} https: data:`,
    site.widget ? `script-src 'self' ${api}` : "script-src 'none'",
    site.widget ? `connect-src ${api}` : "connect-src 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const COMMON = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' };

function page(c: Context<AppEnv>, deps: Deps, site: Site, r: Rendered, status: 200 | 404, etag?: string) {
  return c.body(r.html, status, {
    ...COMMON,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': cspFor(deps, r.css, site),
    'Cache-Control': status === 200 && etag ? 'public, max-age=60, stale-while-revalidate=600' : 'no-store',
    ...(etag ? { ETag: etag, Vary: 'Accept-Language' } : {}),
  });
}

/** The origin the visitor used: the request's scheme (the proxy's when TRUST_PROXY believes it) and host. */
function originOf(c: Context<AppEnv>, deps: Deps, host: string): string {
  const forwarded = deps.env.TRUST_PROXY.kind !== 'none' ? c.req.header('x-forwarded-proto') : undefined;
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : new URL(c.req.url).protocol.slice(0, -1);
  return `${scheme}://${host}`;
}

export async function siteFor(
  c: Context<AppEnv>,
  deps: Deps,
  tenant: TenantRecord,
  base: string,
  host: string,
): Promise<Site> {
  const version = await kbVersion(deps.db, tenant.id);
  const locales = await deps.helpCenterLocales.get(deps.db, tenant.id, version);
  const ordered = locales.includes('en') ? ['en', ...locales.filter((l) => l !== 'en')] : locales;
  return {
    tenant,
    version,
    base,
    origin: base ? new URL(deps.env.PUBLIC_URL).origin : originOf(c, deps, host),
    locales: ordered.length ? ordered : ['en'],
    locale: ordered[0] ?? 'en',
    inboundEmail: inboundAddress(tenant.slug, deps.env.INBOUND_DOMAIN),
    widget: tenant.settings.helpCenter?.showWidget === true,
    whiteLabel: await tenantHas(deps.db, tenant, 'white-label'),
  };
}

/** The loader that puts the tenant's widget on its help centre (an external script: the CSP allows no inline one). */
function widgetLoader(deps: Deps, tenant: TenantRecord): string {
  const api = new URL(deps.env.PUBLIC_URL).origin;
  const config = {
    tenantId: tenant.id,
    apiKey: tenant.widgetKey,
    apiBase: api,
    features: { ticketSubmission: true, knowledgeBase: true, liveChat: tenant.settings.chat?.enabled === true },
  };
  return `window.HelpDeskConfig=${JSON.stringify(config).replace(/</g, '\\u003c')};
window.HelpDesk=window.HelpDesk||function(){(window.HelpDesk.q=window.HelpDesk.q||[]).push(arguments)};
(function(){var s=document.createElement('script');s.src=${JSON.stringify(`${api}/embed.js`)};s.async=true;document.head.appendChild(s);
document.querySelectorAll('[data-hd-open]').forEach(function(b){b.hidden=false;b.addEventListener('click',function(){window.HelpDesk('open')})})})();\n`;
}

const FEEDBACK_LIMIT = { limit: 30, windowMs: 10 * 60_000 };

/**
 * Answers `rest` (the path after the base, '' or starting with '/') for `site`'s tenant. Drafts never show:
 * every article read here is a published one.
 */
export async function serveSite(c: Context<AppEnv>, deps: Deps, site: Site, rest: string): Promise<Response> {
  const { db } = deps;
  const tenantId = site.tenant.id;
  const at = (p: string) => sitePath(site, p);
  if (rest === '' || rest === '/')
    return c.redirect(at(`/${pickLocale(c.req.header('accept-language'), site.locales)}/`), 302);
  if (rest === '/robots.txt') return c.text(robotsTxt(site), 200, COMMON);
  if (rest === '/sitemap.xml') {
    const articles = await sitemapArticles(db, tenantId, 45_000);
    const categoriesByLocale: Record<string, string[]> = {};
    for (const l of site.locales)
      categoriesByLocale[l] = (await listPublicCategories(db, tenantId, l))
        .filter((x) => x.articleCount)
        .map((x) => x.slug);
    return c.body(sitemapXml(site, articles, categoriesByLocale), 200, {
      ...COMMON,
      'Content-Type': 'application/xml; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    });
  }
  if (rest === '/widget.js' && site.widget)
    return c.body(widgetLoader(deps, site.tenant), 200, {
      ...COMMON,
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    });

  const m = /^\/([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)(\/.*)?$/.exec(rest);
  const locale = m && site.locales.find((l) => l.toLowerCase() === m[1].toLowerCase());
  if (!m || !locale) return page(c, deps, site, notFoundPage(site), 404);
  if (locale !== m[1]) return c.redirect(at(`/${locale}${m[2] ?? '/'}`), 301);
  const here: Site = { ...site, locale };
  const sub = m[2] ?? '';
  if (sub === '') return c.redirect(at(`/${locale}/`), 301);

  // Feedback: a plain form post (no script needed), then back to the article with thanks.
  const vote = /^\/articles\/([^/]+)\/feedback$/.exec(sub);
  if (vote && c.req.method === 'POST') {
    const a = await getArticleBySlug(db, tenantId, decodeURIComponent(vote[1]), locale);
    if (!a || a.status !== 'published') return page(c, deps, here, notFoundPage(here), 404);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const helpful = form.helpful === 'yes' ? true : form.helpful === 'no' ? false : null;
    const key = `hc:vote:${tenantId}:${clientIp(c)}`;
    const limited = (await deps.limiter.hit(key, FEEDBACK_LIMIT.limit, FEEDBACK_LIMIT.windowMs)).allowed === false;
    if (helpful !== null && !limited) await voteOnArticle(deps, tenantId, a.id, helpful);
    return c.redirect(`${articlePath(here, locale, a.slug)}?voted=1`, 303);
  }
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return page(c, deps, here, notFoundPage(here), 404);

  // Everything below depends only on the published KB, the tenant and the address: one cheap read says unchanged.
  const etag = `W/"${createHash('sha1')
    .update([BUILD, site.version, site.tenant.updatedAt, site.origin, site.base, locale, c.req.url].join('\u0000'))
    .digest('base64url')}"`;
  const article = /^\/articles\/([^/]+)$/.exec(sub);
  const fresh = c.req.header('if-none-match') === etag;

  const voted = c.req.query('voted') === '1';
  const cached = voted ? undefined : deps.helpCenterPages.get(etag);
  if (cached) {
    if (cached.articleId) deps.kbCounters.view(tenantId, cached.articleId);
    return fresh ? c.body(null, 304, { ETag: etag }) : page(c, deps, here, cached.rendered, 200, etag);
  }
  /** A page as rendered for this ETag, kept for the next reader. */
  const rendered = (r: Rendered, articleId?: string) => {
    deps.helpCenterPages.set(etag, { rendered: r, articleId });
    return page(c, deps, here, r, 200, etag);
  };

  if (article) {
    const slug = decodeURIComponent(article[1]);
    const a = await getPublishedArticle(db, tenantId, locale, slug);
    if (!a) {
      const movedTo = await redirectedArticleId(db, tenantId, locale, slug);
      const target = movedTo ? await getArticle(db, tenantId, movedTo) : undefined;
      if (target?.status === 'published') return c.redirect(articlePath(here, target.locale, target.slug), 301);
      return page(c, deps, here, notFoundPage(here), 404);
    }
    deps.kbCounters.view(tenantId, a.id);
    if (fresh) return c.body(null, 304, { ETag: etag });
    const [translations, category] = await Promise.all([
      translationsOf(db, tenantId, a.slug, locale),
      a.categoryId ? getCategory(db, tenantId, a.categoryId).then((x) => x ?? null) : Promise.resolve(null),
    ]);
    const siblings = await listPublishedLinks(db, tenantId, {
      locale,
      categoryId: a.categoryId ?? undefined,
      sort: 'popular',
      limit: 6,
    });
    const r = articlePage(here, {
      article: a,
      category,
      translations,
      related: siblings.filter((x) => x.id !== a.id).slice(0, 5),
      voted,
      description: excerpt(a.textStart, 160),
    });
    return voted ? page(c, deps, here, r, 200) : rendered(r, a.id);
  }

  if (sub === '/search') {
    const q = (c.req.query('q') ?? '').slice(0, 200).trim();
    if (!q) return c.redirect(at(`/${locale}/`), 302);
    const hits = await searchForVisitor(deps, tenantId, q, { locale, limit: 20, mode: 'all', countMiss: true });
    return page(c, deps, here, searchPage(here, q, hits), 200);
  }

  if (fresh) return c.body(null, 304, { ETag: etag });
  if (sub === '/') {
    const [categories, popular] = await Promise.all([
      listPublicCategories(db, tenantId, locale),
      listPublishedLinks(db, tenantId, { locale, sort: 'popular', limit: 10 }),
    ]);
    return rendered(homePage(here, { categories, popular }));
  }
  const category = /^\/categories\/([^/]+)$/.exec(sub);
  if (category) {
    const slug = decodeURIComponent(category[1]);
    const found = (await listPublicCategories(db, tenantId, locale)).find((x) => x.slug === slug && x.articleCount);
    if (!found) return page(c, deps, here, notFoundPage(here), 404);
    const articles = await listPublishedLinks(db, tenantId, {
      locale,
      categoryId: found.id,
      sort: 'position',
      limit: 200,
    });
    return rendered(categoryPage(here, found, articles));
  }
  return page(c, deps, here, notFoundPage(here), 404);
}
