// The owner leaves: Account → Export everything downloads the whole help desk as a zip whose manifest lists its
// tables; Delete this help desk needs the name typed, cancels the account at once (the widget stops, the inbox
// shows only the account) and names the purge date; Undo deletion gives the help desk back.
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect } from '../support/server.ts';
import { ownTenant, seriousViolations, signIn, widgetTicket } from './inbox-support.ts';

test.describe.configure({ timeout: 60_000 });

test('the owner exports everything, deletes the help desk with its name typed, and takes it back', async ({
  page,
  server,
}) => {
  const owner = await ownTenant(server.baseURL, 'leaving');
  await widgetTicket(server.baseURL, owner.tenant.widgetKey, {
    subject: 'Before we leave',
    message: 'A last ticket',
    email: 'last@example.com',
  });
  await signIn(page, owner);
  await page.goto('/inbox/#/account');
  const card = page.getByRole('region', { name: 'Leave this help desk' });
  await expect(card).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('link', { name: 'Export everything' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`helpdesk-export-${owner.tenant.id}.zip`);
  const zip = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  const manifest = JSON.parse(strFromU8(zip['manifest.json']!)) as { tables: Record<string, number> };
  expect(manifest.tables.tickets).toBe(1);
  expect(strFromU8(zip['tables/tickets.jsonl']!)).toContain('Before we leave');

  const form = card.getByRole('form', { name: 'Delete this help desk' });
  const remove = form.getByRole('button', { name: 'Delete this help desk' });
  await expect(remove).toBeDisabled();
  await form.getByLabel('Type leaving Co to confirm').fill('leaving');
  await expect(remove).toBeDisabled();
  await form.getByLabel('Type leaving Co to confirm').fill('Leaving co');
  await expect(remove).toBeEnabled();
  await page.screenshot({ path: '/tmp/tenant-deletion-confirm.png', fullPage: true });
  await remove.click();

  const pending = page.getByRole('status', { name: 'Deletion pending' });
  await expect(pending).toContainText('This help desk is being deleted.');
  await expect(pending).toContainText('will be purged');
  // Every page's banner says the same, with the way back (not "contact the operator").
  const banner = page.getByRole('region', { name: 'This help desk is being deleted.' });
  await expect(banner).toContainText('Everything in it is purged on');
  await expect(banner.getByRole('link', { name: 'Export or undo' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: '/tmp/tenant-deletion-pending.png', fullPage: true });
  // Cancelled at once: visitors can no longer file tickets.
  const refused = await fetch(`${server.baseURL}/api/v1/widget/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-widget-key': owner.tenant.widgetKey },
    body: JSON.stringify({ subject: 'After', message: 'Too late', email: 'late@example.com' }),
  });
  expect(refused.status).toBe(403);

  await pending.getByRole('button', { name: 'Undo deletion' }).click();
  await expect(pending).toHaveCount(0);
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Delete this help desk' })).toBeVisible();
});
