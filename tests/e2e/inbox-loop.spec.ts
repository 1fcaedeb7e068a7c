// The daily loop: a ticket filed in the real widget on /demo appears live in the queue, the agent replies, the reply
// appears live in the widget; internal notes never reach the visitor.
import { test, expect } from '../support/server.ts';
import { fileInDemoWidget, signIn, unique, visitorTickets, widgetTicket } from './inbox-support.ts';

test('visitor → agent → visitor through the real widget, with an internal note the visitor never sees', async ({
  page,
  browser,
  server,
}) => {
  const { baseURL, demo } = server;
  await signIn(page);
  await page.getByRole('button', { name: /All open/ }).click();

  // The visitor files a ticket through the widget on the demo shop.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const subject = unique('Tent zipper broke');
  const widget = await fileInDemoWidget(visitor, baseURL, {
    name: 'Hana Hiker',
    email: 'hiker@example.com',
    subject,
    message: 'The zipper tore on day two.',
  });
  await widget.getByRole('button', { name: 'View my tickets' }).click();

  // Live in the queue without a reload.
  const row = page.getByRole('link', { name: new RegExp(subject) });
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  await expect(page.locator('.msg-customer')).toContainText('The zipper tore on day two.');
  await expect(page.locator('.customer')).toContainText('hiker@example.com');

  // An internal note first, then the public reply.
  await page.getByLabel('Internal note').check();
  await page.getByLabel('Reply', { exact: true }).fill('Check whether batch 42 zippers are affected.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.locator('.msg-note')).toContainText('batch 42');
  await expect(page.locator('.msg-note')).toContainText('Internal note');

  await page.getByLabel('Internal note').uncheck();
  await page.getByLabel('Reply', { exact: true }).fill('Sorry about that! A replacement zipper kit is on its way.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.locator('.msg-agent')).toContainText('replacement zipper kit');
  await expect(page.getByLabel('Reply', { exact: true })).toHaveValue('');

  // The reply shows up in the open widget by itself; the note never does.
  await visitor.clock.resume();
  const thread = visitor.getByRole('dialog');
  await thread.getByText(subject).click();
  await expect(thread.getByText('A replacement zipper kit is on its way.')).toBeVisible({ timeout: 15_000 });
  await expect(thread.getByText('batch 42')).toHaveCount(0);

  // The widget API agrees: public messages only.
  const filed = await widgetTicket(baseURL, demo.widgetKey, {
    subject: unique('Second ticket'),
    message: 'Another question',
    email: 'note-check@example.com',
  });
  const ticketPage = await page.request.get(`/api/v1/tickets/${filed.ticket.id}`);
  expect(ticketPage.status()).toBe(200);
  await page.request.post(`/api/v1/tickets/${filed.ticket.id}/messages`, {
    data: { body: 'secret internal remark', internal: true },
    headers: { origin: baseURL },
  });
  const mine = await visitorTickets(baseURL, demo.widgetKey, filed.visitorToken);
  const bodies = mine.find((t) => t.id === filed.ticket.id)!.messages.map((m) => m.body);
  expect(bodies).toContain('Another question');
  expect(bodies.join('\n')).not.toContain('secret internal remark');
  await visitorContext.close();
});

test('a failed reply says what went wrong and keeps the text', async ({ page, server }) => {
  const subject = unique('Failing reply');
  await widgetTicket(server.baseURL, server.demo.widgetKey, { subject, message: 'Hello?', email: 'fail@example.com' });
  await signIn(page);
  await page.getByRole('link', { name: new RegExp(subject) }).click();
  await page.route('**/api/v1/tickets/*/messages', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'The database is busy. Try again.' }),
    }),
  );
  await page.getByLabel('Reply', { exact: true }).fill('This text must survive the failure.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('alert')).toContainText('The database is busy');
  await expect(page.getByLabel('Reply', { exact: true })).toHaveValue('This text must survive the failure.');
});
