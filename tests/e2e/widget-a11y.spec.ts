// axe-core on the widget's views: no serious or critical violation.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, dialog, launcher } from '../support/widget-host.ts';

async function seriousViolations(page: import('@playwright/test').Page) {
  const r = await new AxeBuilder({ page }).include('helpdesk-widget').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('launcher, search results, article, and the form with errors pass axe', async ({ page, host }) => {
  await page.goto(await host('plain.html'));
  await expect(launcher(page)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await launcher(page).click();
  await dialog(page).getByRole('searchbox', { name: 'Search' }).fill('shipping');
  await expect(dialog(page).locator('.item').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await dialog(page).locator('.item').first().click();
  await expect(dialog(page).locator('.art')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
  await dialog(page).getByRole('button', { name: 'Send' }).click();
  await expect(dialog(page).getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  expect(await seriousViolations(page)).toEqual([]);
});
