// Privacy requests from the inbox: an owner finds a person by email, exports their data (progress, then a
// download of the zip), then erases them (mode, a confirmation naming what happens) and sees a second erasure find nothing.
import { test, expect } from '../support/server.ts';
import { ownTenant, seriousViolations, signIn, widgetTicket } from './inbox-support.ts';

test('an owner exports a person, then erases them', async ({ page, server }) => {
  const owner = await ownTenant(server.baseURL, 'privacy');
  const email = `pia-${Date.now().toString(36)}@example.com`;
  const filed = await widgetTicket(server.baseURL, owner.tenant.widgetKey, {
    subject: 'Please forget me',
    message: 'My secret kettle story',
    email,
    name: 'Pia Private',
  });
  await signIn(page, owner);

  await page.goto('/inbox/#/settings/privacy');
  await page.getByRole('form', { name: 'Find a person' }).getByLabel('Email').fill(email.toUpperCase());
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByRole('heading', { name: `Pia Private <${email}>` })).toBeVisible();

  // Export: progress, then a link that downloads the zip.
  const exportCard = page.getByRole('region', { name: 'Export' });
  await exportCard.getByRole('button', { name: 'Export' }).click();
  const link = exportCard.getByRole('link', { name: 'Download the export' });
  await expect(link).toBeVisible({ timeout: 15_000 });
  await expect(exportCard.getByRole('status')).toContainText('1 tickets');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^privacy-export-prx_.*\.zip$/);
  expect(await seriousViolations(page)).toEqual([]);

  // Erase: choose delete, the confirmation says what goes, then the result.
  const eraseCard = page.getByRole('region', { name: 'Erase' });
  await eraseCard.getByRole('radio', { name: /^Delete/ }).check();
  await eraseCard.getByRole('button', { name: 'Erase…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Confirm erasure' });
  await expect(confirm).toContainText(`Delete ${email}`);
  await expect(confirm).toContainText('removed for good');
  await confirm.getByRole('button', { name: `Erase ${email}` }).click();
  await expect(eraseCard.getByRole('status')).toContainText('Erased:', { timeout: 15_000 });

  // The ticket is gone for the agents; asked again, nothing is found.
  const gone = await page.request.get(`/api/v1/tickets/${filed.ticket.id}`);
  expect(gone.status()).toBe(404);
  await eraseCard.getByRole('button', { name: 'Erase…' }).click();
  await confirm.getByRole('button', { name: `Erase ${email}` }).click();
  await expect(eraseCard.getByRole('status')).toContainText('Nothing was found', { timeout: 15_000 });
});
