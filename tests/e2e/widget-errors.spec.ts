// What a visitor reads when sending fails: the server's refusal next to the field, in words; a lost connection as one sentence with a retry.
import type { Locator } from '@playwright/test';
import { test, expect, dialog, launcher } from '../support/widget-host.ts';

test('a refused field is explained beside it, and a network failure keeps the text and retries', async ({
  page,
  host,
}) => {
  await page.clock.install();
  await page.goto(await host('plain.html'));
  await launcher(page).click();
  await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
  await dialog(page).getByLabel('Email').fill('fay@example.com');
  // Longer than the server's 250 characters: only the server knows the limit.
  await dialog(page).getByLabel('Subject').fill('The tent pole snapped '.repeat(12));
  await dialog(page).getByLabel('Message').fill('It snapped on the first night.');
  await page.clock.fastForward(3000);
  await dialog(page).getByRole('button', { name: 'Send' }).click();

  const subject = dialog(page).getByLabel('Subject');
  await expect(subject).toHaveAttribute('aria-invalid', 'true');
  await expect(subject).toHaveAccessibleDescription('This is too long. Please shorten it.');
  await expect(subject).toBeFocused();
  await expect(dialog(page).getByRole('alert')).toHaveText('Please correct the highlighted fields.');
  await expect(dialog(page)).not.toContainText(/Too big|characters|subject:/);
  await page.screenshot({ path: test.info().outputPath('field-error.png'), animations: 'disabled' });

  await subject.fill('The tent pole snapped');
  await expect(subject).not.toHaveAttribute('aria-invalid', 'true');
  // The connection drops: one sentence, the text kept, a retry.
  await page.route('**/api/v1/widget/tickets', (route) => route.abort('internetdisconnected'));
  await dialog(page).getByRole('button', { name: 'Send' }).click();
  const alert = dialog(page).getByRole('alert');
  await expect(alert).toContainText('We could not reach the help desk. Nothing you typed was lost.');
  await expect(dialog(page).getByLabel('Message')).toHaveValue('It snapped on the first night.');
  // Link-like buttons take the colour of the text around them: the retry the alert's, the close button the header's.
  const colour = (l: Locator) => l.evaluate((el) => getComputedStyle(el).color);
  expect(await colour(alert.getByRole('button', { name: 'Try again' }))).toBe(await colour(alert));
  expect(await colour(alert)).toBe('rgb(153, 27, 27)');
  const close = dialog(page).getByRole('button', { name: 'Close' });
  expect(await colour(close)).toBe(await colour(dialog(page).getByRole('heading', { level: 2 })));
  await page.screenshot({ path: test.info().outputPath('network-error.png'), animations: 'disabled' });
  await page.unroute('**/api/v1/widget/tickets');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(dialog(page).getByRole('heading', { name: 'Thanks, we got your request' })).toBeVisible();
});
