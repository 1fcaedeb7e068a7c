// A returning visitor: replies that came while they were away show on the next page load, as a badge, a marker per ticket, and the conversation.
import type { Page } from '@playwright/test';
import { test, expect, dialog, launcher } from '../support/widget-host.ts';
import { apiSession, unique } from './inbox-support.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ticketButton = (page: Page, subject: string, extra = '') =>
  dialog(page).getByRole('button', { name: new RegExp(escape(subject) + extra) });

async function fileTicket(page: Page, subject: string) {
  await launcher(page).click();
  await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
  await dialog(page).getByLabel('Name').fill('Rae Return');
  await dialog(page).getByLabel('Email').fill('rae@example.com');
  await dialog(page).getByLabel('Subject').fill(subject);
  await dialog(page).getByLabel('Message').fill('Order 2210 has not arrived.');
  await page.clock.fastForward(3000); // a person takes a few seconds; the server refuses instant forms
  await dialog(page).getByRole('button', { name: 'Send' }).click();
  await expect(dialog(page).getByRole('heading', { name: 'Thanks, we got your request' })).toBeVisible();
  await dialog(page).getByRole('button', { name: 'Close' }).click();
}

test('replies sent while the visitor was away: badge on the next load, a marker per ticket, the conversation on open, read once seen', async ({
  page,
  host,
  server,
}) => {
  await page.clock.install();
  const url = await host('plain.html');
  await page.goto(url);
  const tent = unique('Where is my tent?');
  const stove = unique('Stove is missing a part');
  await fileTicket(page, tent);
  await fileTicket(page, stove);

  // The visitor leaves; the team answers both tickets from the inbox.
  await page.goto('about:blank');
  const agent = await apiSession(server.baseURL);
  const list = (await (await agent.get('/api/v1/tickets?limit=100')).json()).data as { id: string; subject: string }[];
  for (const subject of [tent, stove]) {
    const id = list.find((t) => t.subject === subject)!.id;
    expect(
      (
        await agent.post(`/api/v1/tickets/${id}/messages`, { data: { body: `About "${subject}": it ships tomorrow.` } })
      ).status(),
    ).toBe(201);
  }

  await page.goto(url);
  await expect(launcher(page)).toHaveAccessibleName('Help (2 new)');
  await page.screenshot({ path: test.info().outputPath('returning-badge.png'), animations: 'disabled' });
  // News on two tickets: the panel opens on My tickets, each with its marker.
  await launcher(page).click();
  await expect(dialog(page).getByRole('heading', { name: 'My tickets' })).toBeVisible();
  await expect(ticketButton(page, tent, '.*1 new')).toBeVisible();
  await expect(ticketButton(page, stove, '.*1 new')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('returning-list.png'), animations: 'disabled' });
  await ticketButton(page, tent).click();
  await expect(dialog(page).locator('.thread li').nth(1)).toContainText('it ships tomorrow');
  await expect(launcher(page)).toHaveAccessibleName('Help (1 new)');
  await dialog(page).getByRole('button', { name: 'Close' }).click();

  // The next load remembers what was read; with one ticket left, opening goes straight to its conversation.
  await page.reload();
  await expect(launcher(page)).toHaveAccessibleName('Help (1 new)');
  await launcher(page).click();
  await expect(dialog(page).getByRole('heading', { name: stove })).toBeVisible();
  await expect(dialog(page).locator('.thread li').nth(1)).toContainText('it ships tomorrow');
  await expect(launcher(page)).toHaveAccessibleName('Help');
  await page.screenshot({ path: test.info().outputPath('returning-thread.png'), animations: 'disabled' });

  // A new request starts with the email the widget already knows.
  await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
  await expect(dialog(page).getByLabel('Email')).toHaveValue('rae@example.com');
  await expect(dialog(page).getByLabel('Name')).toHaveValue('Rae Return');
  await page.reload();
  await expect(launcher(page)).toHaveAccessibleName('Help');
  await agent.dispose();
});
