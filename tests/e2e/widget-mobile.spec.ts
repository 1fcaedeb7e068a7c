// Phones: a small launcher, a full-screen panel that fits the dynamic viewport, 16px inputs so iOS does not zoom.
import { test, expect, dialog, launcher } from '../support/widget-host.ts';

test.use({ viewport: { width: 390, height: 700 }, isMobile: true, hasTouch: true });

test('full-screen panel, 16px inputs, compact launcher', async ({ page, host }) => {
  await page.goto(await host('plain.html'));
  const l = (await launcher(page).boundingBox())!;
  expect([l.width, l.height]).toEqual([48, 48]);
  // It sits in the corner, clear of the page's centred content column.
  expect(l.x + l.width).toBeLessThanOrEqual(390 - 12);
  await page.screenshot({ path: test.info().outputPath('mobile-closed.png'), animations: 'disabled' });

  await launcher(page).tap();
  await expect(dialog(page)).toBeVisible();
  await page.waitForFunction(
    () => document.querySelector('helpdesk-widget')!.shadowRoot!.querySelector('.panel')!.getAnimations().length === 0,
  );
  const box = (await dialog(page).boundingBox())!;
  expect(box).toEqual({ x: 0, y: 0, width: 390, height: 700 });
  await dialog(page).getByRole('button', { name: 'Contact us' }).tap();
  for (const name of ['Name', 'Email', 'Subject', 'Message']) {
    expect(
      await dialog(page)
        .getByLabel(name)
        .evaluate((el) => getComputedStyle(el).fontSize),
      name,
    ).toBe('16px');
  }
  // The launcher steps aside while the full-screen panel is open; Close is the way out.
  await expect(launcher(page)).toBeHidden();
  await page.screenshot({ path: test.info().outputPath('mobile-open.png'), animations: 'disabled' });
  await dialog(page).getByRole('button', { name: 'Close' }).tap();
  await expect(launcher(page)).toBeVisible();
});
