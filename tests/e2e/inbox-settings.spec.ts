// Settings: a branding change reaches the widget's config on its next load; a viewer sees settings but cannot change them.
import { test, expect } from '../support/server.ts';
import { apiSession, createAgent, signIn, unique, widgetTicket } from './inbox-support.ts';

test('a new primary colour saved in the inbox is what the widget loads next', async ({
  page,
  server,
  request,
  browser,
}) => {
  await signIn(page);
  // The worker's server is shared: put the demo tenant's branding back afterwards.
  const before = (await (await page.request.get(`/api/v1/tenants/${server.demo.tenantId}`)).json()).branding;
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Widget & branding' }).click();
  const colour = page.getByLabel('Primary colour', { exact: true });
  await colour.fill('#9333ea');
  await page.getByLabel('Launcher position').selectOption('bottom-left');
  await page.getByRole('button', { name: 'Save branding' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  // The preview frame is pointed at the new colour too.
  await expect(page.frameLocator('iframe[title="Widget preview"]').locator('body')).toBeAttached();
  // (It follows the form after a short pause, so wait for it rather than read it once.)
  await expect
    .poll(async () => decodeURIComponent((await page.locator('iframe[title="Widget preview"]').getAttribute('src'))!))
    .toContain('#9333ea');

  const cfg = await request.get('/api/v1/widget/config', { headers: { 'x-widget-key': server.demo.widgetKey } });
  const body = await cfg.json();
  expect(body.branding.primaryColor).toBe('#9333ea');
  expect(body.branding.launcherPosition).toBe('bottom-left');

  // A visitor's next page load: the real embed, with no colour in its snippet, wears the new colour on the left.
  const visitor = await (await browser.newContext()).newPage();
  const config = encodeURIComponent(JSON.stringify({ tenantId: server.demo.tenantId, apiKey: server.demo.widgetKey }));
  await visitor.goto(`${server.baseURL}/inbox/preview.html#${config}`);
  const launcher = visitor.getByRole('button', { name: /^(Help|Support)/ });
  await expect(launcher).toBeVisible();
  await expect(launcher).toHaveCSS('background-color', 'rgb(147, 51, 234)');
  const box = (await launcher.boundingBox())!;
  expect(box.x).toBeLessThan(visitor.viewportSize()!.width / 2);
  // The demo shop pastes the snippet the Install page hands out (no theme), so the change shows there too.
  await visitor.goto(`${server.baseURL}/demo`);
  await expect(visitor.getByRole('button', { name: /^(Help|Support)/ }).first()).toHaveCSS(
    'background-color',
    'rgb(147, 51, 234)',
  );
  await visitor.context().close();
  const restored = await page.request.patch(`/api/v1/tenants/${server.demo.tenantId}`, {
    data: {
      branding: {
        primaryColor: before.primaryColor ?? '#2563eb',
        launcherPosition: before.launcherPosition ?? 'bottom-right',
      },
    },
    headers: { origin: server.baseURL },
  });
  expect(restored.status()).toBe(200);
});

test('a bad colour is refused with the reason, and the typed value stays', async ({ page }) => {
  await signIn(page);
  await page.goto('/inbox/#/settings/branding');
  await page.getByLabel('Primary colour', { exact: true }).fill('purple');
  await page.getByRole('button', { name: 'Save branding' }).click();
  await expect(page.getByRole('alert')).toHaveText('Please correct the marked field.');
  await expect(page.locator('#branding-branding-primaryColor-error')).toHaveText(
    /^Primary colour must be a hex colour/,
  );
  await expect(page.getByLabel('Primary colour', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Primary colour', { exact: true })).toHaveValue('purple');
});

test('the snippet carries the tenant ids, and the identity secret comes with an HMAC example', async ({
  page,
  server,
}) => {
  await signIn(page);
  await page.goto('/inbox/#/settings/install');
  const snippet = page.getByLabel('Embed snippet');
  await expect(snippet).toContainText(`tenantId: '${server.demo.tenantId}'`);
  await expect(snippet).toContainText(`apiKey: '${server.demo.widgetKey}'`);
  await expect(snippet).toContainText(`${server.baseURL}/embed.js`);
  await page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(page.getByLabel('Identity secret')).not.toBeEmpty();
  await expect(page.getByText("createHmac('sha256', secret)")).toBeVisible();
});

test('an API key is shown once, then only its hint; revoking it stops it', async ({ page, request }) => {
  // Its own name: other specs on this worker's server make keys too (inbox-search's "CRM sync").
  const name = unique('Billing sync');
  await signIn(page);
  await page.goto('/inbox/#/settings/api-keys');
  await page.getByLabel('Key name').fill(name);
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByLabel('New API key').textContent())!;
  expect(key).toMatch(/^hd_sk_/);
  const keys = page.getByRole('table');
  await expect(keys.getByRole('columnheader')).toHaveText(['Name', 'Key', 'Created', 'Last used', 'Status', 'Actions']);
  const row = keys.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByRole('cell')).toHaveText([name, /^hd_sk_/, /\d/, 'never', 'active', 'Revoke']);
  await page.screenshot({ path: '/tmp/inbox-api-keys.png' });
  expect((await request.get('/api/v1/me', { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(page.locator('tr', { hasText: name })).toContainText('revoked');
  expect((await request.get('/api/v1/me', { headers: { authorization: `Bearer ${key}` } })).status()).toBe(401);
  await page.reload();
  await expect(page.getByText(key)).toHaveCount(0);
});

test('a viewer sees tickets and settings but no controls to change them', async ({ page, server }) => {
  const owner = await apiSession(server.baseURL);
  const viewer = await createAgent(owner, 'viewer');
  await owner.dispose();
  const subject = unique('Viewer can read');
  await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject,
    message: 'Read me',
    email: 'viewer-case@example.com',
  });
  await signIn(page, viewer);
  await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
  await page.getByRole('link', { name: new RegExp(subject) }).click();
  await expect(page.getByText('You have read-only access to this ticket.')).toBeVisible();
  await expect(page.getByLabel('Reply')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Resolve/ })).toHaveCount(0);
  await expect(page.getByLabel('Status')).toBeDisabled();
  await page.goto('/inbox/#/settings/branding');
  await expect(page.getByLabel('Primary colour', { exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save branding' })).toHaveCount(0);
  await page.goto('/inbox/#/settings/agents');
  await expect(page.getByRole('button', { name: 'Send invitation' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'API keys' })).toHaveCount(0);
});
