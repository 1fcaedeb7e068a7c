// Email both ways, end to end: a visitor files in the real widget, the agent replies in the inbox, the visitor's
// mail client answers the captured mail over real SMTP into our receiver, and the answer shows live in the inbox.
import { expect } from '@playwright/test';
import nodemailer from 'nodemailer';
import { freePort } from '../../server/mail/outbound-test-support.ts';
import { mailTest } from '../support/mail-fixtures.ts';
import { fileInDemoWidget, signIn, unique } from './inbox-support.ts';

const test = mailTest(async () => ({ INBOUND_DOMAIN: 'helpdesk.test', INBOUND_SMTP_PORT: String(await freePort()) }));

test('a visitor answers the agent by email and the answer joins the ticket live in the inbox', async ({
  page,
  browser,
  baseURL,
  smtp,
  serverEnv,
}) => {
  const subject = unique('Tent pole snapped');
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await fileInDemoWidget(visitor, baseURL!, {
    name: 'Milo Hiker',
    email: 'milo@example.com',
    subject,
    message: 'One of the poles snapped on the first night.',
  });
  await visitorContext.close();

  await signIn(page);
  await page.getByRole('button', { name: /All open/ }).click();
  await page.getByRole('link', { name: new RegExp(subject) }).click();
  await page.getByLabel('Reply', { exact: true }).fill('Sorry about that! Which tent model is it?');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.locator('.msg-agent')).toContainText('Which tent model');

  const forMilo = () => smtp.mails.filter((m) => m.envelope.to.includes('milo@example.com'));
  await expect
    .poll(() => forMilo().some((m) => m.parsed.text?.includes('Which tent model')), { timeout: 15_000 })
    .toBe(true);
  const reply = forMilo().find((m) => m.parsed.text?.includes('Which tent model'))!;
  const replyTo = reply.parsed.replyTo!.value[0]!.address!;
  expect(replyTo).toMatch(/^[a-z0-9-]+\+\d+-[0-9a-f]+@helpdesk\.test$/);

  // The visitor's mail client answers: quoted history below, threading headers, over SMTP to our receiver.
  const client = nodemailer.createTransport({
    host: '127.0.0.1',
    port: Number(serverEnv.INBOUND_SMTP_PORT),
    secure: false,
    ignoreTLS: true,
  });
  await client.sendMail({
    from: '"Milo Hiker" <milo@example.com>',
    to: replyTo,
    subject: `Re: ${reply.parsed.subject}`,
    inReplyTo: reply.parsed.messageId,
    references: reply.parsed.messageId,
    text: `It is the Ridgeline 2.\n\nOn Tue, Dec 1, 2026 at 10:00 AM Trailhead Outfitters <help@helpdesk.test> wrote:\n> Sorry about that! Which tent model is it?\n`,
  });
  client.close();

  // No reload: the inbox's live stream brings the customer's answer, without the quoted history.
  const customer = page.locator('.msg-customer').filter({ hasText: 'It is the Ridgeline 2.' });
  await expect(customer).toBeVisible({ timeout: 15_000 });
  await expect(customer).not.toContainText('Which tent model');
  await page.screenshot({ path: '/tmp/mail-roundtrip.png', fullPage: true });
});
