// The tab title counts tickets updated since the agent saw them, live, and not the agent's own changes.
import { test, expect } from '../support/server.ts';
import { apiSession, createAgent, signIn, unique, widgetTicket } from './inbox-support.ts';

test("a colleague's changes raise the tab's unread count live; looking at a ticket lowers it; my own changes do not count", async ({
  page,
  server,
}) => {
  const t: Awaited<ReturnType<typeof widgetTicket>>[] = [];
  for (let i = 1; i <= 4; i++)
    t.push(
      await widgetTicket(server.baseURL, server.demo.widgetKey, {
        subject: unique(`Unread ${i}`),
        message: 'm',
        email: `unread${i}@example.com`,
      }),
    );
  const owner = await apiSession(server.baseURL);
  const colleague = await apiSession(server.baseURL, await createAgent(owner, 'agent'));
  await owner.dispose();
  const reply = async (i: number) =>
    expect(
      (
        await colleague.post(`/api/v1/tickets/${t[i].ticket.id}/messages`, { data: { body: 'Looking into it.' } })
      ).status(),
    ).toBe(201);

  await signIn(page);
  await page.getByRole('button', { name: /All open/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  await expect(page).toHaveTitle(/^Tickets · /);

  await reply(0);
  await reply(1);
  await expect(page).toHaveTitle(/^\(2\) Tickets · /);
  await expect(page.locator('.trow.fresh')).toHaveCount(2);

  // Looking at a ticket (moving onto its row) makes it read.
  await page.locator(`.trow[data-id="${t[1].ticket.id}"]`).getByRole('link').focus();
  await expect(page).toHaveTitle(/^\(1\) Tickets · /);

  // My own bulk change comes back on the stream like anyone's, but it is not news to me. The stream is in
  // order, so once the colleague's later reply shows, my change has been seen too: only the reply was added.
  await page.getByLabel(`Select ticket #${t[2].ticket.number}`).check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await bar.getByLabel('Tag to add').fill('mine');
  await bar.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tagged “mine”: 1 ticket.' })).toBeVisible();
  await reply(3);
  await expect(page.locator(`.trow[data-id="${t[3].ticket.id}"]`).locator('.pill-new')).toBeVisible();
  await expect(page.locator('.trow.fresh')).toHaveCount(2);
  await expect(page.locator(`.trow[data-id="${t[2].ticket.id}"]`)).not.toHaveClass(/fresh/);
  await expect(page).toHaveTitle(/^\(2\) Tickets · /);

  // Opening a ticket reads it; a colleague's change seen on another page still counts.
  await page.goto(`/inbox/#/tickets/${t[0].ticket.id}`);
  await expect(page).toHaveTitle(/^\(1\) Tickets · /);
  await page.goto('/inbox/#/kb');
  expect((await colleague.patch(`/api/v1/tickets/${t[1].ticket.id}`, { data: { priority: 'high' } })).status()).toBe(
    200,
  );
  await expect(page).toHaveTitle(/^\(2\) Knowledge base · /);
  await colleague.dispose();
});
