// Queue search: it covers every ticket the agent may see whatever view they are in (the view becomes a chip
// they can keep) and finds tickets by words, number and customer email; API-made tickets read right in the thread.
import { test, expect } from '../support/server.ts';
import { apiSession, seriousViolations, signIn, unique, widgetTicket } from './inbox-support.ts';

test('search from All open finds a pending ticket, #4 finds ticket 4, a customer email finds their tickets', async ({
  page,
  server,
}) => {
  const email = `${unique('rowan').replace(/\W+/g, '-')}@example.com`;
  const buckle = await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: unique('Backpack buckle cracked'),
    message: 'The hip-belt buckle split on a cold morning. Can you send a spare?',
    email,
    name: 'Rowan Fell',
  });
  const other = await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: unique('Exchange for a larger size'),
    message: 'The pack is too short for my back, may I swap it for the long version?',
    email,
    name: 'Rowan Fell',
  });
  const agent = await apiSession(server.baseURL);
  expect((await agent.patch(`/api/v1/tickets/${buckle.ticket.id}`, { data: { status: 'pending' } })).status()).toBe(
    200,
  );

  await signIn(page);
  await page.getByRole('button', { name: /All open/ }).click();
  const rows = page.getByRole('list', { name: 'Tickets' }).getByRole('listitem');
  const results = page.getByRole('region', { name: 'Search results' });
  const box = page.getByRole('searchbox', { name: 'Search tickets' });

  // A pending ticket, though the agent is in All open: the search covers every ticket.
  await box.fill('buckle');
  await box.press('Enter');
  await expect(results.getByRole('status')).toHaveText('1 ticket matches “buckle” in all views.');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`#${buckle.ticket.number}`);
  await expect(rows.first()).toContainText('pending');
  const chip = results.getByRole('button', { name: /Only All open/ });
  await expect(chip).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('button', { name: /All open/, pressed: true })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/inbox-search-buckle.png', fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // Keeping the view narrows the search to it: nothing open says "buckle", and the way back is right there.
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect(results.getByRole('status')).toHaveText('No tickets match “buckle” in All open.');
  await expect(rows).toHaveCount(0);
  await page.screenshot({ path: '/tmp/inbox-search-none.png', fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await results.getByRole('button', { name: 'Search all tickets' }).click();
  await expect(rows).toHaveCount(1);

  // By number, with the #.
  await box.fill('#4');
  await box.press('Enter');
  await expect(rows.first()).toContainText('#4');
  await expect(rows.first()).toContainText('Charged twice for one order');

  // By the customer's email: both of Rowan's tickets, and nobody else's.
  await box.fill(email);
  await box.press('Enter');
  await expect(results.getByRole('status')).toHaveText(`2 tickets match “${email}” in all views.`);
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: `#${buckle.ticket.number}` })).toHaveCount(1);
  await expect(rows.filter({ hasText: `#${other.ticket.number}` })).toHaveCount(1);

  // Clearing the search goes back to the view the agent was in.
  await results.getByRole('button', { name: 'Clear search, back to All open' }).click();
  await expect(results).toBeHidden();
  await expect(box).toHaveValue('');
  await expect(page.getByRole('button', { name: /All open/, pressed: true })).toBeVisible();
  await expect(rows.filter({ hasText: `#${buckle.ticket.number}` })).toHaveCount(0);
  await expect(rows.filter({ hasText: `#${other.ticket.number}` })).toHaveCount(1);
});

test("a ticket an integration files reads as the customer's, and the key's reply is on the team side under its name", async ({
  page,
  server,
}) => {
  const owner = await apiSession(server.baseURL);
  const key = await owner.post('/api/v1/api-keys', { data: { name: 'CRM sync' } });
  expect(key.status(), await key.text()).toBe(201);
  const headers = { authorization: `Bearer ${(await key.json()).key}` };
  const subject = unique('Stove fuel canister leaks');
  const created = await owner.post('/api/v1/tickets', {
    headers,
    data: {
      subject,
      message: 'The canister hisses when I screw the stove on.',
      requester: { email: 'ines.ortega@example.com', name: 'Inés Ortega' },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const ticket = await created.json();
  const reply = await owner.post(`/api/v1/tickets/${ticket.id}/messages`, {
    headers,
    data: { body: 'Order TO-10601 flagged for a replacement canister.' },
  });
  expect(reply.status()).toBe(201);

  await signIn(page);
  await page.goto(`/inbox/#/tickets/${ticket.id}`);
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  const thread = page.getByRole('list', { name: 'Conversation' });
  const opening = thread.locator('.msg-customer');
  await expect(opening).toHaveCount(1);
  await expect(opening).toContainText('Inés Ortega');
  await expect(opening).toContainText('The canister hisses');
  await expect(opening.locator('.msg-api')).toHaveCount(0);
  const fromKey = thread.locator('.msg-agent');
  await expect(fromKey).toHaveCount(1);
  await expect(fromKey.locator('.msg-who')).toHaveText('CRM sync');
  await expect(fromKey.locator('.msg-api')).toHaveText('API');
  await page.screenshot({ path: '/tmp/inbox-api-thread.png', fullPage: true });
});
