// The daily loop: a visitor's ticket appears live in the queue, the agent replies, the visitor gets the reply live;
// internal notes never reach the visitor.
import { test, expect } from '../support/server.ts';
import { signIn, unique, visitorTickets, widgetTicket } from './inbox-support.ts';

test('visitor → agent → visitor, with an internal note the visitor never sees', async ({ page, browser, server }) => {
  const { baseURL, demo } = server;
  await signIn(page);
  await page.getByRole('button', { name: /All open/ }).click();

  // The visitor side: a separate browser context listening on the widget's live stream.
  const visitor = await (await browser.newContext()).newPage();
  const subject = unique('Tent zipper broke');
  const filed = await widgetTicket(baseURL, demo.widgetKey, { subject, message: 'The zipper tore on day two.', email: 'hiker@example.com', name: 'Hana Hiker' });
  await visitor.goto(`${baseURL}/inbox/preview.html`);
  await visitor.evaluate(({ key, token }) => {
    const w = window as unknown as { got: string[] };
    w.got = [];
    const es = new EventSource(`/api/v1/widget/events?key=${encodeURIComponent(key)}&token=${encodeURIComponent(token)}`);
    es.addEventListener('message.created', (e) => w.got.push(JSON.parse((e as MessageEvent).data).message.body));
  }, { key: demo.widgetKey, token: filed.visitorToken });

  // Live in the queue without a reload.
  const row = page.getByRole('link', { name: new RegExp(subject) });
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  await expect(page.locator('.msg-customer')).toContainText('The zipper tore on day two.');

  // An internal note first, then the public reply.
  await page.getByLabel('Internal note').check();
  await page.getByLabel('Reply').fill('Check whether batch 42 zippers are affected.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.locator('.msg-note')).toContainText('batch 42');
  await expect(page.locator('.msg-note')).toContainText('Internal note');

  await page.getByLabel('Internal note').uncheck();
  await page.getByLabel('Reply').fill('Sorry about that! A replacement zipper kit is on its way.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.locator('.msg-agent')).toContainText('replacement zipper kit');
  await expect(page.getByLabel('Reply')).toHaveValue('');

  // The visitor's live stream got the reply, and never the note.
  await expect.poll(() => visitor.evaluate(() => (window as unknown as { got: string[] }).got)).toContain('Sorry about that! A replacement zipper kit is on its way.');
  const got = await visitor.evaluate(() => (window as unknown as { got: string[] }).got);
  expect(got.join('\n')).not.toContain('batch 42');
  const mine = await visitorTickets(baseURL, demo.widgetKey, filed.visitorToken);
  const bodies = mine.find((t) => t.id === filed.ticket.id)!.messages.map((m) => m.body);
  expect(bodies).toContain('Sorry about that! A replacement zipper kit is on its way.');
  expect(bodies.join('\n')).not.toContain('batch 42');
});

test('a failed reply says what went wrong and keeps the text', async ({ page, server }) => {
  const subject = unique('Failing reply');
  await widgetTicket(server.baseURL, server.demo.widgetKey, { subject, message: 'Hello?', email: 'fail@example.com' });
  await signIn(page);
  await page.getByRole('link', { name: new RegExp(subject) }).click();
  await page.route('**/api/v1/tickets/*/messages', (route) =>
    route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'The database is busy. Try again.' }) }),
  );
  await page.getByLabel('Reply').fill('This text must survive the failure.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('alert')).toContainText('The database is busy');
  await expect(page.getByLabel('Reply')).toHaveValue('This text must survive the failure.');
});
