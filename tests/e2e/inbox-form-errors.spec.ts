// A refused save says why beside the field, in words: no "Something went wrong", no `allowedOrigins.1`.
import { test, expect } from '../support/server.ts';
import { ownTenant, signIn } from './inbox-support.ts';

test('an invalid origin is explained under the origins field, naming what was typed', async ({ page, server }) => {
  const owner = await ownTenant(server.baseURL, 'origins');
  await signIn(page, owner);
  await page.goto('/inbox/#/settings/install');
  const origins = page.getByLabel('Websites allowed to use your widget, one per line');
  await origins.fill('https://shop.example.com\nshop.example.com/path');
  await page.getByRole('button', { name: 'Save origins' }).click();

  const message = page.locator('#origins-allowedOrigins-error');
  await expect(message).toHaveText(/^“shop\.example\.com\/path” must be an origin like https:\/\/www\.example\.com/);
  await expect(origins).toHaveAttribute('aria-invalid', 'true');
  await expect(origins).toHaveAccessibleDescription(/“shop\.example\.com\/path” must be an origin/);
  // Right under the field, not in a box at the end of the form.
  const field = (await origins.boundingBox())!;
  const said = (await message.boundingBox())!;
  expect(said.y).toBeGreaterThanOrEqual(field.y + field.height - 1);
  expect(said.y - (field.y + field.height)).toBeLessThan(24);
  const form = page.locator('form', { has: origins });
  await expect(form.getByRole('alert')).toHaveText('Please correct the marked field.');
  await expect(form).not.toContainText('allowedOrigins');
  await expect(form).not.toContainText('Something went wrong');
  await message.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/misc-origin-error.png' });

  // Fixed, it saves and the message goes.
  await origins.fill('https://shop.example.com');
  await page.getByRole('button', { name: 'Save origins' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Allowed origins saved.' })).toBeVisible();
  await expect(message).toHaveCount(0);
  await expect(origins).not.toHaveAttribute('aria-invalid', 'true');
});
