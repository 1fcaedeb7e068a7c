// The public help centre as readers meet it: at /hc/<slug> and on a tenant's own verified domain (mapped to
// loopback with Chromium's --host-resolver-rules), searched, read, voted on and translated, from the keyboard,
// without JavaScript, clean for axe; and never showing one tenant's articles under another's address.
import { chromium, type Page } from '@playwright/test';
import { test, expect, startServer, PLATFORM_TOKEN, type RunningServer } from '../support/server.ts';
import { apiSession, ownTenant, screenshot, seriousViolations, unique } from './inbox-support.ts';
import { startTestDns, type TestDns } from '../../server/test-support/challtestsrv.ts';

async function slugOf(server: RunningServer, tenantId: string): Promise<string> {
  const res = await fetch(`${server.baseURL}/api/v1/tenants/${tenantId}`, {
    headers: { authorization: `Bearer ${PLATFORM_TOKEN}` },
  });
  return ((await res.json()) as { slug: string }).slug;
}

const article = (page: Page) => page.getByRole('main');

test('a reader searches, reads, votes and switches language at /hc/<slug>, with no axe findings', async ({
  page,
  server,
}) => {
  const slug = await slugOf(server, server.demo.tenantId);
  const blocked: string[] = [];
  page.on('console', (m) => void (m.text().includes('Content Security Policy') && blocked.push(m.text())));
  await page.goto(`/hc/${slug}`);
  await expect(page).toHaveURL(new RegExp(`/hc/${slug}/en/$`));
  await expect(page).toHaveTitle(/Trailhead Outfitters/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search for answers');
  await expect(page.getByRole('heading', { name: 'Popular articles' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'hc-home');

  await page.getByRole('searchbox', { name: 'Search' }).fill('refund');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/en\/search\?q=refund/);
  const result = page.getByRole('link', { name: 'Returns and refunds' });
  await expect(result).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await result.click();

  await expect(page.getByRole('heading', { level: 1, name: 'Returns and refunds' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toBeVisible();
  await expect(page.getByText('Last updated')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'hc-article');
  await page.getByRole('group', { name: 'Was this article helpful?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(page.getByRole('status')).toHaveText('Thanks for your feedback.');

  // A translated article: the switch goes to the German one; a page without translation goes to the German home.
  await page.goto(`/hc/${slug}/en/articles/reset-your-password`);
  await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Deutsch' }).click();
  await expect(page).toHaveURL(new RegExp(`/hc/${slug}/de/articles/`));
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1, name: 'Passwort zurücksetzen' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'War dieser Artikel hilfreich?' })).toBeVisible();

  // The theme applies: nothing was blocked, and the page is laid out by its own style sheet.
  expect(blocked).toEqual([]);
  expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toMatch(/^"?Times/);

  const missing = await page.goto(`/hc/${slug}/en/articles/no-such-article`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeVisible();
});

test('keyboard only: skip link, search and an article, all from the keyboard', async ({ page, server }) => {
  const slug = await slugOf(server, server.demo.tenantId);
  await page.goto(`/hc/${slug}/en/`);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.focus();
  await page.keyboard.type('shipping');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/search\?q=shipping/);
  const first = page.getByRole('link', { name: 'Shipping times and costs' });
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Shipping times and costs' })).toBeVisible();
  // Focus is visible: the focused element draws an outline.
  await page.getByRole('button', { name: 'Yes' }).focus();
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
});

test('without JavaScript a reader still reads, searches and votes', async ({ browser, server }) => {
  const slug = await slugOf(server, server.demo.tenantId);
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: server.baseURL });
  const page = await context.newPage();
  let scripts = 0;
  page.on('request', (r) => void (r.resourceType() === 'script' && scripts++));
  await page.goto(`/hc/${slug}/en/`);
  await page.getByRole('searchbox', { name: 'Search' }).fill('warranty');
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
  await page.getByRole('link', { name: 'Warranty and repairs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Warranty and repairs' })).toBeVisible();
  await page.getByRole('button', { name: 'No' }).click();
  await expect(page.getByRole('status')).toHaveText('Thanks for your feedback.');
  expect(scripts).toBe(0);
  await context.close();
});

test('one tenant’s address never shows another tenant’s articles', async ({ page, server }) => {
  const demoSlug = await slugOf(server, server.demo.tenantId);
  const other = await ownTenant(server.baseURL, 'othershop');
  const api = await apiSession(server.baseURL, other);
  const title = unique('Only at the other shop');
  expect(
    (
      await api.post('/api/v1/kb/articles', { data: { title, body: 'Private to them.', status: 'published' } })
    ).status(),
  ).toBe(201);
  const otherSlug = await slugOf(server, other.tenant.id);

  await page.goto(`/hc/${otherSlug}/en/`);
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expect(page.getByText('Returns and refunds')).toHaveCount(0);
  // The demo's article under the other tenant's slug, and a search there, find nothing of the demo's.
  expect((await page.goto(`/hc/${otherSlug}/en/articles/returns-and-refunds`))?.status()).toBe(404);
  await page.goto(`/hc/${otherSlug}/en/search?q=refund`);
  await expect(page.getByText('No articles match')).toBeVisible();
  await page.goto(`/hc/${demoSlug}/en/search?q=${encodeURIComponent(title)}`);
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  const nobody = await page.goto('/hc/nobody-at-all/en/');
  expect(nobody?.status()).toBe(404);
  await expect(page.getByText('There is no help centre at this address.')).toBeVisible();
  await api.dispose();
});

test.describe('on a custom domain', () => {
  let dns: TestDns;
  let own: RunningServer;
  test.beforeAll(async () => {
    dns = await startTestDns();
    own = await startServer({ DNS_SERVERS: dns.address });
  });
  test.afterAll(async () => {
    await own?.stop();
    await dns?.stop();
  });

  test('the owner adds and verifies a domain in Settings, and readers get the help centre there', async ({ page }) => {
    const shop = await ownTenant(own.baseURL, 'domainshop');
    const api = await apiSession(own.baseURL, shop);
    expect(
      (
        await api.post('/api/v1/kb/articles', {
          data: { title: 'Opening hours', body: 'Nine to five.', status: 'published' },
        })
      ).status(),
    ).toBe(201);
    const domain = `help.${unique('shop').replace(/\W+/g, '')}.test`;

    await page.goto(`${own.baseURL}/inbox/`);
    await page.getByLabel('Email').fill(shop.email);
    await page.getByLabel('Password').fill(shop.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Help centre' })
      .click();
    await expect(page.getByRole('heading', { name: 'Custom domains' })).toBeVisible();
    await expect(
      page.getByRole('link', { name: `${own.baseURL}/hc/${await slugOf(own, shop.tenant.id)}` }),
    ).toBeVisible();

    await page.getByRole('textbox', { name: 'Domain', exact: true }).fill('not a domain');
    await page.getByRole('button', { name: 'Add domain' }).click();
    await expect(page.getByText('must be a domain name like help.example.com')).toBeVisible();

    await page.getByRole('textbox', { name: 'Domain', exact: true }).fill(domain.toUpperCase());
    await page.getByRole('button', { name: 'Add domain' }).click();
    const row = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: domain }) });
    await expect(row.getByText('Pending')).toBeVisible();
    const txtName = await row.locator('code').nth(0).textContent();
    const txtValue = await row.locator('code').nth(1).textContent();
    expect(txtName).toBe(`_helpdesk-verification.${domain}`);

    await row.getByRole('button', { name: `Check ${domain}` }).click();
    await expect(row.getByText(/Last check .*: No TXT record/)).toBeVisible();
    await dns.setTxt(txtName!, txtValue!);
    await row.getByRole('button', { name: `Check ${domain}` }).click();
    await expect(row.getByText('Verified', { exact: true })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'settings-help-center');

    const check = await fetch(`${own.baseURL}/api/v1/domains/check?domain=${domain}`);
    expect(check.status).toBe(200);

    // A browser for which the domain (and any other *.test name) is this server on loopback.
    const mapped = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--host-resolver-rules=MAP *.test 127.0.0.1',
      ],
    });
    try {
      const reader = await mapped.newPage();
      await reader.goto(`http://${domain}:${own.port}/`);
      await expect(reader).toHaveURL(`http://${domain}:${own.port}/en/`);
      await reader.getByRole('link', { name: 'Opening hours' }).click();
      await expect(reader).toHaveURL(`http://${domain}:${own.port}/en/articles/opening-hours`);
      await expect(article(reader)).toContainText('Nine to five.');
      const canonical = await reader.locator('link[rel="canonical"]').getAttribute('href');
      expect(canonical).toContain(`${domain}`);
      // The demo's articles are not on this domain; an unverified name shows nothing.
      expect((await reader.goto(`http://${domain}:${own.port}/en/articles/returns-and-refunds`))?.status()).toBe(404);
      const pendingDomain = `help.${unique('pending').replace(/\W+/g, '')}.test`;
      expect((await api.post('/api/v1/help-center/domains', { data: { domain: pendingDomain } })).status()).toBe(201);
      const pending = await reader.goto(`http://${pendingDomain}:${own.port}/en/`);
      expect(pending?.status()).toBe(404);
      await expect(reader.getByText('Opening hours')).toHaveCount(0);
    } finally {
      await mapped.close();
      await api.dispose();
    }
  });
});
