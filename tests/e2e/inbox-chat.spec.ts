// The agent's side of live chat on the real server, the visitor driven through the widget API: availability, the
// Chats view live, typing, a reply, "Seen", ending the chat; the heartbeat, automatic away and Offline.
import { request, type APIRequestContext, type Page } from '@playwright/test';
import { test, expect } from '../support/server.ts';
import {
  apiSession,
  DESKTOP,
  ownTenant,
  PHONE,
  screenshot,
  seriousViolations,
  signIn,
  visitorTickets,
} from './inbox-support.ts';

const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/** A tenant of its own with chat on, its owner signed in to the inbox. */
async function chatTenant(page: Page, baseURL: string, label: string) {
  const t = await ownTenant(baseURL, label);
  const owner = await apiSession(baseURL, t);
  const res = await owner.patch(`/api/v1/tenants/${t.tenant.id}`, { data: { settings: { chat: { enabled: true } } } });
  expect(res.status(), await res.text()).toBe(200);
  await owner.dispose();
  const widget = await request.newContext({ baseURL, extraHTTPHeaders: { 'x-widget-key': t.tenant.widgetKey } });
  return { ...t, widget };
}

const available = async (widget: APIRequestContext) =>
  ((await (await widget.get('/api/v1/widget/chat')).json()) as { available: boolean }).available;

test('a visitor chats with an online agent: live in Chats, typing, a reply, Seen, End chat', async ({
  page,
  server,
}) => {
  const { widget, ...t } = await chatTenant(page, server.baseURL, 'chat loop');
  await signIn(page, t);
  const status = page.getByLabel('Availability');
  // Every tab was closed (there was none): the agent starts offline, so nobody is offered a chat.
  await expect(status).toHaveValue('offline');
  expect(await available(widget)).toBe(false);
  await status.selectOption('online');
  await expect.poll(() => available(widget)).toBe(true);

  await page.getByRole('link', { name: 'Chats' }).click();
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
  await expect(page.getByText('No active chats.')).toBeVisible();

  // The visitor starts a chat from the shop's kettle page.
  const started = await widget.post('/api/v1/widget/chats', {
    data: {
      message: 'Hi! Does the blue kettle ship to Norway?',
      name: 'Ria',
      page: { url: 'https://shop.example.com/kettles/blue', title: 'Blue kettle' },
      userAgent: CHROME_LINUX,
    },
  });
  expect(started.status(), await started.text()).toBe(201);
  const { ticket, visitorToken } = (await started.json()) as { ticket: { id: string }; visitorToken: string };
  const visitor = await request.newContext({
    baseURL: server.baseURL,
    extraHTTPHeaders: { 'x-widget-key': t.tenant.widgetKey, authorization: `Bearer ${visitorToken}` },
  });

  // It arrives live in Active (assigned to the only online agent) with the page, the browser and one unread.
  const active = page.getByRole('region', { name: /Active/ });
  const row = active.getByRole('listitem').filter({ hasText: 'Ria' });
  await expect(row).toBeVisible();
  const pageLink = row.getByRole('link', { name: 'Blue kettle' });
  await expect(pageLink).toHaveAttribute('href', 'https://shop.example.com/kettles/blue');
  await expect(pageLink).toHaveAttribute('rel', /noopener/);
  await expect(row).toContainText('Chrome 120 on Linux');
  await expect(row).toContainText('1 unread');
  await expect(page.getByRole('link', { name: /Chats.*1 unread/ })).toBeVisible();
  // Typing shows on the row too, before the agent opens the chat.
  expect((await visitor.post(`/api/v1/widget/tickets/${ticket.id}/typing`)).status()).toBe(204);
  await expect(row).toContainText('Ria is typing…');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'chats-view');

  // Opening it (from the keyboard) shows the chat panel; the agent has now read the message.
  await row.getByRole('link', { name: /Ria/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /blue kettle ship to Norway/ })).toBeVisible();
  const panel = page.getByRole('region', { name: /Live chat/ });
  await expect(panel).toContainText('Live');
  await expect(panel.getByRole('link', { name: 'Blue kettle' })).toBeVisible();
  await expect(panel).toContainText('Chrome 120 on Linux');
  // Seen on a visible screen: the team's read receipt is stored (the visitor's widget shows it) and the count clears.
  const agentRead = async () =>
    ((await (await page.request.get(`/api/v1/tickets/${ticket.id}/chat`)).json()) as { reads: { agent: unknown } })
      .reads.agent;
  await expect.poll(agentRead).not.toBeNull();
  await expect(page.getByRole('link', { name: /unread/ })).toHaveCount(0);

  // The visitor types: "Ria is typing…"; their message arrives and the line clears.
  expect((await visitor.post(`/api/v1/widget/tickets/${ticket.id}/typing`)).status()).toBe(204);
  await expect(page.getByText('Ria is typing…')).toBeVisible();
  const more = await visitor.post(`/api/v1/widget/tickets/${ticket.id}/messages`, {
    data: { body: 'It is for my aunt in Bergen.' },
  });
  expect(more.status(), await more.text()).toBe(201);
  await expect(page.locator('.msg-customer', { hasText: 'aunt in Bergen' })).toBeVisible();
  await expect(page.getByText('Ria is typing…')).toHaveCount(0);

  // The agent answers; typing tells the server (throttled), and the visitor's widget has the reply.
  const typing = page.waitForRequest(
    (r) => r.method() === 'POST' && r.url().endsWith(`/api/v1/tickets/${ticket.id}/typing`),
  );
  await page.getByLabel('Reply', { exact: true }).fill('Yes, it ships to Norway in 3 days.');
  await typing;
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.locator('.msg-agent', { hasText: 'ships to Norway' })).toBeVisible();
  const mine = await visitorTickets(server.baseURL, t.tenant.widgetKey, visitorToken);
  expect(mine[0].messages.map((m) => m.body)).toContain('Yes, it ships to Norway in 3 days.');

  // The visitor reads it: "Seen" under the agent's message.
  await expect(page.getByText('Seen', { exact: true })).toHaveCount(0);
  expect((await visitor.post(`/api/v1/widget/tickets/${ticket.id}/read`, { data: {} })).status()).toBe(204);
  await expect(page.locator('.msg-agent', { hasText: 'ships to Norway' }).getByText('Seen')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'chat-ticket');
  await screenshot(page, 'chat-ticket-phone', PHONE);
  await page.setViewportSize(DESKTOP);

  // End chat: resolved, the panel says Ended, and the Chats view is empty again.
  await panel.getByRole('button', { name: 'End chat' }).click();
  await expect(panel).toContainText('Ended');
  await expect(page.getByLabel('Status')).toHaveValue('resolved');
  await expect(panel.getByRole('button', { name: 'End chat' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Chats' }).click();
  await expect(page.getByText('No active chats.')).toBeVisible();
  await visitor.dispose();
  await widget.dispose();
});

test('the heartbeat keeps the agent available, idleness makes them away, Offline ends it', async ({ page, server }) => {
  const { widget, ...t } = await chatTenant(page, server.baseURL, 'chat presence');
  await page.clock.install();
  await signIn(page, t);
  const status = page.getByLabel('Availability');
  await status.selectOption('online');
  await expect.poll(() => available(widget)).toBe(true);

  // Each heartbeat renews the status the server holds for 2 minutes.
  const beat = () =>
    page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/v1/me/availability'));
  const first = beat();
  await page.mouse.move(10, 10);
  await page.clock.fastForward(30_000);
  const a = (await (await first).json()) as { status: string; expiresAt: string };
  expect(a.status).toBe('online');
  const second = beat();
  await page.mouse.move(20, 20);
  await page.clock.fastForward(30_000);
  const b = (await (await second).json()) as { status: string; expiresAt: string };
  expect(b.status).toBe('online');
  expect(Date.parse(b.expiresAt)).toBeGreaterThan(Date.parse(a.expiresAt));
  expect(await available(widget)).toBe(true);

  // Ten minutes without input: away (no new chats), shown in the header; a key press brings them back.
  const away = beat();
  await page.clock.fastForward(11 * 60_000);
  expect(((await (await away).json()) as { status: string }).status).toBe('away');
  await expect(status).toHaveValue('away');
  expect(await available(widget)).toBe(false);
  const back = beat();
  await page.keyboard.press('Shift');
  expect(((await (await back).json()) as { status: string }).status).toBe('online');
  await expect(status).toHaveValue('online');
  expect(await available(widget)).toBe(true);

  // Offline: the widget offers the form.
  const off = beat();
  await status.selectOption('offline');
  expect(((await (await off).json()) as { status: string }).status).toBe('offline');
  expect(await available(widget)).toBe(false);
  await widget.dispose();
});

test('while the tab is hidden, a new chat and a new message beep and notify (permission granted earlier, not asked on load)', async ({
  page,
  server,
}) => {
  const { widget, ...t } = await chatTenant(page, server.baseURL, 'chat alerts');
  // Spies around the real browser APIs (they still run): what was notified, how often permission was asked,
  // how many oscillators sounded, and a switch to make this tab report itself hidden.
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    w.__hidden = false;
    w.__notes = [];
    w.__asked = 0;
    w.__tones = 0;
    Object.defineProperty(Document.prototype, 'visibilityState', {
      configurable: true,
      get: () => (w.__hidden ? 'hidden' : 'visible'),
    });
    const Real = window.Notification;
    class Spy extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        (w.__notes as unknown[]).push({ title, body: options?.body });
      }
    }
    Spy.requestPermission = (...args) => ((w.__asked as number)++, Real.requestPermission(...args));
    window.Notification = Spy as typeof Notification;
    const osc = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      (w.__tones as number)++;
      return osc.call(this);
    };
  });
  await page.context().grantPermissions(['notifications'], { origin: server.baseURL });
  await signIn(page, t);
  await page.getByLabel('Availability').selectOption('online');
  await expect.poll(() => available(widget)).toBe(true);
  await page.getByRole('link', { name: 'Chats' }).click();
  // Granted for this site already, yet nothing asked on load: the page says notifications are on.
  await expect(page.getByText('Desktop notifications are on.')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0);
  // The stream starts from "now" when it connects: a chat started before it is live is not news to it.
  await expect(page.getByTitle('Live updates')).toHaveText(/Live/);

  await page.evaluate(() => {
    (window as unknown as { __hidden: boolean }).__hidden = true;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const started = await widget.post('/api/v1/widget/chats', { data: { message: 'Anyone there?', name: 'Ria' } });
  expect(started.status(), await started.text()).toBe(201);
  const { ticket, visitorToken } = (await started.json()) as { ticket: { id: string }; visitorToken: string };
  const notes = () => page.evaluate(() => (window as unknown as { __notes: { title: string }[] }).__notes);
  await expect.poll(notes).toEqual([{ title: 'New chat from Ria', body: 'Chat: Anyone there?' }]);
  expect(await page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBeGreaterThan(0);

  const visitor = await request.newContext({
    baseURL: server.baseURL,
    extraHTTPHeaders: { 'x-widget-key': t.tenant.widgetKey, authorization: `Bearer ${visitorToken}` },
  });
  const sent = await visitor.post(`/api/v1/widget/tickets/${ticket.id}/messages`, { data: { body: 'Hello?' } });
  expect(sent.status(), await sent.text()).toBe(201);
  await expect.poll(notes).toEqual([
    { title: 'New chat from Ria', body: 'Chat: Anyone there?' },
    { title: 'Ria wrote', body: 'Hello?' },
  ]);
  await visitor.dispose();
  await widget.dispose();
});

test('desktop notifications are asked for from the button, never on load', async ({ page, server }) => {
  const { widget, ...t } = await chatTenant(page, server.baseURL, 'chat permission');
  await page.addInitScript(() => {
    const w = window as unknown as { __asked: number };
    w.__asked = 0;
    const real = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = (...args) => (w.__asked++, real(...args));
  });
  await signIn(page, t);
  await page.getByRole('link', { name: 'Chats' }).click();
  const ask = page.getByRole('button', { name: 'Turn on desktop notifications' });
  await expect(ask).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0);
  await ask.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);
  await expect(ask).toHaveCount(0);
  await widget.dispose();
});

test('an owner turns live chat on in Settings: Availability and Chats appear, the widget offers chat', async ({
  page,
  server,
}) => {
  const t = await ownTenant(server.baseURL, 'chat settings');
  const widget = await request.newContext({
    baseURL: server.baseURL,
    extraHTTPHeaders: { 'x-widget-key': t.tenant.widgetKey },
  });
  await signIn(page, t);
  await expect(page.getByLabel('Availability')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Chats' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Live chat' }).click();
  await page.getByLabel('Offer live chat in the widget').check();
  await page.getByLabel('Chats per agent at once').fill('2');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await expect(page.getByLabel('Availability')).toHaveValue('offline');
  await expect(page.getByRole('link', { name: 'Chats' })).toBeVisible();
  const status = (await (await widget.get('/api/v1/widget/chat')).json()) as { enabled: boolean };
  expect(status.enabled).toBe(true);
  const tenant = await (await page.request.get(`/api/v1/tenants/${t.tenant.id}`)).json();
  expect(tenant.settings.chat).toEqual({ enabled: true, maxConcurrentChats: 2, unansweredAfterMinutes: 5 });
  await widget.dispose();
});
