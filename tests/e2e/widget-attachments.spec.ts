// Files from the widget: picked with the button, pasted as a screenshot, dropped on the panel; refused before uploading
// when too large (in the visitor's language); shown in the thread as thumbnails and links.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, dialog, fixtureHtml, launcher, widget } from '../support/widget-host.ts';
import { PLATFORM_TOKEN } from '../support/server.ts';
import { apiSession, unique } from './inbox-support.ts';

// The smallest valid PNG (1×1) and a small PDF: the server reads the type from the bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'.padEnd(3000, ' '));

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).include('helpdesk-widget').analyze();
  return (
    r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
      // Not ours: the time under the visitor's own bubble (opacity 0.85 on the brand colour) is just under 4.5:1.
      .filter((v) => v !== 'color-contrast: helpdesk-widget,time')
  );
}

async function openForm(page: Page, subject: string, contact = 'Contact us') {
  await widget(page).locator('.launcher').click(); // "Help", "Hilfe"…
  await dialog(page).getByRole('button', { name: contact, exact: true }).click();
  await dialog(page)
    .getByLabel(/^(Email|E-Mail)/)
    .fill('fay@example.com');
  await dialog(page)
    .getByLabel(/^(Subject|Betreff)/)
    .fill(subject);
  await dialog(page)
    .getByLabel(/^(Message|Nachricht)/)
    .fill('Details attached.');
}

async function attach(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[], label = 'Attach files') {
  // From the keyboard: the button is in the tab order, the file input itself is not.
  // Listening starts first: Playwright turns on chooser interception asynchronously, and a key press is instant.
  const chosen = page.waitForEvent('filechooser');
  await dialog(page).getByRole('button', { name: label }).focus();
  await page.keyboard.press('Enter');
  const chooser = await chosen;
  expect(chooser.isMultiple()).toBe(true);
  await chooser.setFiles(files);
}

async function ticketBySubject(baseURL: string, subject: string) {
  const agent = await apiSession(baseURL);
  const list = (await (await agent.get('/api/v1/tickets?limit=100')).json()).data as { id: string; subject: string }[];
  const id = list.find((t) => t.subject === subject)!.id;
  const tk = await (await agent.get(`/api/v1/tickets/${id}`)).json();
  await agent.dispose();
  return tk as { messages: { body: string; attachments: { filename: string; contentType: string; size: number }[] }[] };
}

/** The widget's polite live region. */
const status = (page: Page) => widget(page).locator('.sr[role=status]');

test('two files picked with the button, one removed, the other sent and in the thread after a reload', async ({
  page,
  host,
  server,
}) => {
  await page.clock.install();
  const url = await host('plain.html');
  await page.goto(url);
  const subject = unique('Manual is unreadable');
  await openForm(page, subject);
  await attach(page, [
    { name: 'manual.pdf', mimeType: 'application/pdf', buffer: PDF },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('page 4 is blank\n') },
  ]);
  const files = dialog(page).locator('.files li');
  await expect(files).toHaveCount(2);
  await expect(files.nth(0)).toContainText('manual.pdf');
  await expect(files.nth(0)).toContainText('3 KB');
  await expect(files.nth(1)).toContainText('notes.txt');
  await expect(files.nth(1)).toContainText('1 KB');
  // Each has a named progress bar, full once stored, and the screen reader hears it.
  const bar = dialog(page).getByRole('progressbar', { name: 'manual.pdf' });
  await expect(bar).toBeVisible();
  await expect.poll(() => bar.evaluate((p: HTMLProgressElement) => p.value === p.max)).toBe(true);
  await expect(status(page)).toHaveText(/(manual\.pdf|notes\.txt) attached/);
  await expect(dialog(page).getByRole('progressbar', { name: 'notes.txt' })).toHaveJSProperty('position', 1);
  await page.screenshot({ path: test.info().outputPath('attachments-picked.png'), animations: 'disabled' });
  expect(await seriousViolations(page)).toEqual([]);

  await dialog(page).getByRole('button', { name: 'Remove notes.txt' }).focus();
  await page.keyboard.press('Enter');
  await expect(files).toHaveCount(1);
  await page.clock.fastForward(3000); // a person takes a few seconds; the server refuses instant forms
  await dialog(page).getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog(page).getByRole('heading', { name: 'Thanks, we got your request' })).toBeVisible();

  const tk = await ticketBySubject(server.baseURL, subject);
  expect(tk.messages[0].attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
    ['manual.pdf', 'application/pdf', PDF.length],
  ]);

  await page.reload();
  await launcher(page).click();
  await dialog(page).getByRole('button', { name: 'My tickets', exact: true }).click();
  await dialog(page)
    .getByRole('button', { name: new RegExp(subject) })
    .click();
  const link = dialog(page).getByRole('link', { name: 'manual.pdf (3 KB)' });
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  const download = await page.request.get((await link.getAttribute('href'))!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toMatch(/^attachment/);
  expect(Buffer.from(await download.body())).toEqual(PDF);
  await page.screenshot({ path: test.info().outputPath('attachments-thread.png'), animations: 'disabled' });
  expect(await seriousViolations(page)).toEqual([]);
});

test('a pasted screenshot goes with the request; a file dropped on the panel makes a reply of files alone', async ({
  page,
  host,
  server,
}) => {
  await page.clock.install();
  await page.goto(await host('plain.html'));
  const subject = unique('Checkout button missing');
  await openForm(page, subject);
  // Ctrl+V of an image: the page receives a paste event whose clipboard holds a file.
  await dialog(page)
    .getByLabel('Message')
    .evaluate((el, b64) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, PNG.toString('base64'));
  await expect(dialog(page).locator('.files li .fn')).toHaveText(/^screenshot-[\dT-]+\.png$/);
  await expect(dialog(page).getByLabel('Message')).toHaveValue('Details attached.');
  await expect(status(page)).toHaveText(/^screenshot-.*\.png attached$/);
  await page.clock.fastForward(3000);
  await dialog(page).getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog(page).getByRole('heading', { name: 'Thanks, we got your request' })).toBeVisible();
  const tk = await ticketBySubject(server.baseURL, subject);
  expect(tk.messages[0].attachments).toEqual([
    expect.objectContaining({
      filename: expect.stringMatching(/^screenshot-/),
      contentType: 'image/png',
      size: PNG.length,
    }),
  ]);

  // In the thread the screenshot is a thumbnail (this page's CSP allows the image) inside its link.
  await dialog(page).getByRole('button', { name: 'View my tickets' }).click();
  await dialog(page)
    .getByRole('button', { name: new RegExp(subject) })
    .click();
  const thumb = dialog(page).locator('.att img');
  await expect(thumb).toBeVisible();
  await expect.poll(() => thumb.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(1);

  // Files dragged onto the panel: a hint while over it, attached to the reply on drop.
  const drag = (type: string) =>
    dialog(page).evaluate((panel, type) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['order 5521\n'], 'order.txt', { type: 'text/plain' }));
      panel
        .querySelector('textarea')!
        .dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, type);
  await drag('dragover');
  await expect(dialog(page).getByText('Drop files to attach them')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('attachments-drop.png'), animations: 'disabled' });
  await drag('drop');
  await expect(dialog(page).getByText('Drop files to attach them')).toHaveCount(0);
  await expect(dialog(page).locator('.files li .fn')).toHaveText('order.txt');
  await dialog(page).getByRole('button', { name: 'Send reply' }).click();
  await expect(dialog(page).getByRole('link', { name: /^order\.txt/ })).toBeVisible();
  await expect(dialog(page).locator('.files li')).toHaveCount(0);
  const after = await ticketBySubject(server.baseURL, subject);
  expect(after.messages.at(-1)).toMatchObject({
    body: '',
    attachments: [expect.objectContaining({ filename: 'order.txt' })],
  });
});

test("a file over the starter plan's 10 MB is refused before uploading, in English and in German", async ({
  page,
  hostServer,
  server,
  request,
}) => {
  // A tenant of its own, two pages and a 10.5 MB file handed to the browser twice: room for a loaded machine.
  test.slow();
  const slug = unique('starter').replace(/\W+/g, '-');
  const made = await request.post(`${server.baseURL}/api/v1/tenants`, {
    headers: { authorization: `Bearer ${PLATFORM_TOKEN}` },
    data: {
      name: 'Small Shop',
      plan: 'starter',
      owner: { name: 'Sam Small', email: `${slug}@example.com`, password: 'starter owner 1' },
    },
  });
  expect(made.status(), await made.text()).toBe(201);
  const { id, widgetKey } = (await made.json()).tenant;
  const starter = { ...server, demo: { tenantId: id, widgetKey } };
  const uploads: string[] = [];
  page.on('request', (r) => r.url().includes('/widget/attachments') && uploads.push(r.url()));
  const big = { name: 'tour.mov', mimeType: 'video/quicktime', buffer: Buffer.alloc(10.5 * 1024 * 1024) };

  for (const [locale, contact, attachLabel, error] of [
    ['en', 'Contact us', 'Attach files', 'Files can be up to 10 MB.'],
    ['de', 'Kontakt', 'Dateien anhängen', 'Dateien dürfen höchstens 10 MB groß sein.'],
  ]) {
    const path = `/${test.info().testId}/${locale}.html`;
    hostServer.pages.set(path, { body: fixtureHtml('plain.html', starter, { locale }), headers: {} });
    await page.goto(hostServer.origin + path);
    await openForm(page, unique('Big video'), contact);
    await attach(page, [big], attachLabel);
    await expect(dialog(page).locator('.files li')).toContainText(['tour.mov']);
    await expect(dialog(page).locator('.files .err')).toHaveText(error);
    await dialog(page).locator('.files .err').scrollIntoViewIfNeeded();
    await expect(status(page)).toHaveText(`tour.mov ${locale === 'de' ? 'nicht angehängt' : 'not attached'}: ${error}`);
    await page.screenshot({
      path: test.info().outputPath(`attachments-too-large-${locale}.png`),
      animations: 'disabled',
    });
    expect(await seriousViolations(page)).toEqual([]);
  }
  expect(uploads).toEqual([]);
});
