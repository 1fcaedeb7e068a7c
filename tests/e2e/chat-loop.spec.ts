// Live chat through both real UIs in two browser contexts: a visitor in the widget on a shop page and an agent in the
// inbox see each other's messages without a reload, each other's typing come and go, the agent's "Seen", a file the
// visitor attaches, and the end.
import type { Page } from '@playwright/test';
import { test, expect, dialog, launcher, widget } from '../support/widget-host.ts';
import { apiSession, signIn } from './inbox-support.ts';

/** The host page with the snippet's features.liveChat on (the shared fixtures paste it off). */
async function withLiveChat(page: Page) {
  await page.addInitScript(() => {
    let config: { features?: object } | undefined;
    Object.defineProperty(window, 'HelpDeskConfig', {
      configurable: true,
      get: () => config,
      set: (v: { features?: object }) => (config = { ...v, features: { ...v.features, liveChat: true } }),
    });
  });
}

test('a visitor and an agent chat live in the two real UIs: messages, typing, Seen, end', async ({
  page,
  browser,
  host,
  server,
}) => {
  const owner = await apiSession(server.baseURL);
  const tenantId = server.demo.tenantId;
  const before = (await (await owner.get(`/api/v1/tenants/${tenantId}`)).json()).settings;
  // Chat on, and no business hours (the demo's may be closed right now).
  const on = await owner.patch(`/api/v1/tenants/${tenantId}`, {
    data: { settings: { chat: { enabled: true }, businessHours: null } },
  });
  expect(on.status(), await on.text()).toBe(200);
  const agentContext = await browser.newContext({ baseURL: server.baseURL });
  const agent = await agentContext.newPage();
  try {
    await signIn(agent);
    await agent.getByLabel('Availability').selectOption('online');
    await expect
      .poll(async () =>
        (await (await owner.get('/api/v1/availability')).json()).data.some(
          (a: { status: string }) => a.status === 'online',
        ),
      )
      .toBe(true);

    // The visitor opens the widget on a shop page: Contact us is a conversation.
    await withLiveChat(page);
    await page.goto(await host('plain.html'));
    await launcher(page).click();
    await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
    const log = dialog(page).getByRole('log');
    const composer = dialog(page).getByRole('textbox', { name: 'Message' });
    await composer.fill('Do the trail shoes run small?');
    await dialog(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(log).toContainText('Do the trail shoes run small?');

    // The agent finds it among the live chats and opens it.
    await agent.getByRole('link', { name: /^Chats/ }).click();
    const row = agent
      .getByRole('region', { name: /Active/ })
      .getByRole('listitem')
      .first();
    await expect(row).toBeVisible();
    await row.getByRole('link').first().click();
    await expect(agent.locator('.msg-customer', { hasText: 'trail shoes run small' })).toBeVisible();
    // A visitor who gave no email is "Visitor", never the reserved placeholder address.
    await expect(agent.locator('.msg-customer .msg-who').first()).toHaveText('Visitor');

    // The visitor types: the agent sees it, and it clears when the message arrives.
    await composer.pressSequentially('I wear 42', { delay: 30 });
    await expect(agent.getByText(/is typing…/)).toBeVisible();
    await dialog(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(agent.locator('.msg-customer', { hasText: 'I wear 42' })).toBeVisible();
    await expect(agent.getByText(/is typing…/)).toHaveCount(0);

    // The agent types and answers: the visitor sees the typing, then the reply, without a reload.
    await agent.getByLabel('Reply', { exact: true }).pressSequentially('They run half a size small', { delay: 20 });
    await expect(log).toContainText('is typing…');
    await agent.getByLabel('Reply', { exact: true }).pressSequentially(': take a 42.5.');
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await expect(log).toContainText('They run half a size small: take a 42.5.');
    await expect(log).not.toContainText('is typing…');

    // The visitor has it on screen: the agent's reply shows "Seen".
    await expect(agent.getByText('Seen', { exact: true })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('chat-loop-visitor.png') });
    await agent.screenshot({ path: test.info().outputPath('chat-loop-agent.png') });

    // A file on a chat message, through the ticket form's uploads: the agent sees it in the conversation.
    const chosen = page.waitForEvent('filechooser');
    await dialog(page).getByRole('button', { name: 'Attach files' }).click();
    await (
      await chosen
    ).setFiles({ name: 'size-chart.txt', mimeType: 'text/plain', buffer: Buffer.from('EU 42 = 26.5 cm\n') });
    await expect(widget(page).locator('.sr[role=status]')).toHaveText('size-chart.txt attached');
    await composer.fill('My size chart');
    await composer.press('Enter');
    await expect(log).toContainText('size-chart.txt');
    await expect(agent.locator('.msg-customer', { hasText: 'My size chart' }).locator('.file')).toContainText(
      'size-chart.txt',
    );

    // The agent ends the chat; the visitor's widget says so.
    await agent.getByRole('button', { name: 'End chat' }).click();
    await expect(dialog(page)).toContainText('This chat has ended.');
  } finally {
    await agentContext.close();
    await owner.put('/api/v1/me/availability', { data: { status: 'offline' } });
    await owner.patch(`/api/v1/tenants/${tenantId}`, {
      data: { settings: { chat: before.chat ?? { enabled: false }, businessHours: before.businessHours ?? null } },
    });
    await owner.dispose();
  }
});
