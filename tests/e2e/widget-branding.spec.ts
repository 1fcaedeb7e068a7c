// Branding reaches the owner's site: the preview shows colour and launcher side without taking the keyboard, and a save shows on /demo.
import { test, expect } from '../support/server.ts';
import { signIn } from './inbox-support.ts';

test('the branding preview shows the launcher on the chosen side, leaves the keyboard to the inbox, and a save reaches /demo', async ({
  page,
  server,
  browser,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page);
  const before = (await (await page.request.get(`/api/v1/tenants/${server.demo.tenantId}`)).json()).branding;
  await page.goto('/inbox/#/settings/branding');
  const frame = page.frameLocator('iframe[title="Widget preview"]');
  const previewLauncher = frame.getByRole('button', { name: /^Help/ });
  await expect(frame.getByRole('dialog')).toBeVisible();
  await expect(previewLauncher).toBeVisible();

  // The preview loaded without taking focus: the inbox's own shortcuts still answer.
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('IFRAME');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByLabel('Primary colour', { exact: true }).fill('#b45309');
  await page.getByLabel('Launcher position').selectOption('bottom-left');
  const frameBox = (await page.locator('iframe[title="Widget preview"]').boundingBox())!;
  await expect
    .poll(async () => (await previewLauncher.boundingBox())?.x ?? 1e9)
    .toBeLessThan(frameBox.x + frameBox.width / 2);
  await expect(previewLauncher).toHaveCSS('background-color', 'rgb(180, 83, 9)');
  await page.screenshot({ path: test.info().outputPath('branding-preview-left.png') });

  await page.getByRole('button', { name: 'Save branding' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // The demo shop pasted the snippet the Install page hands out: the new look shows on its next load.
  const shopper = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await shopper.goto(`${server.baseURL}/demo`);
  const shopLauncher = shopper.locator('helpdesk-widget').getByRole('button', { name: /^Help/ });
  await expect(shopLauncher).toHaveCSS('background-color', 'rgb(180, 83, 9)');
  expect((await shopLauncher.boundingBox())!.x).toBeLessThan(640);
  await shopper.screenshot({ path: test.info().outputPath('demo-left.png') });
  await shopper.context().close();

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
