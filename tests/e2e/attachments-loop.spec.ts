// The loop through both real UIs: a visitor pastes a screenshot into the widget on the demo shop and
// sends it; the agent sees it in the inbox as a thumbnail and replies with a file; the visitor's widget shows the
// agent's file live and it downloads with the bytes the agent sent.
import { test, expect } from '../support/server.ts';
import { signIn, unique } from './inbox-support.ts';

test('a pasted screenshot reaches the inbox as a thumbnail, and the agent’s file reaches the visitor', async ({
  page,
  browser,
  server,
}) => {
  const subject = unique('Coupon code rejected');
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.clock.install();
  await visitor.goto(`${server.baseURL}/demo`);
  await visitor.getByRole('button', { name: 'Help', exact: true }).click();
  const widget = visitor.getByRole('dialog');
  await widget.getByRole('button', { name: 'Contact us' }).click();
  await widget.getByLabel('Name').fill('Ines Shopper');
  await widget.getByLabel('Email').fill('ines@example.com');
  await widget.getByLabel('Subject').fill(subject);
  await widget.getByLabel('Message').fill('The code SPRING10 says it is invalid.');
  // Ctrl+V of a screen capture: a PNG drawn in the page, pasted into the message box.
  await widget.getByLabel('Message').evaluate(async (el) => {
    const c = document.createElement('canvas');
    c.width = 320;
    c.height = 200;
    const g = c.getContext('2d')!;
    g.fillStyle = '#b42318';
    g.fillRect(0, 0, 320, 200);
    const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'image.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await expect(widget.getByRole('progressbar', { name: /^screenshot-.*\.png$/ })).toBeVisible();
  await visitor.clock.fastForward(3000);
  await widget.getByRole('button', { name: /send|submit/i }).click();
  await expect(widget.getByText('we got your request')).toBeVisible();
  await widget.getByRole('button', { name: 'View my tickets' }).click();
  await widget.getByRole('button', { name: new RegExp(subject) }).click();

  // The agent: the screenshot is a thumbnail that really loaded.
  await signIn(page);
  await page.getByRole('button', { name: /All open/ }).click();
  await page.getByRole('link', { name: new RegExp(subject) }).click();
  const thread = page.getByRole('list', { name: 'Conversation' });
  const thumb = thread.locator('.msg-customer .thumb img');
  await expect(thumb).toBeVisible();
  await expect.poll(() => thumb.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0))).toBe(320);
  await page.screenshot({ path: test.info().outputPath('loop-inbox-thumbnail.png') });

  // … and replies with a file.
  const receipt = Buffer.from('Coupon SPRING10 is valid until 30 April.\n');
  await page
    .locator('#reply-files-input')
    .setInputFiles({ name: 'coupon.txt', mimeType: 'text/plain', buffer: receipt });
  const box = page.locator('form.reply');
  await expect(box.getByRole('list', { name: 'Files to send' }).getByText('Uploaded', { exact: true })).toHaveCount(1);
  await page.getByLabel('Reply', { exact: true }).fill('It works again, details attached.');
  await box.getByRole('button', { name: 'Send reply' }).click();
  await expect(box.getByRole('status')).toHaveText('Reply sent.');

  // The visitor's open thread shows the agent's file without a reload, and it downloads as sent.
  const link = widget.getByRole('link', { name: /^coupon\.txt/ });
  await expect(link).toBeVisible();
  await visitor.screenshot({ path: test.info().outputPath('loop-widget-agent-file.png') });
  const res = await visitor.request.get((await link.getAttribute('href'))!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="coupon.txt"/);
  expect(Buffer.from(await res.body())).toEqual(receipt);
  await visitorContext.close();
});
