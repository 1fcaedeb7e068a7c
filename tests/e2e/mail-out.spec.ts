// Outbound mail end to end: a visitor files in the real widget, the agent replies in the inbox, and the mail the
// requester gets (captured by a real SMTP server) opens in Chromium; then Settings → Email shows the mail log.
import { expect } from '@playwright/test';
import { mailTest } from '../support/mail-fixtures.ts';
import { fileInDemoWidget, signIn, unique } from './inbox-support.ts';

const test = mailTest();

test('the visitor files in the widget, the agent replies in the inbox, the mail arrives branded and threaded', async ({
  page,
  browser,
  baseURL,
  smtp,
}) => {
  const subject = unique('Stove will not light');
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await fileInDemoWidget(visitor, baseURL!, {
    name: 'Rosa Camper',
    email: 'rosa@example.com',
    subject,
    message: 'The igniter clicks but no flame.',
  });
  await visitorContext.close();

  const forRosa = () => smtp.mails.filter((m) => m.envelope.to.includes('rosa@example.com'));
  await expect.poll(() => forRosa().length, { timeout: 15_000 }).toBe(1);
  expect(forRosa()[0]!.parsed.subject).toMatch(/^\[#\d+\] Stove will not light/);

  await signIn(page);
  await page.getByRole('button', { name: /All open/ }).click();
  await page.getByRole('link', { name: new RegExp(subject) }).click();
  await page.getByLabel('Reply', { exact: true }).fill('Hold the knob in for ten seconds, then try the igniter again.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.locator('.msg-agent')).toContainText('ten seconds');

  await expect.poll(() => forRosa().length, { timeout: 15_000 }).toBe(2);
  const [confirmation, reply] = forRosa();
  expect(reply!.parsed.subject).toBe(confirmation!.parsed.subject);
  expect(reply!.parsed.inReplyTo).toBe(confirmation!.parsed.messageId);
  expect(reply!.parsed.text).toContain('Hold the knob in for ten seconds');
  expect(reply!.parsed.from!.value[0]).toEqual({ name: 'Trailhead Outfitters', address: 'help@helpdesk.test' });

  // The requester's mail, as a mail client would show its HTML part.
  const mail = await browser.newPage();
  await mail.setContent(String(reply!.parsed.html));
  await expect(mail.getByText('Trailhead Outfitters', { exact: true })).toBeVisible();
  await expect(mail.getByText('Hold the knob in for ten seconds, then try the igniter again.')).toBeVisible();
  await expect(mail.getByText(/replied to your request #\d+/)).toBeVisible();
  await mail.screenshot({ path: '/tmp/mail-out-reply.png', fullPage: true });
  await mail.close();

  // Settings → Email: the inbound address and the log of what was sent.
  await page.goto('/inbox/#/settings/email');
  await expect(page.getByRole('heading', { name: 'Inbound address' })).toBeVisible();
  await expect(page.getByTestId('inbound-email')).toHaveText(/^[a-z0-9-]+@/);
  const log = page.getByRole('table').last();
  await expect(log.getByRole('row').filter({ hasText: 'rosa@example.com' }).filter({ hasText: 'Reply' })).toContainText(
    'sent',
  );
  await expect(log).toContainText('250 2.0.0 Ok: queued');
  await page.getByLabel('Status').selectOption('sent');
  await expect(log.getByRole('row').filter({ hasText: 'rosa@example.com' })).toHaveCount(2);
  await page.screenshot({ path: '/tmp/mail-out-settings.png', fullPage: true });

  // The confirmation can be turned off, and stays off.
  const toggle = page.getByLabel(/we received your request/);
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await page.getByRole('button', { name: 'Save' }).first().click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(/we received your request/)).not.toBeChecked();

  // Settings → Notifications: the agent's own choices.
  await page.goto('/inbox/#/settings/notifications');
  const newTicket = page.getByLabel('A new ticket arrives');
  await expect(newTicket).toBeChecked();
  await newTicket.uncheck();
  // The owner reads reports, so the weekly summary is theirs to ask for (off until asked).
  const weekly = page.getByLabel(/weekly summary/);
  await expect(weekly).not.toBeChecked();
  await weekly.check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  const prefs = await (await page.request.get('/api/v1/me/notifications')).json();
  expect(prefs).toEqual({ newTicket: false, assignedToMe: true, customerReplied: true, weeklySummary: true });
});
