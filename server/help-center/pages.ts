// The help centre's pages as HTML: a layout (head with SEO tags, themed header, language switch, footer) and one
// function per page. Pure: everything a page shows is passed in, so tests can render without a server.
import type { TenantRecord } from '../tenants/queries.ts';
import type { ArticleLink } from '../kb/article-queries.ts';
import { memo } from '../lib/memo.ts';
import type { ArticlePageRecord } from './site-queries.ts';
import type { CategoryRecord } from '../kb/category-queries.ts';
import type { SearchHit } from '../kb/schemas.ts';
import { contrast, textOn } from '../../widget/config.ts';
import { html, jsonLd, raw, type Raw } from './html.ts';
import { dirOf, languageName, stringsFor, type HcStrings } from './strings.ts';
import { BASE_CSS } from './styles.ts';

/** One tenant's help centre as one request sees it. */
export interface Site {
  tenant: TenantRecord;
  /** '' on the tenant's own host, `/hc/<slug>` on the main origin. */
  base: string;
  /** Scheme and host of the address the visitor used, for canonical and sitemap URLs. */
  origin: string;
  /** The KB version the page reflects (any published change moves it). */
  version: number;
  /** Locales with published articles, the default first. */
  locales: string[];
  locale: string;
  inboundEmail: string;
  /** The widget's loader (`<base>/widget.js`) when the tenant wants the widget on its help centre. */
  widget: boolean;
  /** White-label: the tenant's custom CSS and no "Powered by". */
  whiteLabel: boolean;
}

export type CategoryWithCount = CategoryRecord & { articleCount: number };

export const path = (site: Site, p: string) => `${site.base}${p}`;
export const absolute = (site: Site, p: string) => `${site.origin}${site.base}${p}`;
export const articlePath = (site: Site, locale: string, slug: string) =>
  path(site, `/${locale}/articles/${encodeURIComponent(slug)}`);
const categoryPath = (site: Site, c: CategoryRecord) =>
  path(site, `/${site.locale}/categories/${encodeURIComponent(c.slug)}`);

export interface Rendered {
  html: string;
  /** The one inline stylesheet, for the page's CSP hash. */
  css: string;
}

interface PageParts {
  title: string;
  description: string;
  /** This page's path after the base, for canonical and hreflang URLs; null: not indexable (search, 404). */
  canonical: string | null;
  /** Other languages of this page: locale → path after the base. */
  alternates?: { locale: string; path: string }[];
  ogType?: 'website' | 'article';
  structured?: unknown[];
  hero?: boolean;
  body: Raw;
}

// A tenant's theme changes only with its record: built once per version of it.
const themes = memo<string>();
const themeCss = (site: Site) =>
  themes(`${site.tenant.id}\u0000${site.tenant.updatedAt}\u0000${site.whiteLabel}`, () => buildThemeCss(site));

function buildThemeCss(site: Site): string {
  const b = site.tenant.branding;
  const primary = b.primaryColor ?? '#2563eb';
  const secondary = b.secondaryColor ?? '#1e293b';
  // Links sit on the page's near-white: the brand colour when it is readable there, else a readable blue.
  const link = contrast(primary, '#f8fafc') >= 4.5 ? primary : '#1d4ed8';
  const vars = `:root{--hc-primary:${primary};--hc-on-primary:${textOn(primary)};--hc-secondary:${secondary};--hc-on-secondary:${textOn(secondary)};--hc-link:${link};--hc-link-dark:#93c5fd}`;
  const custom = site.whiteLabel && b.customCss ? b.customCss.replace(/<\//g, '<\\/') : '';
  return vars + BASE_CSS + custom;
}

function searchForm(site: Site, t: HcStrings, q = '') {
  return html`<form class="search" role="search" method="get" action="${path(site, `/${site.locale}/search`)}">
    <label class="skip" for="hc-q">${t.searchLabel}</label>
    <input
      id="hc-q"
      type="search"
      name="q"
      value="${q}"
      placeholder="${t.searchPlaceholder}"
      maxlength="200"
      required
    />
    <button type="submit">${t.searchButton}</button>
  </form>`;
}

function languageSwitch(site: Site, t: HcStrings, alternates: { locale: string; path: string }[] | undefined) {
  if (site.locales.length < 2) return '';
  const links = site.locales.map((l) => {
    const target = alternates?.find((a) => a.locale === l)?.path ?? `/${l}/`;
    return html`<li>
      <a
        href="${path(site, target)}"
        hreflang="${l}"
        lang="${l}"
        ${raw(l === site.locale ? ' aria-current="true"' : '')}
        >${languageName(l)}</a
      >
    </li>`;
  });
  return html`<nav class="lang" aria-label="${t.language}">
    <ul>
      ${links}
    </ul>
  </nav>`;
}

export function layout(site: Site, p: PageParts): Rendered {
  const t = stringsFor(site.locale);
  const name = site.tenant.name;
  const css = themeCss(site);
  const logo = site.tenant.branding.logoUrl;
  const fullTitle = p.canonical === `/${site.locale}/` ? `${name} ${t.helpCentre}` : `${p.title} · ${name}`;
  const alternates = p.canonical
    ? (p.alternates ?? []).map(
        (a) => html`<link rel="alternate" hreflang="${a.locale}" href="${absolute(site, a.path)}" />`,
      )
    : [];
  const page = html`<!doctype html>
    <html lang="${site.locale}" dir="${dirOf(site.locale)}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${fullTitle}</title>
        <meta name="description" content="${p.description}" />
        ${p.canonical ? html`<link rel="canonical" href="${absolute(site, p.canonical)}" />` : html`<meta name="robots" content="noindex" />`}
        ${alternates}
        <meta property="og:title" content="${p.title}" />
        <meta property="og:description" content="${p.description}" />
        <meta property="og:type" content="${p.ogType ?? 'website'}" />
        <meta property="og:site_name" content="${name} ${t.helpCentre}" />
        ${p.canonical ? html`<meta property="og:url" content="${absolute(site, p.canonical)}" />` : ''}
        ${logo ? html`<meta property="og:image" content="${logo}" />` : ''}
        <link rel="icon" href="/favicon.ico" />
        ${raw(`<style>${css}</style>`)} ${(p.structured ?? []).map(jsonLd)}
      </head>
      <body>
        <a class="skip" href="#main">${t.skip}</a>
        <header class="site">
          <div class="bar">
            <a href="${path(site, `/${site.locale}/`)}"
              >${logo ? html`<img src="${logo}" alt="" />` : ''}<span>${name} ${t.helpCentre}</span></a
            >
            ${languageSwitch(site, t, p.alternates)}
          </div>
        </header>
        ${
          p.hero
            ? html`<div class="hero">
                <h1>${t.searchPlaceholder}</h1>
                ${searchForm(site, t)}
              </div>`
            : ''
        }
        <main id="main">${p.hero ? '' : searchForm(site, t)}${p.body}</main>
        <footer class="site">${site.whiteLabel && site.tenant.branding.hidePoweredBy ? '' : t.poweredBy}</footer>
        ${site.widget ? html`<script src="${path(site, '/widget.js')}" defer></script>` : ''}
      </body>
    </html>`;
  return { html: page.value, css };
}

// Building an Intl.DateTimeFormat costs more than rendering the rest of a page: one per locale, kept.
const dateFormats = memo<Intl.DateTimeFormat>(500);
const dateOf = (iso: string, locale: string) =>
  dateFormats(locale, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })).format(
    new Date(iso),
  );

function crumbs(site: Site, t: HcStrings, trail: { name: string; path?: string }[]) {
  const all = [{ name: t.home, path: `/${site.locale}/` }, ...trail];
  const items = all.map((c, i) =>
    c.path && i < all.length - 1
      ? html`<li><a href="${path(site, c.path)}">${c.name}</a></li>`
      : html`<li aria-current="page">${c.name}</li>`,
  );
  const structured = {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: all.map((c, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: c.name,
      ...(c.path ? { item: absolute(site, c.path) } : {}),
    })),
  };
  return {
    nav: html`<nav class="crumbs" aria-label="Breadcrumb">
      <ol>
        ${items}
      </ol>
    </nav>`,
    structured,
  };
}

function articleList(site: Site, articles: ArticleLink[]) {
  return html`<ul class="list">
    ${articles.map((a) => html`<li><a href="${articlePath(site, a.locale, a.slug)}">${a.title}</a></li>`)}
  </ul>`;
}

function stillNeedHelp(site: Site, t: HcStrings) {
  return html`<aside class="cta" aria-labelledby="hc-help">
    <h2 id="hc-help">${t.needHelp}</h2>
    <p>${t.needHelpText}</p>
    ${site.widget ? html`<p><button type="button" data-hd-open hidden>${t.openChat}</button></p>` : ''}
    <p>${t.emailUs} <a href="mailto:${site.inboundEmail}">${site.inboundEmail}</a></p>
  </aside>`;
}

export function homePage(site: Site, data: { categories: CategoryWithCount[]; popular: ArticleLink[] }): Rendered {
  const t = stringsFor(site.locale);
  const cats = data.categories.filter((c) => c.articleCount > 0);
  const body = html` ${
    cats.length
      ? html`<h2>${t.categories}</h2>
          <ul class="grid">
            ${cats.map(
              (c) =>
                html`<li class="card">
                  <h3><a href="${categoryPath(site, c)}">${c.name}</a></h3>
                  ${c.description ? html`<p>${c.description}</p>` : ''}
                  <p>${t.articles(c.articleCount)}</p>
                </li>`,
            )}
          </ul>`
      : ''
  }
  ${
    data.popular.length
      ? html`<h2>${t.popular}</h2>
          ${articleList(site, data.popular)}`
      : html`<p>${t.empty}</p>`
  }
  ${stillNeedHelp(site, t)}`;
  return layout(site, {
    title: `${site.tenant.name} ${t.helpCentre}`,
    description: `${t.helpCentre}: ${cats.map((c) => c.name).join(', ') || site.tenant.name}`.slice(0, 160),
    canonical: `/${site.locale}/`,
    alternates: site.locales.map((l) => ({ locale: l, path: `/${l}/` })),
    hero: true,
    structured: [
      {
        '@context': 'https://schema.org',
        '@type': 'WebSite',
        name: `${site.tenant.name} ${t.helpCentre}`,
        url: absolute(site, `/${site.locale}/`),
        potentialAction: {
          '@type': 'SearchAction',
          target: `${absolute(site, `/${site.locale}/search`)}?q={query}`,
          'query-input': 'required name=query',
        },
      },
    ],
    body,
  });
}

export function categoryPage(site: Site, category: CategoryRecord, articles: ArticleLink[]): Rendered {
  const t = stringsFor(site.locale);
  const here = `/${site.locale}/categories/${encodeURIComponent(category.slug)}`;
  const c = crumbs(site, t, [{ name: category.name }]);
  return layout(site, {
    title: category.name,
    description: (category.description || `${category.name}: ${t.articles(articles.length)}`).slice(0, 160),
    canonical: here,
    structured: [c.structured],
    body: html`${c.nav}
      <h1>${category.name}</h1>
      ${category.description ? html`<p>${category.description}</p>` : ''}${articleList(site, articles)}${stillNeedHelp(site, t)}`,
  });
}

export function articlePage(
  site: Site,
  data: {
    article: ArticlePageRecord;
    category: CategoryRecord | null;
    translations: { locale: string; slug: string }[];
    related: ArticleLink[];
    voted: boolean;
    description: string;
  },
): Rendered {
  const t = stringsFor(site.locale);
  const a = data.article;
  const here = `/${a.locale}/articles/${encodeURIComponent(a.slug)}`;
  const c = crumbs(site, t, [
    ...(data.category
      ? [
          {
            name: data.category.name,
            path: `/${site.locale}/categories/${encodeURIComponent(data.category.slug)}`,
          },
        ]
      : []),
    { name: a.title },
  ]);
  const alternates = [
    { locale: a.locale, path: here },
    ...data.translations.map((tr) => ({
      locale: tr.locale,
      path: `/${tr.locale}/articles/${encodeURIComponent(tr.slug)}`,
    })),
  ];
  const feedback = data.voted
    ? html`<p class="thanks" role="status">${t.thanks}</p>`
    : html`<form method="post" action="${path(site, `${here}/feedback`)}">
        <fieldset class="feedback">
          <legend>${t.helpful}</legend>
          <button type="submit" name="helpful" value="yes">${t.yes}</button
          ><button type="submit" name="helpful" value="no">${t.no}</button>
        </fieldset>
      </form>`;
  const body = html`${c.nav}
    <article class="body">
      <h1>${a.title}</h1>
      <p class="meta">${t.updated}: <time datetime="${a.updatedAt}">${dateOf(a.updatedAt, a.locale)}</time></p>
      ${raw(a.bodyHtml)}
    </article>
    ${feedback}
    ${
      data.related.length
        ? html`<section aria-labelledby="hc-related">
            <h2 id="hc-related">${t.related}</h2>
            ${articleList(site, data.related)}
          </section>`
        : ''
    }
    ${stillNeedHelp(site, t)}`;
  return layout(site, {
    title: a.title,
    description: data.description,
    canonical: here,
    alternates: alternates.length > 1 ? alternates : undefined,
    ogType: 'article',
    structured: [
      {
        '@context': 'https://schema.org',
        '@type': 'Article',
        headline: a.title,
        description: data.description,
        inLanguage: a.locale,
        datePublished: a.publishedAt ?? a.createdAt,
        dateModified: a.updatedAt,
        mainEntityOfPage: absolute(site, here),
        publisher: { '@type': 'Organization', name: site.tenant.name },
      },
      c.structured,
    ],
    body,
  });
}

export function searchPage(site: Site, q: string, hits: SearchHit[]): Rendered {
  const t = stringsFor(site.locale);
  const results = hits.length
    ? html`<ul class="list">
        ${hits.map(
          (h) =>
            html`<li>
              <a href="${articlePath(site, h.locale, h.slug)}">${raw(h.titleHtml)}</a>
              <p>${raw(h.snippet)}</p>
            </li>`,
        )}
      </ul>`
    : html`<p role="status">${t.noResults}</p>`;
  return layout(site, {
    title: `${t.resultsFor} “${q}”`,
    description: `${t.resultsFor} “${q}”`,
    canonical: null,
    body: html`<h1>${t.resultsFor} “${q}”</h1>
      ${results}${stillNeedHelp(site, t)}`,
  });
}

export function notFoundPage(site: Site): Rendered {
  const t = stringsFor(site.locale);
  return layout(site, {
    title: t.notFound,
    description: t.notFoundText,
    canonical: null,
    body: html`<h1>${t.notFound}</h1>
      <p>${t.notFoundText}</p>
      <p><a href="${path(site, `/${site.locale}/`)}">${t.home}</a></p>`,
  });
}

/** For a host or slug that is no tenant's: nothing of any tenant, no styles of any tenant. */
export const PLAIN_NOT_FOUND = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Not found</title></head><body><h1>Not found</h1><p>There is no help centre at this address.</p></body></html>`;
