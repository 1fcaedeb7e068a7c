// The embed under a strict Content-Security-Policy: no inline style, no eval, only the snippet carries a nonce.
import { test, expect, dialog, fixtureHtml, launcher, widget } from '../support/widget-host.ts';

const NONCE = 'c3RyaWN0LWNzcA';
const CSP = `default-src 'self'; script-src 'self' 'nonce-${NONCE}'; style-src 'self'`;

test("works under default-src 'self'; style-src 'self' with no violation", async ({ page, server }) => {
  // Served on the Helpdesk origin itself, so 'self' covers embed.js and the API, as on the owner's own domain.
  const url = `${server.baseURL}/fixtures/csp.html`;
  await page.route(url, (r) =>
    r.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      headers: { 'Content-Security-Policy': CSP },
      body: fixtureHtml('csp.html', server, { nonce: NONCE }),
    }),
  );
  await page.goto(url);
  await launcher(page).click();
  await dialog(page).getByRole('searchbox', { name: 'Search' }).fill('password');
  await expect(dialog(page).locator('.item').first()).toBeVisible();
  await dialog(page).locator('.item').first().click();
  await expect(dialog(page).locator('.art')).not.toBeEmpty();
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  expect(await widget(page).evaluate((el) => el.shadowRoot!.querySelectorAll('style, [style]').length)).toBe(0);
  // The panel is really styled (adopted sheet applied), not merely present.
  expect(await dialog(page).evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
});

test('the demo shop runs the snippet under its own strict CSP', async ({ page, server }) => {
  const violations: string[] = [];
  page.on(
    'console',
    (m) => m.type() === 'error' && /Content Security Policy/.test(m.text()) && violations.push(m.text()),
  );
  const res = await page.goto(`${server.baseURL}/demo`);
  expect(res!.headers()['content-security-policy']).toContain("style-src 'self'");
  await expect(page.getByRole('heading', { name: 'Summit 45 Backpack' })).toBeVisible();
  await page.getByRole('button', { name: 'Ask our team' }).click();
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).getByLabel('Subject')).toHaveValue('Question about the Summit 45');
  await page.screenshot({ path: test.info().outputPath('demo-ask.png') });
  expect(violations).toEqual([]);
});

test('embed.js is served with a strong ETag and revalidating cache', async ({ request, server }) => {
  const first = await request.get(`${server.baseURL}/embed.js`);
  expect(first.status()).toBe(200);
  expect(first.headers()['content-type']).toBe('text/javascript; charset=utf-8');
  expect(first.headers()['cache-control']).toBe('public, max-age=300, stale-while-revalidate=86400');
  const etag = first.headers().etag;
  expect(etag).toMatch(/^"[\w-]{20,}"$/);
  const again = await request.get(`${server.baseURL}/embed.js`, { headers: { 'If-None-Match': etag } });
  expect(again.status()).toBe(304);
});
