// The machine-readable side of a help centre: sitemap.xml (with hreflang alternates) and robots.txt.
import { escape } from './html.ts';
import { absolute, type Site } from './pages.ts';
import type { SitemapEntry } from './site-queries.ts';

export function sitemapXml(site: Site, articles: SitemapEntry[], categoriesByLocale: Record<string, string[]>): string {
  const bySlug = new Map<string, SitemapEntry[]>();
  for (const a of articles) bySlug.set(a.slug, [...(bySlug.get(a.slug) ?? []), a]);
  const urls: string[] = [];
  for (const l of site.locales) {
    const alts = site.locales.map(
      (o) => `<xhtml:link rel="alternate" hreflang="${escape(o)}" href="${escape(absolute(site, `/${o}/`))}"/>`,
    );
    urls.push(
      `<url><loc>${escape(absolute(site, `/${l}/`))}</loc>${site.locales.length > 1 ? alts.join('') : ''}</url>`,
    );
    for (const c of categoriesByLocale[l] ?? [])
      urls.push(`<url><loc>${escape(absolute(site, `/${l}/categories/${encodeURIComponent(c)}`))}</loc></url>`);
  }
  for (const a of articles) {
    const siblings = bySlug.get(a.slug)!;
    const alts =
      siblings.length > 1
        ? siblings
            .map(
              (s) =>
                `<xhtml:link rel="alternate" hreflang="${escape(s.locale)}" href="${escape(absolute(site, `/${s.locale}/articles/${encodeURIComponent(s.slug)}`))}"/>`,
            )
            .join('')
        : '';
    urls.push(
      `<url><loc>${escape(absolute(site, `/${a.locale}/articles/${encodeURIComponent(a.slug)}`))}</loc><lastmod>${escape(a.updated_at)}</lastmod>${alts}</url>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">${urls.join('')}</urlset>\n`;
}

export const robotsTxt = (site: Site) => `User-agent: *\nAllow: /\nSitemap: ${absolute(site, '/sitemap.xml')}\n`;
