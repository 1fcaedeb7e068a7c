// Whatever a visitor writes is shown as text: markup in a subject, name or message never becomes markup in the inbox.
import { test, expect } from '../support/server.ts';
import { signIn, widgetTicket } from './inbox-support.ts';

test('markup from a visitor is shown as text on the queue and the ticket page', async ({ page, server }) => {
  const subject = `<img src=x onerror=alert(1)> refund ${Date.now()}`;
  await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject,
    message: '<script>alert(2)</script><b>bold?</b>',
    email: 'xss@example.com',
    name: '<svg onload=alert(3)>',
  });
  const dialogs: string[] = [];
  page.on('dialog', (d) => (dialogs.push(d.message()), d.dismiss()));
  await signIn(page);
  const row = page.locator('.trow', { hasText: subject });
  await expect(row).toBeVisible();
  await expect(row.locator('.trow-subject')).toHaveText(subject);
  await expect(row).toContainText('<svg onload=alert(3)>');
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  await expect(page.locator('.msg-customer .msg-body')).toHaveText('<script>alert(2)</script><b>bold?</b>');
  await expect(page.locator('main img, main script, main svg[onload], .msg-body b')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
