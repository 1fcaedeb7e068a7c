// Install & security and the audit log: the owner rotates the widget key from the inbox and sees it recorded.
import { test, expect } from '../support/server.ts';
import { signIn, unique } from './inbox-support.ts';

test('rotating the widget key updates the snippet, retires the old key, and shows in the audit log', async ({
  page,
  server,
}) => {
  // A tenant of its own: rotating the demo tenant's key would break the other specs on this server.
  const email = `${unique('owner').replace(/\W+/g, '-')}@example.com`;
  const signup = await fetch(`${server.baseURL}/api/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantName: 'Audit Co', name: 'Audra Owner', email, password: 'audit password 1' }),
  });
  const { tenant } = await signup.json();
  await signIn(page, { email, password: 'audit password 1' });

  await page.goto('/inbox/#/settings/install');
  await expect(page.getByLabel('Embed snippet')).toContainText(tenant.widgetKey);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Rotate widget key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'New widget key issued' })).toBeVisible();
  await expect(page.getByLabel('Embed snippet')).not.toContainText(tenant.widgetKey);
  const newKey = /hd_pk_\w+/.exec((await page.getByLabel('Embed snippet').textContent())!)![0];
  expect(
    (await page.request.get('/api/v1/widget/config', { headers: { 'x-widget-key': tenant.widgetKey } })).status(),
  ).toBe(401);
  expect((await page.request.get('/api/v1/widget/config', { headers: { 'x-widget-key': newKey } })).status()).toBe(200);

  await page.goto('/inbox/#/settings/audit-log');
  const log = page.getByRole('region', { name: 'Audit log' });
  await expect(log).toContainText('Widget key rotated');
  await expect(log).toContainText('Signed in');
  const rotated = log.getByRole('row').filter({ hasText: 'Widget key rotated' });
  await expect(rotated).toContainText('Audra Owner');
  await expect(rotated).toContainText('Account: Audit Co');

  // Filters: by action, by who, by dates; the table follows each one.
  const rows = log.locator('tbody tr');
  await log.getByLabel('Action').selectOption({ label: 'Widget key rotated (1)' });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Widget key rotated');
  await log.getByLabel('Action').selectOption({ label: 'All actions' });
  await log.getByLabel('Who').selectOption({ label: 'Audra Owner' });
  await expect(rows.filter({ hasText: 'Signed up' })).toHaveCount(1);
  const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
  await log.getByLabel('From').fill(today);
  await expect(rows.filter({ hasText: 'Widget key rotated' })).toHaveCount(1);
  await page.screenshot({ path: '/tmp/misc-audit-log.png', fullPage: true });
  await log.getByLabel('From').fill('');
  await log.getByLabel('To').fill('2020-01-01');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Nothing matches these filters.');
  await log.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows.filter({ hasText: 'Signed in' }).first()).toBeVisible();
});
