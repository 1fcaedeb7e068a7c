// Filing a ticket from the inbox on a customer's behalf: the opening message is the customer's, not an agent reply.
import { test, expect } from '../support/server.ts';
import { screenshot, seriousViolations, signIn, unique } from './inbox-support.ts';

test("an agent files a phoned-in ticket for a customer; it opens with the customer's message", async ({ page }) => {
  const subject = unique('Phoned in');
  const email = `${unique('caller').replace(/\W+/g, '-')}@example.com`;
  await signIn(page);
  await page.getByRole('link', { name: 'New ticket' }).click();
  await expect(page.getByRole('heading', { name: 'New ticket' })).toBeVisible();
  await page.getByLabel('Customer email').fill(email);
  await page.getByLabel('Customer name').fill('Carl Caller');
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel("Customer's message").fill('My stove will not light since yesterday.');
  await page.getByLabel('Priority').selectOption('high');
  await page.getByLabel('Tags').fill('phone, stove');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'new-ticket-desktop');
  await page.getByRole('button', { name: 'Create ticket' }).click();

  // The new ticket's page: the message shown as the customer's.
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  const first = page.locator('.msg').first();
  await expect(first).toHaveAttribute('data-kind', 'customer');
  await expect(first).toContainText('Carl Caller');
  await expect(first).toContainText('Customer');
  await expect(page.locator('.msg-agent')).toHaveCount(0);

  const id = page.url().split('/tickets/')[1];
  const ticket = await (await page.request.get(`/api/v1/tickets/${id}`)).json();
  expect(ticket).toMatchObject({
    subject,
    priority: 'high',
    status: 'open',
    tags: ['phone', 'stove'],
    channel: 'inbox',
    requester: { email, name: 'Carl Caller' },
    firstResponseAt: null,
  });
  expect(ticket.messages[0]).toMatchObject({
    body: 'My stove will not light since yesterday.',
    internal: false,
    author: { type: 'customer', id: ticket.requester.id },
  });
});
