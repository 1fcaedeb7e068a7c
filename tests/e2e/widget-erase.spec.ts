// "Delete my data" end to end: a visitor files in the real widget, asks under My tickets, the confirmation mail
// (captured by a real SMTP server) links to a page whose button erases them; their ticket is gone for the agents,
// the widget forgets them on the next load, and the link does not work twice.
import { expect } from '@playwright/test';
import { mailTest } from '../support/mail-fixtures.ts';
import { apiSession, fileInDemoWidget, seriousViolations, unique } from './inbox-support.ts';

const test = mailTest();

test('widget → mail → link → the visitor and their ticket are gone', async ({ page, baseURL, smtp }) => {
  const subject = unique('Please forget me');
  const email = `eve-${Date.now().toString(36)}@example.com`;
  const widget = await fileInDemoWidget(page, baseURL!, {
    name: 'Eve Eraser',
    email,
    subject,
    message: 'Marker plum-kettle in my words.',
  });
  await widget.getByRole('button', { name: 'View my tickets' }).click();
  await expect(widget.getByRole('button', { name: new RegExp(subject) })).toBeVisible();
  await widget.getByRole('button', { name: 'Delete my data' }).click();
  const step = widget.getByRole('region', { name: 'Delete my data' });
  await expect(step).toContainText('We will email you a link');
  expect(await seriousViolations(page)).toEqual([]);
  await step.getByRole('button', { name: 'Email me the link' }).click();
  await expect(step.getByRole('status')).toHaveText(/Check your email/);

  const confirmations = () =>
    smtp.mails.filter((m) => m.envelope.to.includes(email) && /^Confirm: delete/.test(m.parsed.subject ?? ''));
  await expect.poll(() => confirmations().length, { timeout: 15_000 }).toBe(1);
  const link = /https?:\/\/\S+\/erase\/[0-9A-Za-z]{40}/.exec(confirmations()[0]!.parsed.text!)![0];
  const path = new URL(link).pathname;

  // The link opens a page; only its button erases.
  const mailPage = await page.context().newPage();
  await mailPage.goto(`${baseURL}${path}`);
  await expect(mailPage.getByRole('heading', { name: 'Delete your data?' })).toBeVisible();
  await mailPage.getByRole('button', { name: 'Delete my data' }).click();
  await expect(mailPage.getByRole('status')).toHaveText('Your data is being deleted');

  // The privacy worker erases them: the agents no longer find the ticket.
  const agent = await apiSession(baseURL!);
  await expect
    .poll(
      async () => {
        const r = await agent.get(`/api/v1/tickets?q=${encodeURIComponent(email)}`);
        return (await r.json()).data.length;
      },
      { timeout: 15_000 },
    )
    .toBe(0);

  // The widget forgets the visitor: their token no longer works, so My tickets is gone after a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Help', exact: true }).click();
  const again = page.getByRole('dialog');
  await expect(again.getByRole('button', { name: 'Contact us' })).toBeVisible();
  await expect(again.getByRole('button', { name: 'My tickets' })).toHaveCount(0);

  // The same link again: a clear page.
  await mailPage.goto(`${baseURL}${path}`);
  await expect(mailPage.getByRole('heading', { name: 'This link cannot be used' })).toBeVisible();
});
