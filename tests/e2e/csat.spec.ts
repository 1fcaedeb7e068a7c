// CSAT end to end: the agent resolves a ticket in the inbox, the requester opens the resolved mail's "Bad" link
// (captured by a real SMTP server) in a browser with JavaScript off, rates it with a comment, and the agent sees
// the rating on the ticket.
import { expect } from '@playwright/test';
import { mailTest } from '../support/mail-fixtures.ts';
import { signIn, unique } from './inbox-support.ts';

const test = mailTest();

test('resolve in the inbox, rate Bad from the mail without JavaScript, see it on the ticket', async ({
  page,
  browser,
  baseURL,
  smtp,
}) => {
  await signIn(page);
  const origin = new URL(baseURL!).origin;
  const me = await (await page.request.get('/api/v1/me')).json();
  const on = await page.request.patch(`/api/v1/tenants/${me.tenant.id}`, {
    headers: { origin },
    data: { settings: { csat: { enabled: true } } },
  });
  expect(on.status()).toBe(200);
  const subject = unique('Tent zip stuck');
  const filed = await page.request.post('/api/v1/widget/tickets', {
    headers: { 'x-widget-key': me.tenant.widgetKey, origin },
    data: { subject, message: 'The zip will not move.', email: 'rosa@example.com', name: 'Rosa Camper' },
  });
  expect(filed.status()).toBe(201);

  await page.goto('/inbox/');
  await page.getByRole('button', { name: /All open/ }).click();
  await page.getByRole('link', { name: new RegExp(subject) }).click();
  await page.getByLabel('Status').selectOption('resolved');
  await expect(page.getByLabel('Status')).toHaveValue('resolved');

  const resolved = () =>
    smtp.mails.filter(
      (m) => m.envelope.to.includes('rosa@example.com') && /marked as resolved/.test(m.parsed.text ?? ''),
    );
  await expect.poll(() => resolved().length, { timeout: 15_000 }).toBe(1);
  const text = resolved()[0]!.parsed.text!;
  expect(text).toContain('How did we do?');
  const bad = /Bad: (\S+)/.exec(text)![1]!;

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const rate = await noJs.newPage();
  await rate.goto(bad);
  await expect(rate.getByRole('heading', { name: 'How did we do?' })).toBeVisible();
  await expect(rate.getByRole('radio', { name: 'Bad' })).toBeChecked();
  await rate.getByLabel('Comment (optional)').fill('The first answer did not help.');
  await rate.screenshot({ path: '/tmp/csat-form.png', fullPage: true });
  await rate.getByRole('button', { name: 'Send rating' }).click();
  await expect(rate.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await expect(rate.getByText('We received your rating: Bad.')).toBeVisible();
  await noJs.close();

  const card = page.getByRole('region', { name: 'Satisfaction' });
  await expect(card).toContainText('Bad', { timeout: 10_000 });
  await expect(card).toContainText('The first answer did not help.');
  await page.screenshot({ path: '/tmp/csat-inbox.png', fullPage: true });
});
