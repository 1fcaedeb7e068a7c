// A mail posted to the inbound endpoint shows in the inbox thread as its visible reply text, and
// "Show original" opens the mail as received (headers, quoted history and all).
import { startServer, PLATFORM_TOKEN, test as base, expect, type RunningServer } from '../support/server.ts';
import { signIn, unique } from './inbox-support.ts';

const INBOUND_TOKEN = 'e2e-inbound-token-0123456789';

const test = base.extend<object, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const s = await startServer({ INBOUND_EMAIL_TOKEN: INBOUND_TOKEN });
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
});

test('an agent reads a mail ticket and opens its original', async ({ page, server }) => {
  const tenants = await (
    await fetch(`${server.baseURL}/api/v1/tenants`, { headers: { authorization: `Bearer ${PLATFORM_TOKEN}` } })
  ).json();
  const to: string = tenants.data[0].inboundEmail;
  const subject = unique('Kettle leaks');
  const raw = [
    'From: Jörg Müller <joerg@example.de>',
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <${Date.now()}@example.de>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The kettle I bought leaks from the bottom.',
    '',
    'On Mon, Dec 1, 2026 at 9:00 AM Shop <shop@example.com> wrote:',
    '> Thanks for your order!',
  ].join('\r\n');
  const res = await fetch(`${server.baseURL}/api/v1/inbound/email`, {
    method: 'POST',
    headers: { authorization: `Bearer ${INBOUND_TOKEN}`, 'content-type': 'message/rfc822' },
    body: raw,
  });
  expect(res.status).toBe(202);
  const { ticketId } = await res.json();

  await signIn(page);
  await page.goto(`/inbox/#/tickets/${ticketId}`);
  const thread = page.getByRole('list', { name: 'Conversation' });
  await expect(thread).toContainText('The kettle I bought leaks from the bottom.');
  await expect(thread).not.toContainText('Thanks for your order!');
  await thread.getByText('Show original').click();
  const original = page.getByLabel('Original mail');
  await expect(original).toContainText(`Subject: ${subject}`);
  await expect(original).toContainText('> Thanks for your order!');
  await page.screenshot({ path: '/tmp/inbox-mail-original.png', fullPage: true });
});
