import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';
import { loopbackVerifier } from './verification.ts';
import { startTestDns, type TestDns } from '../test-support/challtestsrv.ts';

let h: Harness;
afterEach(() => h?.close());

async function publish(
  t: SignedUp,
  a: { title: string; body: string; locale?: string; slug?: string; categoryId?: string; status?: string },
) {
  const res = await h.json('POST', '/api/v1/kb/articles', { ...t.as, body: { status: 'published', ...a } });
  expect(res.status).toBe(201);
  return res.body;
}

const get = (path: string, headers: Record<string, string> = {}) => h.req('GET', path, { headers });

describe('the help centre at /hc/<slug>', () => {
  it('shows published articles by category, never drafts, with SEO tags and a strict CSP', async () => {
    h = await createHarness();
    const t = await h.signup({ tenantName: 'Acme' });
    const cat = await h.json('POST', '/api/v1/kb/categories', {
      ...t.as,
      body: { name: 'Billing', description: 'Invoices and plans' },
    });
    await publish(t, {
      title: 'Change your invoice address',
      body: 'Open **Billing** and edit the address.',
      categoryId: cat.body.id,
    });
    await publish(t, { title: 'Secret roadmap', body: 'Not yet.', status: 'draft' });

    const root = await get(`/hc/${t.tenant.slug}`);
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe(`/hc/${t.tenant.slug}/en/`);

    const home = await get(`/hc/${t.tenant.slug}/en/`);
    expect(home.status).toBe(200);
    const homeHtml = await home.text();
    expect(homeHtml).toContain('Billing');
    expect(homeHtml).toContain('Change your invoice address');
    expect(homeHtml).not.toContain('Secret roadmap');
    expect(home.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'sha256-/);
    expect(home.headers.get('content-security-policy')).toContain("script-src 'none'");
    // The one inline style is the one the policy allows, byte for byte (else browsers show the page unstyled).
    const style = /<style>([^<]*)<\/style>/.exec(homeHtml)![1];
    const hash = createHash('sha256').update(style).digest('base64');
    expect(home.headers.get('content-security-policy')).toContain(`style-src 'sha256-${hash}'`);

    const art = await get(`/hc/${t.tenant.slug}/en/articles/change-your-invoice-address`);
    expect(art.status).toBe(200);
    const page = await art.text();
    expect(page).toContain('<strong>Billing</strong>');
    expect(page).toContain(
      '<link rel="canonical" href="http://localhost:8787/hc/acme/en/articles/change-your-invoice-address" />',
    );
    expect(page).toContain('<meta name="description" content="Open Billing and edit the address." />');
    expect(page).toContain('"@type":"Article"');
    expect(page).toContain('"@type":"BreadcrumbList"');
    expect(page).toContain('property="og:title" content="Change your invoice address"');
    expect(Buffer.byteLength(page)).toBeLessThan(30 * 1024);

    const draft = await get(`/hc/${t.tenant.slug}/en/articles/secret-roadmap`);
    expect(draft.status).toBe(404);
    expect(await draft.text()).not.toContain('Not yet.');
  });

  it('answers 304 for an unchanged page and a new ETag after an edit', async () => {
    h = await createHarness();
    const t = await h.signup({ tenantName: 'Acme' });
    const a = await publish(t, { title: 'Reset your password', body: 'Use the link.' });
    const url = `/hc/${t.tenant.slug}/en/articles/reset-your-password`;
    const first = await get(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\//);
    expect(first.headers.get('cache-control')).toContain('public');
    expect((await get(url, { 'if-none-match': etag })).status).toBe(304);
    // Later readers get the page kept for this ETag, and each read (304s too) still counts as a view.
    const again = await get(url);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toContain('Use the link.');
    await h.flush();
    expect((await h.json('GET', `/api/v1/kb/articles/${a.id}`, t.as)).body.stats.views).toBe(3);
    await h.json('PATCH', `/api/v1/kb/articles/${a.id}`, { ...t.as, body: { body: 'Use the new link.' } });
    const after = await get(url, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Use the new link.');
    expect(await (await get(url)).text()).not.toContain('Use the link.');
  });

  it('moves an article with a 301 when its slug changes, and the sitemap lists the new address', async () => {
    h = await createHarness();
    const t = await h.signup({ tenantName: 'Acme' });
    const a = await publish(t, { title: 'Old name', body: 'Text.', slug: 'old-name' });
    await h.json('PATCH', `/api/v1/kb/articles/${a.id}`, { ...t.as, body: { slug: 'new-name' } });
    const moved = await get(`/hc/acme/en/articles/old-name`);
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe('/hc/acme/en/articles/new-name');
    const sitemap = await (await get('/hc/acme/sitemap.xml')).text();
    expect(sitemap).toContain('<loc>http://localhost:8787/hc/acme/en/articles/new-name</loc>');
    expect(sitemap).not.toContain('old-name');
  });

  it('links translations with hreflang and switches language', async () => {
    h = await createHarness();
    const t = await h.signup({ tenantName: 'Acme' });
    await publish(t, { title: 'Shipping times', body: 'Two days.', slug: 'shipping' });
    await publish(t, { title: 'Lieferzeiten', body: 'Zwei Tage.', slug: 'shipping', locale: 'de' });
    const de = await (await get('/hc/acme/de/articles/shipping')).text();
    expect(de).toContain('<html lang="de"');
    expect(de).toContain('hreflang="en" href="http://localhost:8787/hc/acme/en/articles/shipping"');
    expect(de).toContain('War dieser Artikel hilfreich?');
    expect((await get('/hc/acme', { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' })).headers.get('location')).toBe(
      '/hc/acme/de/',
    );
    expect((await get('/hc/acme/fr/')).status).toBe(404);
  });

  it('searches with the widget ranking, counts a search that found nothing, and takes a vote without script', async () => {
    h = await createHarness();
    const t = await h.signup({ tenantName: 'Acme' });
    const a = await publish(t, { title: 'Refund policy', body: 'Refunds within 30 days.' });
    const found = await (await get('/hc/acme/en/search?q=refund')).text();
    expect(found).toContain('<mark>Refund</mark>');
    expect(found).toContain('<meta name="robots" content="noindex" />');
    const none = await (await get('/hc/acme/en/search?q=teleportation')).text();
    expect(none).toContain('No articles match');
    const misses = await h.json('GET', '/api/v1/kb/search-misses', t.as);
    expect(misses.body.data).toEqual([expect.objectContaining({ query: 'teleportation', misses: 1, locale: 'en' })]);

    const vote = await h.req('POST', '/hc/acme/en/articles/refund-policy/feedback', {
      rawBody: 'helpful=yes',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(vote.status).toBe(303);
    expect(vote.headers.get('location')).toBe('/hc/acme/en/articles/refund-policy?voted=1');
    const stats = await h.json('GET', `/api/v1/kb/articles/${a.id}`, t.as);
    expect(stats.body.stats.helpful).toBe(1);
    expect(await (await get('/hc/acme/en/articles/refund-policy?voted=1')).text()).toContain(
      'Thanks for your feedback.',
    );
  });

  it('shows nothing of any tenant for an unknown slug, and escapes what tenants wrote', async () => {
    h = await createHarness();
    const t = await h.signup({ tenantName: 'Acme' });
    await publish(t, { title: '<script>alert(1)</script> tips', body: 'x' });
    const unknown = await get('/hc/nobody/en/');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('There is no help centre at this address.');
    const home = await (await get('/hc/acme/en/')).text();
    expect(home).not.toContain('<script>alert(1)</script>');
    expect(home).toContain('&lt;script&gt;alert(1)&lt;/script&gt; tips');
  });
});

describe('help centres on their own hosts', () => {
  let site: Server | undefined;
  afterEach(() => site?.close());

  it('serves <slug>.<HELP_CENTER_DOMAIN> and 404s an unknown subdomain', async () => {
    h = await createHarness({ env: { HELP_CENTER_DOMAIN: 'help.example.test' } });
    const t = await h.signup({ tenantName: 'Acme' });
    await publish(t, { title: 'Getting started', body: 'Welcome.' });
    const home = await get('/en/', { host: 'acme.help.example.test' });
    expect(home.status).toBe(200);
    const text = await home.text();
    expect(text).toContain('Getting started');
    expect(text).toContain('href="/en/articles/getting-started"');
    const other = await get('/en/', { host: 'nobody.help.example.test' });
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain('Getting started');
    expect((await h.json('GET', '/api/v1/domains/check?domain=acme.help.example.test')).status).toBe(200);
    expect((await h.json('GET', '/api/v1/domains/check?domain=nobody.help.example.test')).status).toBe(404);
  });

  it('verifies a custom domain by its HTTP token and then serves it; another tenant cannot claim it', async () => {
    // A stand-in for "the domain points at this server": every verification request reaches the app.
    const port = await new Promise<number>((resolve) => {
      site = createServer(async (req, res) => {
        const r = await h.req('GET', req.url ?? '/', { headers: { host: req.headers.host ?? '' } });
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' });
        res.end(await r.text());
      }).listen(0, '127.0.0.1', () => resolve((site!.address() as AddressInfo).port));
    });
    h = await createHarness({ domainVerifier: loopbackVerifier(port) });
    const t = await h.signup({ tenantName: 'Acme' });
    const other = await h.signup({ tenantName: 'Globex', email: 'owner@globex.test' });
    await publish(t, { title: 'Getting started', body: 'Welcome.' });

    const added = await h.json('POST', '/api/v1/help-center/domains', { ...t.as, body: { domain: 'Help.Acme.TEST.' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ domain: 'help.acme.test', status: 'pending' });
    // Pending: nothing is served there yet, but the token is.
    expect((await get('/en/', { host: 'help.acme.test' })).status).toBe(404);
    expect((await h.json('GET', '/api/v1/domains/check?domain=help.acme.test')).status).toBe(404);

    const taken = await h.json('POST', '/api/v1/help-center/domains', {
      ...other.as,
      body: { domain: 'help.acme.test' },
    });
    expect(taken.status).toBe(409);

    const verified = await h.json('POST', `/api/v1/help-center/domains/${added.body.id}/verify`, t.as);
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('verified');
    const home = await get('/en/', { host: 'help.acme.test' });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Getting started');
    expect((await h.json('GET', '/api/v1/domains/check?domain=help.acme.test')).status).toBe(200);

    // Another tenant's id is not found; bad names are field errors.
    expect((await h.json('POST', `/api/v1/help-center/domains/${added.body.id}/verify`, other.as)).status).toBe(404);
    for (const domain of ['http://x.test', 'localhost', '10.0.0.1', 'a..b', 'localhost:8787'])
      expect((await h.json('POST', '/api/v1/help-center/domains', { ...t.as, body: { domain } })).status).toBe(422);

    expect((await h.json('DELETE', `/api/v1/help-center/domains/${added.body.id}`, t.as)).status).toBe(204);
    expect((await get('/en/', { host: 'help.acme.test' })).status).not.toBe(200);
  });

  it('keeps a domain pending with the reason when neither proof is found', async () => {
    h = await createHarness({ domainVerifier: loopbackVerifier(1) });
    const t = await h.signup({ tenantName: 'Acme' });
    const added = await h.json('POST', '/api/v1/help-center/domains', { ...t.as, body: { domain: 'help.acme.test' } });
    const res = await h.json('POST', `/api/v1/help-center/domains/${added.body.id}/verify`, t.as);
    expect(res.body.status).toBe('pending');
    expect(res.body.lastError).toContain('_helpdesk-verification.help.acme.test');
  });

  it('verifies by a DNS TXT record', async () => {
    const records: Record<string, string[]> = {};
    h = await createHarness({ domainVerifier: loopbackVerifier(1, records) });
    const t = await h.signup({ tenantName: 'Acme' });
    const added = await h.json('POST', '/api/v1/help-center/domains', { ...t.as, body: { domain: 'help.acme.test' } });
    records[added.body.verification.txtName] = ['some-other-record'];
    const wrong = await h.json('POST', `/api/v1/help-center/domains/${added.body.id}/verify`, t.as);
    expect(wrong.body.status).toBe('pending');
    records[added.body.verification.txtName] = [added.body.verification.txtValue];
    const ok = await h.json('POST', `/api/v1/help-center/domains/${added.body.id}/verify`, t.as);
    expect(ok.body.status).toBe('verified');
    const audit = await h.json('GET', '/api/v1/audit-log?action=help_center.domain_verified', t.as);
    expect(audit.body.data).toHaveLength(1);
  });

  it('verifies through a real DNS server named by DNS_SERVERS, and lists the built-in addresses', async () => {
    let dns: TestDns | undefined;
    try {
      dns = await startTestDns();
      h = await createHarness({ env: { DNS_SERVERS: dns.address, HELP_CENTER_DOMAIN: 'help.example.test' } });
      const t = await h.signup({ tenantName: 'Acme' });
      const added = await h.json('POST', '/api/v1/help-center/domains', {
        ...t.as,
        body: { domain: 'help.acme.test' },
      });
      const check = () => h.json('POST', `/api/v1/help-center/domains/${added.body.id}/verify`, t.as);
      await dns.setTxt(added.body.verification.txtName, 'someone-elses-token');
      expect((await check()).body).toMatchObject({ status: 'pending', lastError: expect.stringContaining('TXT') });
      await dns.setTxt(added.body.verification.txtName, added.body.verification.txtValue);
      expect((await check()).body.status).toBe('verified');
      const list = await h.json('GET', '/api/v1/help-center/domains', t.as);
      expect(list.body.addresses).toEqual(['http://localhost:8787/hc/acme', 'https://acme.help.example.test/']);
      expect(list.body.data).toEqual([expect.objectContaining({ domain: 'help.acme.test', status: 'verified' })]);
    } finally {
      await dns?.stop();
    }
  });
});
