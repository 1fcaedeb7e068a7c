// Live chat in the widget on the real server: the visitor chats with an agent driven through the API (reply, typing,
// read), survives going offline without missing or doubling messages, gets the form with "back at…" when nobody can
// chat, passes axe, and works from the keyboard alone.
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, dialog, launcher, widget, type RunningServer } from '../support/widget-host.ts';
import { DEMO_LOGIN } from '../support/server.ts';

/** The host page with the snippet's features.liveChat turned on (the shared fixtures paste it off). */
async function chatHost(page: Page, url: string) {
  await page.addInitScript(() => {
    let config: { features?: object } | undefined;
    Object.defineProperty(window, 'HelpDeskConfig', {
      configurable: true,
      get: () => config,
      set: (v: { features?: object }) => (config = { ...v, features: { ...v.features, liveChat: true } }),
    });
  });
  return url;
}

async function signIn(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  server: RunningServer,
) {
  const agent = await playwright.request.newContext({
    baseURL: server.baseURL,
    extraHTTPHeaders: { Origin: server.baseURL },
  });
  expect((await agent.post('/api/v1/auth/login', { data: DEMO_LOGIN })).status()).toBe(200);
  const me = await (await agent.get('/api/v1/me')).json();
  return { agent, tenantId: (me.tenant?.id ?? server.demo.tenantId) as string };
}

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).include('helpdesk-widget').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const log = (page: Page) => dialog(page).getByRole('log');

test('a visitor chats with an agent: reply live, typing shown and cleared, Seen, and nothing missed or doubled after going offline', async ({
  page,
  context,
  host,
  playwright,
  server,
}) => {
  const { agent, tenantId } = await signIn(playwright, server);
  const before = (await (await agent.get(`/api/v1/tenants/${tenantId}`)).json()).settings;
  // Chat on, and no business hours (the demo's may be closed now): an online agent makes chat available.
  const settings = { chat: { enabled: true }, businessHours: null };
  expect((await agent.patch(`/api/v1/tenants/${tenantId}`, { data: { settings } })).status()).toBe(200);
  expect((await agent.put('/api/v1/me/availability', { data: { status: 'online' } })).status()).toBe(200);
  try {
    await page.goto(await chatHost(page, await host('plain.html')));
    // Keyboard only: the launcher, the Contact us tab, the composer, Send.
    await launcher(page).focus();
    await page.keyboard.press('Enter');
    await expect(dialog(page)).toBeVisible();
    const contact = dialog(page).getByRole('button', { name: 'Contact us', exact: true });
    await contact.focus();
    await page.keyboard.press('Enter');
    const message = dialog(page).getByRole('textbox', { name: 'Message' });
    await expect(message).toBeVisible();
    await expect(log(page)).toHaveAttribute('aria-live', 'polite');
    await message.focus();
    await page.keyboard.type('Does the blue kettle ship to Norway?');
    await page.keyboard.press('Tab');
    await expect(dialog(page).getByRole('button', { name: 'Send', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(log(page).locator('.msg')).toHaveCount(1);
    await expect(dialog(page).getByLabel('Leave your email so we can reply if you go')).toBeVisible();

    // The agent sees it among the live chats, with the visitor's page.
    const chats = await (await agent.get('/api/v1/chats')).json();
    const live = chats.data.find(
      (c: {
        ticket: { id: string; messages?: { body: string }[] };
        chat: { visitor: { page: { url: string } | null } };
      }) => c.chat.visitor.page?.url === page.url(),
    );
    expect(live).toBeTruthy();
    const id = live.ticket.id as string;

    expect((await agent.post(`/api/v1/tickets/${id}/typing`)).status()).toBe(204);
    await expect(log(page)).toContainText('is typing…');
    await page.screenshot({ path: test.info().outputPath('chat-typing.png'), animations: 'disabled' });
    const reply = async (body: string) =>
      expect((await agent.post(`/api/v1/tickets/${id}/messages`, { data: { body } })).status()).toBe(201);
    await reply('Yes, we ship to Norway in 3–5 days.');
    await expect(log(page).locator('.msg')).toHaveCount(2);
    await expect(log(page).locator('.msg').nth(1)).toContainText('Yes, we ship to Norway');
    await expect(log(page)).not.toContainText('is typing…');
    expect((await agent.post(`/api/v1/tickets/${id}/read`, { data: {} })).status()).toBe(204);
    await expect(log(page).locator('.me').last()).toContainText('Seen');
    // The visitor had the agent's message on screen: the team sees their receipt.
    await expect
      .poll(async () => (await (await agent.get(`/api/v1/tickets/${id}/chat`)).json()).reads.visitor?.upTo ?? null)
      .not.toBeNull();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: test.info().outputPath('chat-seen.png'), animations: 'disabled' });

    // The visitor's connection drops while the agent writes three messages; back online, all three show once, in order.
    await context.setOffline(true);
    await reply('First: the kettle is in stock.');
    await reply('Second: shipping is free over 50 €.');
    await reply('Third: anything else?');
    await context.setOffline(false);
    await expect(log(page).locator('.msg')).toHaveCount(5, { timeout: 30_000 });
    const texts = await log(page).locator('.msg').allTextContents();
    expect(texts.slice(2).map((t) => t.match(/First|Second|Third/)?.[0])).toEqual(['First', 'Second', 'Third']);
    await page.screenshot({ path: test.info().outputPath('chat-after-offline.png'), animations: 'disabled' });

    // The conversation survives a reload, history included, and goes on from the keyboard: Shift+Enter makes a
    // new line, Enter sends.
    await page.reload();
    await launcher(page).click();
    await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
    await expect(log(page).locator('.msg')).toHaveCount(5);
    await expect(log(page).locator('.msg').nth(4)).toContainText('Third: anything else?');
    await dialog(page).getByRole('textbox', { name: 'Message' }).focus();
    await page.keyboard.type('Great, one more thing:');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('do you ship to Svalbard?');
    await page.keyboard.press('Enter');
    await expect(log(page).locator('.msg')).toHaveCount(6);
    await expect(dialog(page).getByRole('textbox', { name: 'Message' })).toHaveValue('');
    // The same chat, not a new one: the team has the line break too.
    const thread = await (await agent.get(`/api/v1/tickets/${id}`)).json();
    expect(thread.messages.at(-1).body).toBe('Great, one more thing:\ndo you ship to Svalbard?');
    await agent.post(`/api/v1/tickets/${id}/chat/end`, { data: {} });
    await expect(dialog(page)).toContainText('This chat has ended.');
    await expect(dialog(page).getByRole('button', { name: 'Start a new chat' })).toBeVisible();
    await expect(dialog(page).getByLabel('Subject')).toBeVisible();
  } finally {
    await agent.put('/api/v1/me/availability', { data: { status: 'offline' } });
    await agent.patch(`/api/v1/tenants/${tenantId}`, { data: { settings: { businessHours: before.businessHours } } });
  }
});

test('the agent goes offline mid-chat: the visitor is asked for their email before going on, and a new visitor gets the form', async ({
  page,
  browser,
  host,
  playwright,
  server,
}) => {
  const { agent, tenantId } = await signIn(playwright, server);
  const before = (await (await agent.get(`/api/v1/tenants/${tenantId}`)).json()).settings;
  const settings = { chat: { enabled: true }, businessHours: null };
  expect((await agent.patch(`/api/v1/tenants/${tenantId}`, { data: { settings } })).status()).toBe(200);
  expect((await agent.put('/api/v1/me/availability', { data: { status: 'online' } })).status()).toBe(200);
  const other = await browser.newContext();
  try {
    const url = await chatHost(page, await host('plain.html'));
    await page.goto(url);
    await launcher(page).click();
    await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
    await dialog(page).getByRole('textbox', { name: 'Message' }).fill('Is the red kettle back in stock?');
    await page.keyboard.press('Enter');
    await expect(log(page).locator('.msg')).toHaveCount(1);
    // Asked politely: the name is optional, the email may wait while the team is there.
    await expect(dialog(page).getByLabel('Name (optional)')).toBeVisible();
    await expect(dialog(page).getByRole('textbox', { name: 'Message' })).toBeVisible();

    // The last agent leaves while the panel stays open: the stream says so (chat.availability), and the widget asks
    // for the email at once, without a reopen or a focus change. Its own status check (the heartbeat) is cut off
    // here, so only the stream can have told it.
    await page.route('**/api/v1/widget/chat', (route) => route.abort());
    expect((await agent.put('/api/v1/me/availability', { data: { status: 'offline' } })).status()).toBe(200);
    const email = dialog(page).getByLabel('The team has stepped away. Leave your email and we will answer there');
    await expect(email).toBeVisible();
    await page.unroute('**/api/v1/widget/chat');
    await expect(dialog(page).getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    await expect(log(page).locator('.msg')).toHaveCount(1); // the history stays
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: test.info().outputPath('chat-team-gone.png'), animations: 'disabled' });
    await email.fill('noor@example.com');
    await dialog(page).getByLabel('Name (optional)').fill('Noor');
    await dialog(page).getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog(page)).toContainText('Thanks! We will reply by email.');
    await expect(dialog(page).getByRole('textbox', { name: 'Message' })).toBeVisible();
    // The chat's ticket now reaches the visitor by email.
    const visit = await page.evaluate(() =>
      JSON.parse(Object.entries(localStorage).find(([k]) => k.endsWith(':visitor'))![1]),
    );
    const tk = await (await agent.get(`/api/v1/tickets/${visit.chat}`)).json();
    expect(tk.requester).toMatchObject({ email: 'noor@example.com', name: 'Noor' });

    // Someone arriving now gets the ticket form.
    const fresh = await other.newPage();
    await fresh.goto(await chatHost(fresh, await host('plain.html')));
    await launcher(fresh).click();
    await dialog(fresh).getByRole('button', { name: 'Contact us', exact: true }).click();
    await expect(dialog(fresh)).toContainText('Nobody can chat now. Leave a message below.');
    await expect(dialog(fresh).getByLabel('Subject')).toBeVisible();
  } finally {
    await other.close();
    await agent.put('/api/v1/me/availability', { data: { status: 'offline' } });
    await agent.patch(`/api/v1/tenants/${tenantId}`, { data: { settings: { businessHours: before.businessHours } } });
  }
});

test('with no agent online a fresh visitor gets the form; outside hours it says when the team is back', async ({
  page,
  host,
  playwright,
  server,
}) => {
  const { agent, tenantId } = await signIn(playwright, server);
  const before = (await (await agent.get(`/api/v1/tenants/${tenantId}`)).json()).settings;
  const settings = { chat: { enabled: true }, businessHours: null };
  expect((await agent.patch(`/api/v1/tenants/${tenantId}`, { data: { settings } })).status()).toBe(200);
  expect((await agent.put('/api/v1/me/availability', { data: { status: 'offline' } })).status()).toBe(200);
  const url = await chatHost(page, await host('plain.html'));
  await page.goto(url);
  await launcher(page).click();
  await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
  await expect(dialog(page)).toContainText('Nobody can chat now. Leave a message below.');
  await expect(dialog(page).getByLabel('Subject')).toBeVisible();
  await expect(widget(page).getByRole('log')).toHaveCount(0);

  // Today a holiday: back tomorrow (or the next open day) at 09:00 UTC, shown in the visitor's language and zone.
  const today = new Date().toISOString().slice(0, 10);
  const day = { open: '09:00', close: '17:00' };
  const schedule = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day };
  try {
    expect(
      (
        await agent.patch(`/api/v1/tenants/${tenantId}`, {
          data: { settings: { businessHours: { timezone: 'UTC', schedule, holidays: [today] } } },
        })
      ).status(),
    ).toBe(200);
    const status = await (
      await page.request.get(`${server.baseURL}/api/v1/widget/chat`, {
        headers: { 'X-Widget-Key': server.demo.widgetKey },
      })
    ).json();
    expect(status.nextOpenAt).toBeTruthy();
    await page.reload();
    await launcher(page).click();
    await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
    const when = await page.evaluate(
      (iso) => new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }),
      status.nextOpenAt as string,
    );
    await expect(dialog(page)).toContainText(`Back at ${when}.`);
    await page.screenshot({ path: test.info().outputPath('chat-back-at.png'), animations: 'disabled' });
  } finally {
    await agent.patch(`/api/v1/tenants/${tenantId}`, {
      data: { settings: { businessHours: before.businessHours ?? null } },
    });
  }
});
