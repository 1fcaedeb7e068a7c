// Keyboard only: reach the launcher, search and read an article, file a ticket, with focus kept in the dialog and visible.
import { test, expect, dialog, launcher, widget } from '../support/widget-host.ts';

const focusedInWidget = (page: import('@playwright/test').Page) =>
  widget(page).evaluate((el) => {
    const a = el.shadowRoot!.activeElement as HTMLElement | null;
    return a
      ? {
          text: a.getAttribute('aria-label') ?? a.id ?? a.textContent,
          outline: getComputedStyle(a).outlineStyle,
          inDialog: !!a.closest('[role=dialog]'),
        }
      : null;
  });

test('everything works from the keyboard, with a visible focus ring and focus returned on Escape', async ({
  page,
  host,
}) => {
  await page.clock.install();
  await page.goto(await host('plain.html'));
  await expect(launcher(page)).toBeVisible();
  // The launcher comes after the page's own controls in the tab order.
  await page.locator('#sticky-buy').focus();
  await page.keyboard.press('Tab');
  await expect(launcher(page)).toBeFocused();
  expect((await focusedInWidget(page))!.outline).toBe('solid');

  await page.keyboard.press('Enter');
  const search = dialog(page).getByRole('searchbox', { name: 'Search' });
  await expect(search).toBeFocused();
  await page.keyboard.type('password');
  const first = dialog(page).locator('.item').first();
  await expect(first).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(first).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog(page).getByRole('heading', { level: 3 })).toBeFocused();

  // Tab never leaves the dialog.
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    const f = await focusedInWidget(page);
    expect(f?.inDialog, `tab ${i}: ${JSON.stringify(f)}`).toBe(true);
  }

  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect(launcher(page)).toBeFocused();

  // Reopening comes back to the article the visitor was reading; then file a ticket without a mouse.
  await page.keyboard.press('Enter');
  await expect(dialog(page).getByRole('heading', { level: 3 })).toBeFocused();
  const contactTab = dialog(page).getByRole('button', { name: 'Contact us', exact: true });
  for (
    let i = 0;
    i < 6 && !(await contactTab.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement));
    i++
  )
    await page.keyboard.press('Shift+Tab');
  await expect(contactTab).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(dialog(page).getByLabel('Name')).toBeFocused();
  await page.keyboard.type('Kim Keyboard');
  await page.keyboard.press('Tab');
  await page.keyboard.type('kim@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Keyboard-only ticket');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Sent without touching the mouse.');
  await page.clock.fastForward(3000); // a person takes a few seconds; the server rejects instant submissions
  await dialog(page).getByRole('button', { name: 'Send' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog(page).getByRole('heading', { name: 'Thanks, we got your request' })).toBeFocused();
  await expect(widget(page).getByRole('status')).toHaveText('Thanks, we got your request');
});

test('keyboard focus stays on the vote buttons when the article finishes loading under it', async ({ page, host }) => {
  // A slow article: the visitor tabs to "Yes" while it is still loading.
  await page.route(/\/kb\/articles\//, async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.continue();
  });
  await page.goto(await host('plain.html'));
  await launcher(page).click();
  await dialog(page).getByRole('searchbox', { name: 'Search' }).fill('password');
  const first = dialog(page).locator('.item').first();
  await expect(first).toBeVisible();
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(dialog(page).getByRole('heading', { level: 3 })).toBeFocused();
  await page.keyboard.press('Tab');
  const yes = dialog(page).getByRole('button', { name: 'Yes' });
  await expect(yes).toBeFocused();
  await expect(dialog(page).locator('.art')).toBeVisible(); // loaded now
  await expect(yes).toBeFocused();
});
