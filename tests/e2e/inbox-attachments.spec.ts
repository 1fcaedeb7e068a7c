// Files in the inbox: a visitor's screenshot shows as a thumbnail with a larger view; the agent replies with
// files attached by the button and by pasting; the visitor's widget lists them with links that give the same
// bytes; an internal note's file never reaches the visitor; an uploaded HTML file downloads and never renders.
import { readFileSync } from 'node:fs';
import { request, type APIRequestContext, type Page } from '@playwright/test';
import { test, expect, PLATFORM_TOKEN } from '../support/server.ts';
import { apiSession, createAgent, screenshot, seriousViolations, signIn, unique } from './inbox-support.ts';

/** A real PNG as a screen capture would be: drawn on a canvas in the browser, w×h pixels. */
async function canvasPng(page: Page, w: number, h: number, color: string): Promise<Buffer> {
  const b64 = await page.evaluate(
    ([w, h, color]) => {
      const c = document.createElement('canvas');
      c.width = w as number;
      c.height = h as number;
      const g = c.getContext('2d')!;
      g.fillStyle = color as string;
      g.fillRect(0, 0, c.width, c.height);
      g.fillStyle = '#fff';
      g.font = '20px sans-serif';
      g.fillText('Error 500 on checkout', 12, 40);
      return c.toDataURL('image/png').split(',')[1];
    },
    [w, h, color],
  );
  return Buffer.from(b64, 'base64');
}

const widgetApi = (baseURL: string, widgetKey: string, token?: string) =>
  request.newContext({
    baseURL,
    extraHTTPHeaders: { 'x-widget-key': widgetKey, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

interface WidgetFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  status: string;
  url: string | null;
}
interface WidgetTicket {
  id: string;
  messages: { body: string; author: { type: string }; attachments: WidgetFile[] }[];
}

async function visitorView(widget: APIRequestContext, ticketId: string): Promise<WidgetTicket> {
  const res = await widget.get('/api/v1/widget/tickets');
  expect(res.status()).toBe(200);
  const t = ((await res.json()).data as WidgetTicket[]).find((x) => x.id === ticketId);
  expect(t).toBeTruthy();
  return t!;
}

const naturalWidth = (page: Page, selector: string) =>
  page.locator(selector).evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));

test("a visitor's screenshot is a thumbnail; the agent's files reach the visitor, a note's never", async ({
  page,
  server,
}) => {
  // The visitor: a screenshot uploaded through the widget API, then a ticket carrying it.
  await page.goto('/inbox/');
  const shot = await canvasPng(page, 480, 300, '#1d4ed8');
  const visitorAnon = await widgetApi(server.baseURL, server.demo.widgetKey);
  const up = await visitorAnon.post('/api/v1/widget/attachments', {
    multipart: { file: { name: 'checkout-error.png', mimeType: 'image/png', buffer: shot } },
  });
  expect(up.status(), await up.text()).toBe(201);
  const subject = unique('Checkout broken');
  const created = await visitorAnon.post('/api/v1/widget/tickets', {
    data: {
      subject,
      message: 'The checkout fails, see the screenshot.',
      email: `${unique('vis').replace(/\W+/g, '-')}@example.com`,
      attachmentIds: [(await up.json()).id],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { ticket, visitorToken } = (await created.json()) as { ticket: { id: string }; visitorToken: string };
  await visitorAnon.dispose();

  // The agent sees the screenshot as a thumbnail that really loaded, and opens the larger view.
  await signIn(page);
  await page.goto(`/inbox/#/tickets/${ticket.id}`);
  const thread = page.getByRole('list', { name: 'Conversation' });
  const opener = thread.getByRole('button', { name: 'View checkout-error.png larger' });
  await expect(opener.getByRole('img', { name: 'checkout-error.png' })).toBeVisible();
  await expect.poll(() => naturalWidth(page, '.msg-customer .thumb img')).toBe(480);
  await expect(thread.getByRole('link', { name: 'checkout-error.png' })).toBeVisible();
  await expect(thread.locator('.msg-customer .file')).toContainText(/checkout-error\.png\s+\d+ (KB|bytes)/);

  await opener.click();
  const viewer = page.getByRole('dialog', { name: 'checkout-error.png' });
  await expect(viewer).toBeVisible();
  await expect.poll(() => naturalWidth(page, '.image-viewer img')).toBe(480);
  await expect(viewer.getByRole('link', { name: /Download checkout-error\.png/ })).toHaveAttribute(
    'href',
    /\/api\/v1\/files\/att_/,
  );
  await screenshot(page, 'inbox-attachments-viewer');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(opener).toBeFocused();

  // A reply with one file chosen by the button and a screenshot pasted into the box.
  const box = page.locator('form.reply');
  const toSend = box.getByRole('list', { name: 'Files to send' });
  const invoice = Buffer.from('Invoice 42: 1 kettle, 39.00 EUR\n');
  await expect(box.getByRole('button', { name: 'Attach files' })).toBeVisible();
  await page
    .locator('#reply-files-input')
    .setInputFiles({ name: 'invoice.txt', mimeType: 'text/plain', buffer: invoice });
  await expect(toSend).toContainText('invoice.txt');
  const pasted = Buffer.from(
    await page.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 200;
      c.height = 120;
      const g = c.getContext('2d')!;
      g.fillStyle = '#067647';
      g.fillRect(0, 0, 200, 120);
      const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'image.png', { type: 'image/png' }));
      const box = document.getElementById('reply-body')!;
      box.focus();
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      return btoa(String.fromCharCode(...bytes));
    }),
    'base64',
  );
  await expect(toSend.getByText(/^Screenshot .+\.png$/)).toBeVisible();
  await expect(toSend.getByText('Uploaded', { exact: true })).toHaveCount(2);
  await expect(page.getByLabel('Reply', { exact: true })).toHaveValue('');
  await page.getByLabel('Reply', { exact: true }).fill('Here is your invoice, and what I see on our side.');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'inbox-attachments-reply-draft');
  await box.getByRole('button', { name: 'Send reply' }).click();
  await expect(box.getByRole('status')).toHaveText('Reply sent.');
  await expect(toSend).toBeHidden();
  const agentMsg = thread.locator('.msg-agent').last();
  await expect(agentMsg.getByRole('link', { name: 'invoice.txt' })).toBeVisible();
  await expect(agentMsg.getByRole('img', { name: /^Screenshot .+\.png$/ })).toBeVisible();

  // The visitor's widget lists the agent's files with links that give the same bytes.
  const visitor = await widgetApi(server.baseURL, server.demo.widgetKey, visitorToken);
  const view = await visitorView(visitor, ticket.id);
  const reply = view.messages.find((m) => m.author.type === 'agent')!;
  const names = reply.attachments.map((a) => a.filename);
  expect(names).toHaveLength(2);
  expect(names).toEqual(expect.arrayContaining(['invoice.txt', expect.stringMatching(/^Screenshot .+\.png$/)]));
  for (const a of reply.attachments) {
    expect(a.status).toBe('ready');
    expect(a.url).toMatch(/\/api\/v1\/files\/att_/);
    const res = await fetch(a.url!);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(a.filename === 'invoice.txt' ? invoice : pasted)).toBe(true);
  }

  // An internal note of files only: shown in the note's styling, never in the visitor's list.
  await box.getByLabel('Internal note').check();
  await page
    .locator('#reply-files-input')
    .setInputFiles({ name: 'refund-approval.txt', mimeType: 'text/plain', buffer: Buffer.from('Approved by Dana\n') });
  await expect(toSend.getByText('Uploaded', { exact: true })).toHaveCount(1);
  await box.getByRole('button', { name: 'Add note' }).click();
  await expect(box.getByRole('status')).toHaveText('Note added.');
  await expect(thread.locator('.msg-note').getByRole('link', { name: 'refund-approval.txt' })).toBeVisible();
  await screenshot(page, 'inbox-attachments-thread');
  const after = await visitorView(visitor, ticket.id);
  expect(JSON.stringify(after)).not.toContain('refund-approval');
  expect(after.messages.flatMap((m) => m.attachments)).toHaveLength(3);
  await visitor.dispose();
});

test('an uploaded HTML file downloads as a file and never runs as a page', async ({ page, context, server }) => {
  const owner = await apiSession(server.baseURL);
  const res = await owner.post('/api/v1/tickets', {
    data: {
      subject: unique('Odd page'),
      message: 'My browser saved this page.',
      requester: { email: 'h@example.com' },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const ticketId = (await res.json()).id as string;
  await owner.dispose();

  await signIn(page);
  await page.goto(`/inbox/#/tickets/${ticketId}`);
  const html = Buffer.from(
    '<!doctype html><title>harmless</title><script>document.title = "PWNED"; window.ran = true;</script><p>hi</p>',
  );
  await page
    .locator('#reply-files-input')
    .setInputFiles({ name: 'saved-page.html', mimeType: 'text/html', buffer: html });
  await expect(page.getByRole('list', { name: 'Files to send' }).getByText('Uploaded', { exact: true })).toBeVisible();
  await page.locator('form.reply').getByRole('button', { name: 'Send reply' }).click();
  const link = page.getByRole('list', { name: 'Conversation' }).getByRole('link', { name: 'saved-page.html' });
  await expect(link).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('saved-page.html');
  expect(readFileSync(await download.path()).equals(html)).toBe(true);
  expect(await page.evaluate(() => (window as { ran?: boolean }).ran)).toBeUndefined();

  // Going to the link itself: the server says "attachment" and sandboxes it, so nothing renders or runs.
  const href = (await link.getAttribute('href'))!;
  const head = await page.request.get(href);
  expect(head.headers()['content-disposition']).toMatch(/^attachment; filename="saved-page.html"/);
  expect(head.headers()['content-security-policy']).toMatch(/^sandbox/);
  expect(head.headers()['x-content-type-options']).toBe('nosniff');
  const tab = await context.newPage();
  const downloads: string[] = [];
  tab.on('download', (d) => downloads.push(d.suggestedFilename()));
  await tab.goto(href).catch((e: Error) => expect(e.message).toMatch(/Download is starting|ERR_ABORTED/));
  await expect.poll(() => downloads).toEqual(['saved-page.html']);
  expect(await tab.title()).not.toBe('PWNED');
  expect(await tab.evaluate(() => (window as { ran?: boolean }).ran)).toBeUndefined();
  await tab.close();
});

test('refused files are named next to the box and the rest still sends', async ({ page, server, request }) => {
  // An account on the starter plan (10 MB files), small enough to hand the browser a file over it.
  const account = { email: `${unique('refusals').replace(/\W+/g, '-')}@example.com`, password: 'refusals owner 1' };
  const made = await request.post('/api/v1/tenants', {
    headers: { authorization: `Bearer ${PLATFORM_TOKEN}` },
    data: { name: 'Refusals Co', plan: 'starter', owner: { name: 'Rae Refusals', ...account } },
  });
  expect(made.status(), await made.text()).toBe(201);
  const owner = await apiSession(server.baseURL, account);
  const res = await owner.post('/api/v1/tickets', {
    data: { subject: unique('Refusals'), message: 'Please look.', requester: { email: 'r@example.com' } },
  });
  const ticketId = (await res.json()).id as string;
  const usage = await (await owner.get('/api/v1/usage')).json();
  await owner.dispose();
  expect(usage.maxFileBytes).toBe(10 * 1024 * 1024);

  await signIn(page, account);
  await page.goto(`/inbox/#/tickets/${ticketId}`);
  const box = page.locator('form.reply');
  await page.locator('#reply-files-input').setInputFiles([
    { name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00not really') },
    { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('this is not a png at all') },
    { name: 'huge.log', mimeType: 'text/plain', buffer: Buffer.alloc(usage.maxFileBytes + 1, 'a') },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('fine\n') },
  ]);
  const alert = box.getByRole('alert');
  await expect(alert).toContainText('setup.exe is a program (.exe); programs cannot be attached.');
  await expect(alert).toContainText('photo.png is named .png but its content is not PNG');
  await expect(alert).toContainText('huge.log is larger than 10 MB, the largest file this plan takes.');
  await expect(box.getByText('Uploaded', { exact: true })).toHaveCount(1);
  await screenshot(page, 'inbox-attachments-refused');
  // Refused files are removed by hand; the good one goes as a reply of files only.
  for (const name of ['setup.exe', 'photo.png', 'huge.log'])
    await box.getByRole('button', { name: `Remove ${name}` }).click();
  await expect(alert).toBeHidden();
  await box.getByRole('button', { name: 'Send reply' }).click();
  await expect(box.getByRole('status')).toHaveText('Reply sent.');
  await expect(page.locator('.msg-agent').getByRole('link', { name: 'notes.txt' })).toBeVisible();
  const t = await (await page.request.get(`/api/v1/tickets/${ticketId}`)).json();
  expect(t.messages.at(-1)).toMatchObject({ body: '', attachments: [{ filename: 'notes.txt', status: 'ready' }] });

  // The Account page counts the kept file against the plan's storage.
  await page.goto('/inbox/#/account');
  await expect(page.locator('dt', { hasText: 'File storage' }).locator('+ dd')).toHaveText('5 bytes of 1 GB');
  await expect(page.locator('dt', { hasText: 'Largest file' }).locator('+ dd')).toHaveText('10 MB');
});

test("an agent who cannot read usage is told the server's 413, which names the plan's limit", async ({
  page,
  request,
  server,
}) => {
  const account = { email: `${unique('limit').replace(/\W+/g, '-')}@example.com`, password: 'limit owner 1' };
  const made = await request.post('/api/v1/tenants', {
    headers: { authorization: `Bearer ${PLATFORM_TOKEN}` },
    data: { name: 'Limit Co', plan: 'starter', owner: { name: 'Lee Limit', ...account } },
  });
  expect(made.status(), await made.text()).toBe(201);
  const owner = await apiSession(server.baseURL, account);
  const role = await owner.post('/api/v1/roles', {
    data: { name: 'Replier', permissions: ['tickets:read', 'tickets:update'] },
  });
  expect(role.status(), await role.text()).toBe(201);
  const replier = await createAgent(owner, (await role.json()).id);
  const res = await owner.post('/api/v1/tickets', {
    data: { subject: unique('Big file'), message: 'Sending the log.', requester: { email: 'b@example.com' } },
  });
  const ticketId = (await res.json()).id as string;
  await owner.dispose();

  await signIn(page, replier);
  await page.goto(`/inbox/#/tickets/${ticketId}`);
  const box = page.locator('form.reply');
  await page
    .locator('#reply-files-input')
    .setInputFiles({ name: 'server.log', mimeType: 'text/plain', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 'a') });
  await expect(box.getByRole('alert')).toContainText(
    'server.log: The file is larger than 10 MB, the largest file the starter plan takes.',
  );
  await expect(box.getByRole('button', { name: 'Send reply' })).toBeDisabled();
});

test("a ticket filed in the inbox carries files dropped on the customer's message", async ({ page }) => {
  await signIn(page);
  await page.goto('/inbox/#/tickets/new');
  await page.getByLabel('Customer email').fill('drop@example.com');
  await page.getByLabel('Subject').fill(unique('Dropped file'));
  await page.getByLabel("Customer's message").fill('The customer mailed us this receipt.');
  // A file dragged from the desktop onto the message: dragover then drop, carrying the file.
  const dt = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(new File(['Receipt 7: 12.00 EUR\n'], 'receipt.txt', { type: 'text/plain' }));
    return d;
  });
  const message = page.getByLabel("Customer's message");
  await message.dispatchEvent('dragover', { dataTransfer: dt });
  await message.dispatchEvent('drop', { dataTransfer: dt });
  const toSend = page.getByRole('list', { name: 'Files to send' });
  await expect(toSend.getByText('Uploaded', { exact: true })).toBeVisible();
  await expect(toSend).toContainText('receipt.txt');
  await screenshot(page, 'inbox-attachments-new-ticket');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  const first = page.locator('.msg').first();
  await expect(first).toHaveAttribute('data-kind', 'customer');
  await expect(first.getByRole('link', { name: 'receipt.txt' })).toBeVisible();
});
