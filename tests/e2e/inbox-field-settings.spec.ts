// Ticket fields, edited after the fact: label, choices and required flag, and their order from the keyboard.
import { test, expect } from '../support/server.ts';
import { ownTenant, screenshot, seriousViolations, signIn } from './inbox-support.ts';

test('an admin renames a field, changes its choices and required flag, and reorders fields with the keyboard', async ({
  page,
  server,
}) => {
  const owner = await ownTenant(server.baseURL, 'fieldorder');
  await signIn(page, owner);
  for (const f of [
    { key: 'order_number', label: 'Order number', type: 'text' },
    { key: 'product', label: 'Product', type: 'select', options: ['Tent', 'Backpack'] },
    { key: 'gift', label: 'Gift', type: 'checkbox' },
  ]) {
    const r = await page.request.post('/api/v1/custom-fields', { data: f, headers: { origin: server.baseURL } });
    expect(r.status()).toBe(201);
  }
  await page.goto('/inbox/#/settings/fields');
  const list = page.getByRole('region', { name: 'Ticket fields' });
  await expect(list.locator('tbody tr')).toHaveCount(3);

  await list.getByRole('button', { name: 'Edit Product' }).click();
  const form = list.getByRole('form', { name: 'Edit Product' });
  await form.getByLabel('Label').fill('Product line');
  await form.getByLabel('Choices').fill('Tent, Backpack, Stove');
  await form.getByLabel('Required').check();
  await form.getByRole('button', { name: 'Save field' }).click();
  await expect(list.getByRole('status')).toContainText('Saved “Product line”');
  await expect(list.locator('tbody tr').nth(1)).toContainText('select (Tent, Backpack, Stove)');
  await expect(list.getByRole('button', { name: 'Edit Product line' })).toBeFocused();

  // Gift to the top, from the keyboard: focus stays on its button while the row moves.
  const up = list.getByRole('button', { name: 'Move Gift up' });
  await up.focus();
  await page.keyboard.press('Enter');
  await expect(list.getByRole('status')).toContainText('Moved “Gift” up');
  await expect(up).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(list.locator('tbody tr').first()).toContainText('Gift');
  // At the top "up" is disabled, so focus moves to its partner.
  await expect(list.getByRole('button', { name: 'Move Gift down' })).toBeFocused();
  await expect(up).toBeDisabled();

  await page.reload();
  await expect(list.locator('tbody tr td:first-child')).toHaveText(['Gift', 'Order number', 'Product line']);
  const fields = (await (await page.request.get('/api/v1/custom-fields')).json()).data;
  expect(fields.map((f: { key: string }) => f.key)).toEqual(['gift', 'order_number', 'product']);
  expect(fields[2]).toMatchObject({ label: 'Product line', required: true, options: ['Tent', 'Backpack', 'Stove'] });

  // The widget's form follows: the required field is now refused when missing.
  const missing = await fetch(`${server.baseURL}/api/v1/widget/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-widget-key': owner.tenant.widgetKey },
    body: JSON.stringify({ subject: 'Hi', message: 'No product', email: 'v@example.com' }),
  });
  expect(missing.status).toBe(422);

  expect(await seriousViolations(page)).toEqual([]);
  await list.getByRole('button', { name: 'Edit Order number' }).click();
  await screenshot(page, 'ticket-fields-desktop');
});
