// Colleagues' changes arrive live: the queue updates in place and keeps the agent's selection; an open ticket refreshes.
import { test, expect } from '../support/server.ts';
import { apiSession, createAgent, signIn, unique, widgetTicket } from './inbox-support.ts';

test("a second agent's change appears live without losing the selection", async ({ page, server }) => {
  const owner = await apiSession(server.baseURL);
  const colleague = await apiSession(server.baseURL, await createAgent(owner, 'agent'));
  const a = unique('Live A');
  const b = unique('Live B');
  const ta = await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: a,
    message: 'first',
    email: 'live-a@example.com',
  });
  await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: b,
    message: 'second',
    email: 'live-b@example.com',
  });

  await signIn(page);
  const rowB = page.locator('.trow', { hasText: b });
  await rowB.getByRole('link').focus();
  await expect(rowB).toHaveClass(/selected/);

  // The colleague raises A to urgent and files a brand-new ticket.
  const res = await colleague.patch(`/api/v1/tickets/${ta.ticket.id}`, {
    data: { priority: 'urgent', tags: ['escalated'] },
  });
  expect(res.status()).toBe(200);
  const c = unique('Live C');
  await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: c,
    message: 'third',
    email: 'live-c@example.com',
  });

  const rowA = page.locator('.trow', { hasText: a });
  await expect(rowA.locator('.prio-urgent')).toBeVisible();
  await expect(rowA.locator('.tag', { hasText: 'escalated' })).toBeVisible();
  await expect(page.locator('.trow', { hasText: c })).toBeVisible();
  await expect(rowB).toHaveClass(/selected/);
  await expect(page.getByLabel('Password')).toHaveCount(0);

  // On the ticket page, a colleague's reply and status change show up live too.
  await rowA.getByRole('link').click();
  await expect(page.getByRole('heading', { name: a })).toBeVisible();
  await colleague.post(`/api/v1/tickets/${ta.ticket.id}/messages`, {
    data: { body: 'I am on it, ordering the part.', internal: true },
  });
  await colleague.patch(`/api/v1/tickets/${ta.ticket.id}`, { data: { status: 'pending' } });
  await expect(page.locator('.msg-note')).toContainText('ordering the part');
  await expect(page.getByLabel('Status')).toHaveValue('pending');
  await expect(page.locator('.activity')).toContainText('changed status from open to pending');
  await colleague.dispose();
  await owner.dispose();
});

test('what an agent is typing in the tag filter survives a live update of the queue', async ({ page, server }) => {
  const tag = unique('live-tag').replace(/\W+/g, '-');
  const owner = await apiSession(server.baseURL);
  const tagged = await owner.post('/api/v1/tickets', {
    data: { subject: unique('Tagged'), message: 'm', requester: { email: 'tagged@example.com' }, tags: [tag] },
  });
  expect(tagged.status()).toBe(201);
  await signIn(page);
  await page.getByRole('button', { name: /All open/ }).click();
  const filter = page.getByLabel('Tag', { exact: true });
  await filter.fill(tag);
  // A visitor writes in while the agent is typing: the queue re-renders with the new ticket.
  const other = unique('Arrives while typing');
  await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: other,
    message: 'hello',
    email: 'typing@example.com',
  });
  await expect(page.locator('.trow', { hasText: other })).toBeVisible();
  await expect(filter).toHaveValue(tag);
  await filter.press('Enter');
  await expect(page.locator('.trow')).toHaveCount(1);
  await expect(page.locator('.trow')).toContainText(tag);
  await owner.dispose();
});
