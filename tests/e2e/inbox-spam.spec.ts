// The spam folder: a form filled in milliseconds (a site owner's browser test) is kept, not refused, and
// waits in the inbox's Spam view, where an agent marks it not spam (it joins the queue as new) or deletes it.
import { test, expect, dialog, launcher } from '../support/widget-host.ts';
import { apiSession, screenshot, seriousViolations, signIn, unique } from './inbox-support.ts';

test('a form filled in milliseconds lands in Spam; the agent releases it, and deletes other spam in bulk', async ({
  page,
  host,
  server,
}) => {
  const subject = unique('Checking the form');
  // The website owner's own browser test: every field filled at once, Send right away.
  await page.goto(await host('plain.html'));
  await launcher(page).click();
  await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
  await dialog(page).getByLabel('Email').fill('owner-test@example.com');
  await dialog(page).getByLabel('Subject').fill(subject);
  await dialog(page).getByLabel('Message').fill('Just testing that this form works.');
  await dialog(page).getByRole('button', { name: 'Send' }).click();
  await expect(dialog(page).getByRole('heading', { name: 'Thanks, we got your request' })).toBeVisible();

  // Two more scripted submissions, for the bulk actions.
  const junk = [unique('Cheap watches'), unique('Cheap pills')];
  for (const s of junk) {
    const res = await page.request.post(`${server.baseURL}/api/v1/widget/tickets`, {
      headers: { 'x-widget-key': server.demo.widgetKey },
      data: { subject: s, message: 'Buy now', email: 'bot@spam.example', elapsedMs: 3 },
    });
    expect(res.status()).toBe(201);
  }
  const agentApi = await apiSession(server.baseURL);
  const spamCount = async () => (await (await agentApi.get('/api/v1/analytics/queue')).json()).spam as number;

  await signIn(page);
  const views = page.getByRole('navigation', { name: 'Ticket views' });
  await expect(views.getByRole('button', { name: /All open/ })).toBeVisible();
  await expect(page.getByRole('link', { name: new RegExp(subject) })).toBeHidden();
  const spamView = views.getByRole('button', { name: /^Spam/ });
  await expect(spamView).toContainText(String(await spamCount()));
  await spamView.click();
  await expect(page.getByRole('link', { name: new RegExp(subject) })).toBeVisible();
  for (const s of junk) await expect(page.getByRole('link', { name: new RegExp(s) })).toBeVisible();
  await expect(page.getByText('Forms and mail that failed spam checks are kept here')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'inbox-spam-view');
  await page.screenshot({ path: '/tmp/inbox-spam-view.png', fullPage: true });

  // Open the owner's test: a notice says why it is here; there is no reply box, only Not spam and Delete.
  await page.getByRole('link', { name: new RegExp(subject) }).click();
  const notice = page.getByRole('region', { name: 'Spam' });
  await expect(notice).toContainText('This ticket is in Spam');
  await expect(page.getByText('Just testing that this form works.')).toBeVisible();
  await expect(page.locator('#reply-body')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/inbox-spam-ticket.png', fullPage: true });
  await notice.getByRole('button', { name: 'Not spam' }).click();
  await expect(notice).toBeHidden();
  const id = new URL(page.url()).hash.split('/').pop();
  expect((await (await agentApi.get(`/api/v1/tickets/${id}`)).json()).spam).toBe(false);
  await expect(page.locator('#reply-body')).toBeVisible();

  // Back in the queue it is a ticket like any other; the Spam view keeps the two junk ones.
  await page.goto('/inbox/#/');
  await views.getByRole('button', { name: /All open/ }).click();
  await expect(page.getByRole('link', { name: new RegExp(subject) })).toBeVisible();
  await views.getByRole('button', { name: /^Spam/ }).click();
  await expect(page.getByRole('link', { name: new RegExp(subject) })).toBeHidden();

  // Bulk: tick the two junk tickets and delete them for good (after confirming).
  for (const s of junk) {
    const row = page.locator('.trow', { has: page.getByRole('link', { name: new RegExp(s) }) });
    await row.getByRole('checkbox').check();
  }
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('2 selected');
  await expect(bar.getByRole('button', { name: 'Assign to me' })).toHaveCount(0);
  await screenshot(page, 'inbox-spam-bulk');
  await page.screenshot({ path: '/tmp/inbox-spam-bulk.png' });
  page.once('dialog', (d) => d.accept());
  await bar.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Deleted 2 tickets.')).toBeVisible();
  for (const s of junk) await expect(page.getByRole('link', { name: new RegExp(s) })).toBeHidden();
  const search = await agentApi.get(`/api/v1/tickets?spam=true&q=${encodeURIComponent(junk[0])}`);
  expect((await search.json()).data).toEqual([]);
  await expect(views.getByRole('button', { name: /^Spam/ })).toContainText(String(await spamCount()));
  await agentApi.dispose();
});
