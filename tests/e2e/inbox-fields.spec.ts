// Ticket fields: an admin defines custom fields, a visitor's values show on the ticket, an agent corrects one.
import { test, expect } from '../support/server.ts';
import { signIn, unique } from './inbox-support.ts';

test('custom fields defined in settings show on tickets and are edited inline', async ({ page, server }) => {
  // A tenant of its own, so the demo tenant's widget form (used by other specs) keeps its fields.
  const email = `${unique('fields').replace(/\W+/g, '-')}@example.com`;
  const signup = await fetch(`${server.baseURL}/api/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantName: 'Fields Co', name: 'Fiona Fields', email, password: 'fields password 1' }),
  });
  const { tenant } = await signup.json();
  await signIn(page, { email, password: 'fields password 1' });

  await page.goto('/inbox/#/settings/fields');
  await page.getByLabel('Label', { exact: true }).fill('Order number');
  await expect(page.getByLabel('Key', { exact: true })).toHaveValue('order_number');
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added “Order number”' })).toBeVisible();
  await page.getByLabel('Label', { exact: true }).fill('Product');
  await page.getByLabel('Type', { exact: true }).selectOption('select');
  await page.getByLabel('Choices').fill('Tent, Backpack');
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByRole('region', { name: 'Ticket fields' })).toContainText('select (Tent, Backpack)');

  // A visitor fills them through the widget API; a wrong choice is refused.
  const widget = { 'content-type': 'application/json', 'x-widget-key': tenant.widgetKey };
  const bad = await fetch(`${server.baseURL}/api/v1/widget/tickets`, {
    method: 'POST',
    headers: widget,
    body: JSON.stringify({
      subject: 'Pole',
      message: 'Snapped',
      email: 'v@example.com',
      customFields: { product: 'Canoe' },
    }),
  });
  expect(bad.status).toBe(422);
  const filed = await fetch(`${server.baseURL}/api/v1/widget/tickets`, {
    method: 'POST',
    headers: widget,
    body: JSON.stringify({
      subject: 'Pole snapped',
      message: 'Snapped on day one',
      email: 'v@example.com',
      customFields: { order_number: 'TO-1234', product: 'Tent' },
    }),
  });
  const { ticket } = await filed.json();

  await page.goto(`/inbox/#/tickets/${ticket.id}`);
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details.getByLabel('Order number')).toHaveValue('TO-1234');
  await expect(details.getByLabel('Product')).toHaveValue('Tent');
  await details.getByLabel('Order number').fill('TO-9999');
  await details.getByLabel('Order number').press('Tab');
  await expect
    .poll(async () => (await (await page.request.get(`/api/v1/tickets/${ticket.id}`)).json()).customFields)
    .toEqual({ order_number: 'TO-9999', product: 'Tent' });
});
