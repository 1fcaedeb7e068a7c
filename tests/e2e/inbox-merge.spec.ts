// Merging duplicates: an agent merges one widget ticket into another from the ticket page, sees both
// conversations in one thread, finds the link on the merged ticket, and undoes it while it may.
import { test, expect } from '../support/server.ts';
import { apiSession, seriousViolations, signIn, unique, widgetTicket } from './inbox-support.ts';

test('merge two widget tickets, read both in the target, follow the link from the merged one, undo it', async ({
  page,
  server,
}) => {
  const email = `${unique('maya').replace(/\W+/g, '-')}@example.com`;
  const targetSubject = unique('Tent pole snapped');
  const dupSubject = unique('Broken tent pole again');
  const target = await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: targetSubject,
    message: 'One pole broke on the first night.',
    email,
    name: 'Maya',
  });
  const dup = await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: dupSubject,
    message: 'Writing again: the replacement pole has not arrived.',
    email,
    name: 'Maya',
  });

  await signIn(page);
  await page.goto(`/inbox/#/tickets/${target.ticket.id}`);
  await expect(page.getByRole('heading', { name: targetSubject })).toBeVisible();
  await page.getByRole('button', { name: 'Merge…' }).click();
  const dialog = page.getByRole('dialog', { name: `Merge tickets into #${target.ticket.number}` });
  await dialog.getByLabel('Find tickets by number or subject').fill(`#${dup.ticket.number}`);
  await dialog.getByRole('checkbox', { name: new RegExp(dupSubject) }).check();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('merge-dialog.png'), fullPage: true });
  await dialog.getByRole('button', { name: `Merge 1 into #${target.ticket.number}` }).click();
  await expect(dialog).toBeHidden();

  // Both conversations in the target's thread, and the undo on offer.
  await expect(page.getByText('One pole broke on the first night.')).toBeVisible();
  await expect(page.getByText('Writing again: the replacement pole has not arrived.')).toBeVisible();
  const undo = page.getByRole('region', { name: 'Merge' });
  await expect(undo).toContainText(`#${dup.ticket.number}`);
  await expect(undo.getByRole('button', { name: 'Undo merge' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('merge-target.png'), fullPage: true });

  // The merged ticket is closed and links to the target.
  await page.goto(`/inbox/#/tickets/${dup.ticket.id}`);
  await expect(page.getByRole('heading', { name: dupSubject })).toBeVisible();
  const banner = page.getByRole('region', { name: 'Merged' });
  await expect(banner).toContainText('This ticket was merged into');
  await expect(page.getByText(`This ticket was merged into #${target.ticket.number}`).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('merge-source.png'), fullPage: true });
  await banner.getByRole('link', { name: new RegExp(targetSubject) }).click();
  await expect(page.getByRole('heading', { name: targetSubject })).toBeVisible();

  // Undo: the duplicate gets its conversation back and is open again.
  await page.getByRole('region', { name: 'Merge' }).getByRole('button', { name: 'Undo merge' }).click();
  await expect(page.getByRole('region', { name: 'Merge' })).toBeHidden();
  await expect(page.getByText('Writing again: the replacement pole has not arrived.')).toBeHidden();
  const api = await apiSession(server.baseURL);
  const restored = await (await api.get(`/api/v1/tickets/${dup.ticket.id}`)).json();
  expect(restored).toMatchObject({ status: 'open', mergedInto: null });
  expect(restored.messages.map((m: { body: string }) => m.body)).toEqual([
    'Writing again: the replacement pole has not arrived.',
  ]);
  await page.goto(`/inbox/#/tickets/${dup.ticket.id}`);
  await expect(page.getByText('Writing again: the replacement pole has not arrived.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Merged' })).toBeHidden();
});
