// `e` on a ticket resolves it and opens the next one of the queue, and the queue itself after the last one.
import { test, expect } from '../support/server.ts';
import { apiSession, ownTenant, signIn } from './inbox-support.ts';

test('e resolves the ticket and moves to the next one in the queue, then back to the queue after the last', async ({
  page,
  server,
}) => {
  const owner = await ownTenant(server.baseURL, 'resolver');
  const api = await apiSession(server.baseURL, owner);
  const ids: Record<string, string> = {};
  for (const subject of ['Oldest tent question', 'Middle boots question', 'Newest pack question']) {
    const res = await api.post('/api/v1/tickets', {
      data: { subject, message: 'Please help.', requester: { email: 'camper@example.com' } },
    });
    expect(res.status(), await res.text()).toBe(201);
    ids[subject] = (await res.json()).id;
  }
  const status = async (subject: string) => (await (await api.get(`/api/v1/tickets/${ids[subject]}`)).json()).status;

  await signIn(page, owner);
  const rows = page.locator('.trow');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('Newest pack question');
  await rows.first().getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Newest pack question' })).toBeVisible();

  await page.locator('body').press('e');
  await expect(page.getByRole('heading', { name: 'Middle boots question' })).toBeVisible();
  expect(await status('Newest pack question')).toBe('resolved');

  await page.keyboard.press('e');
  await expect(page.getByRole('heading', { name: 'Oldest tent question' })).toBeVisible();
  expect(await status('Middle boots question')).toBe('resolved');

  // The last ticket of the queue: resolving it goes back to the (now empty) queue.
  await page.keyboard.press('e');
  await expect(page.getByRole('heading', { name: 'Tickets', exact: true })).toBeVisible();
  await expect(rows).toHaveCount(0);
  expect(await status('Oldest tent question')).toBe('resolved');
  await api.dispose();
});
