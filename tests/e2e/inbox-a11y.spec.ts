// Accessibility and keyboard use: axe finds no serious or critical issue on queue and ticket; the daily loop works from the keyboard.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../support/server.ts';
import { signIn, unique, widgetTicket } from './inbox-support.ts';

async function seriousViolations(page: import('@playwright/test').Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('queue and ticket pages have no serious or critical axe violations (desktop and tablet)', async ({
  page,
  server,
}) => {
  const subject = unique('Axe check');
  await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject,
    message: 'Please check my order.',
    email: 'axe@example.com',
    name: 'Ada Axe',
  });
  await signIn(page);
  await expect(page.locator('.trow', { hasText: subject })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.locator('.trow', { hasText: subject }).getByRole('link').click();
  await expect(page.getByLabel('Reply')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 820, height: 1180 });
  expect(await seriousViolations(page)).toEqual([]);
  // On a tablet the thread and the sidebar stack instead of overflowing.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('keyboard only: move with j/k, open, note with n, reply with r, resolve with e, list shortcuts with ?', async ({
  page,
  server,
}) => {
  const first = unique('Keyboard one');
  const second = unique('Keyboard two');
  await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: first,
    message: 'one',
    email: 'kb1@example.com',
  });
  await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: second,
    message: 'two',
    email: 'kb2@example.com',
  });
  await signIn(page);
  await expect(page.locator('.trow').first()).toContainText(second);
  await page.locator('body').press('j');
  await page.keyboard.press('k');
  await expect(page.locator('.trow.selected')).toContainText(second);
  await page.keyboard.press('j');
  await expect(page.locator('.trow.selected')).toContainText(first);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: first })).toBeVisible();

  await page.keyboard.press('n');
  await expect(page.getByLabel('Reply')).toBeFocused();
  await expect(page.getByLabel('Internal note')).toBeChecked();
  await page.keyboard.type('Keyboard note');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('.msg-note')).toContainText('Keyboard note');

  await page.getByLabel('Reply').press('Escape');
  await page.keyboard.press('r');
  await expect(page.getByLabel('Internal note')).not.toBeChecked();
  await page.keyboard.type('Keyboard reply');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('.msg-agent')).toContainText('Keyboard reply');

  await page.getByLabel('Reply').press('Escape');
  // e resolves and moves on to the next ticket of the queue; k comes back to the resolved one.
  await page.keyboard.press('e');
  await expect(page.getByRole('heading', { name: first })).toBeHidden();
  await page.keyboard.press('k');
  await expect(page.getByRole('heading', { name: first })).toBeVisible();
  await expect(page.getByLabel('Status')).toHaveValue('resolved');

  await page.keyboard.press('k');
  await expect(page.getByRole('heading', { name: second })).toBeVisible();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Resolve the ticket');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
