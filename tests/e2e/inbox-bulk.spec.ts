// Bulk actions: tick tickets (or every ticket matching the filters) and assign, prioritise, tag, untag or resolve them in one go.
import { test, expect } from '../support/server.ts';
import {
  apiSession,
  createAgent,
  PHONE,
  screenshot,
  seriousViolations,
  signIn,
  unique,
  widgetTicket,
} from './inbox-support.ts';

test('tick tickets in the queue, then assign, tag and resolve them together', async ({ page, server }) => {
  const subjects = [unique('Bulk one'), unique('Bulk two'), unique('Bulk three')];
  const made = [];
  for (const subject of subjects)
    made.push(
      await widgetTicket(server.baseURL, server.demo.widgetKey, { subject, message: 'm', email: 'bulk@example.com' }),
    );
  await signIn(page);
  await page.getByRole('button', { name: /All open/ }).click();
  for (const t of made.slice(0, 2)) await page.getByLabel(`Select ticket #${t.ticket.number}`).check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('2 selected');

  await bar.getByRole('button', { name: 'Assign to me' }).click();
  await expect(bar).toBeHidden();
  const get = async (id: string) =>
    (await (await page.request.get(`/api/v1/tickets/${id}`)).json()) as {
      assigneeId: string | null;
      status: string;
      tags: string[];
    };
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

test('select every ticket matching the filters, beyond the page shown, and assign, prioritise and untag them all', async ({
  page,
  server,
}) => {
  const owner = await apiSession(server.baseURL);
  const colleague = await createAgent(owner, 'agent');
  const tag = unique('batch').replace(/\W+/g, '-');
  for (let i = 0; i < 30; i++) {
    const r = await owner.post('/api/v1/tickets', {
      data: {
        subject: `${tag} order ${i}`,
        message: 'Where is it?',
        requester: { email: `bulk-${i}@example.com` },
        tags: [tag, 'keep'],
      },
    });
    expect(r.status()).toBe(201);
  }
  const matching = async () =>
    (await (await owner.get(`/api/v1/tickets?tag=${tag}&limit=100`)).json()).data as {
      assigneeId: string | null;
      priority: string;
      tags: string[];
    }[];

  await signIn(page);
  await page.getByRole('button', { name: /All open/ }).click();
  await page.getByLabel('Tag', { exact: true }).fill(tag);
  await page.getByLabel('Tag', { exact: true }).press('Enter');
  await expect(page.getByRole('button', { name: 'Clear filters' })).toBeVisible();
  await expect(page.locator('.trow')).toHaveCount(25);
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  const selectAll = async () => {
    await page.getByLabel('Select all 25 shown').check();
    await expect(bar).toContainText('25 selected');
    await bar.getByRole('button', { name: /Select all matching tickets/ }).click();
    await expect(bar).toContainText('30 selected — all 30 tickets matching this view and filters.');
  };

  await selectAll();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'queue-bulk-desktop');
  await screenshot(page, 'queue-bulk-phone', PHONE);
  await page.setViewportSize({ width: 1280, height: 800 });
  await bar.getByLabel('Assign to').selectOption({ label: 'Agent Person' });
  await bar.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Assigned to Agent Person: 30 tickets.' })).toBeVisible();
  expect((await matching()).every((t) => t.assigneeId === colleague.id)).toBe(true);

  await selectAll();
  await bar.getByLabel('Priority to set').selectOption('urgent');
  await bar.getByRole('button', { name: 'Set priority' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Priority urgent on 30 tickets.' })).toBeVisible();
  expect((await matching()).map((t) => t.priority)).toEqual(Array(30).fill('urgent'));

  await selectAll();
  await bar.getByLabel('Tag to remove').fill('keep');
  await bar.getByRole('button', { name: 'Remove tag' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed “keep” from 30 tickets.' })).toBeVisible();
  const after = await matching();
  expect(after).toHaveLength(30);
  expect(after.every((t) => t.tags.length === 1 && t.tags[0] === tag)).toBe(true);

  // Changing the filters drops a selection, so nothing out of sight is changed by the next click.
  await page.getByLabel('Select all 25 shown').check();
  await page.getByRole('button', { name: /Pending/ }).click();
  await expect(bar).toBeHidden();
  await owner.dispose();
});
