// Bulk actions: tick several tickets in the queue, assign them, tag them and resolve them in one go each.
import { test, expect } from '../support/server.ts';
import { signIn, unique, widgetTicket } from './inbox-support.ts';

test('tick tickets in the queue, then assign, tag and resolve them together', async ({ page, server }) => {
  const subjects = [unique('Bulk one'), unique('Bulk two'), unique('Bulk three')];
  const made = [];
  for (const subject of subjects) made.push(await widgetTicket(server.baseURL, server.demo.widgetKey, { subject, message: 'm', email: 'bulk@example.com' }));
  await signIn(page);
  await page.getByRole('button', { name: /All open/ }).click();
  for (const t of made.slice(0, 2)) await page.getByLabel(`Select ticket #${t.ticket.number}`).check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('2 selected');

  await bar.getByRole('button', { name: 'Assign to me' }).click();
  await expect(bar).toBeHidden();
  const get = async (id: string) => (await (await page.request.get(`/api/v1/tickets/${id}`)).json()) as { assigneeId: string | null; status: string; tags: string[] };
  const me = (await (await page.request.get('/api/v1/me')).json()).agent.id;
  expect((await get(made[0].ticket.id)).assigneeId).toBe(me);
  expect((await get(made[1].ticket.id)).assigneeId).toBe(me);
  expect((await get(made[2].ticket.id)).assigneeId).toBeNull();

  for (const t of made.slice(0, 2)) await page.getByLabel(`Select ticket #${t.ticket.number}`).check();
  await bar.getByLabel('Tag to add').fill('batch 42');
  await bar.getByRole('button', { name: 'Add tag' }).click();
  await expect(bar).toBeHidden();
  expect((await get(made[1].ticket.id)).tags).toContain('batch-42');

  for (const t of made.slice(0, 2)) await page.getByLabel(`Select ticket #${t.ticket.number}`).check();
  await bar.getByRole('button', { name: 'Resolve' }).click();
  // resolved tickets leave the "All open" view; the untouched one stays
  await expect(page.getByRole('link', { name: new RegExp(subjects[0]) })).toBeHidden();
  await expect(page.getByRole('link', { name: new RegExp(subjects[2]) })).toBeVisible();
  expect((await get(made[0].ticket.id)).status).toBe('resolved');
});
