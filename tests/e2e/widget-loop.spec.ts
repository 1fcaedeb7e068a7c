// The whole loop: search, file a ticket, an agent replies through the API, the reply appears live (and as a badge when closed).
import { test, expect, dialog, launcher, widget } from '../support/widget-host.ts';
import { DEMO_LOGIN } from '../support/server.ts';

test('search → ticket → agent reply → shown live, with an unread badge while closed', async ({
  page,
  host,
  playwright,
  server,
}) => {
  await page.clock.install();
  await page.goto(await host('plain.html'));
  const events: string[] = [];
  await page.exposeFunction('__record', (e: string) => events.push(e));
  await page.evaluate(() => {
    for (const e of ['ticket:created', 'message:received', 'article:viewed'])
      window.HelpDesk!('on', e, () => (window as unknown as { __record: (e: string) => void }).__record(e));
  });

  await launcher(page).click();
  await dialog(page).getByRole('searchbox', { name: 'Search' }).fill('shipping');
  await dialog(page).locator('.item').first().click();
  await expect(dialog(page).locator('.art')).toBeVisible();

  await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
  await dialog(page).getByLabel('Name').fill('Lou Loop');
  await dialog(page).getByLabel('Email').fill('lou@example.com');
  await dialog(page).getByLabel('Subject').fill('Where is my tent?');
  await dialog(page).getByLabel('Message').fill('Order 1042 has not arrived yet.');
  await page.clock.fastForward(3000);
  await dialog(page).getByRole('button', { name: 'Send' }).click();
  await expect(dialog(page).getByRole('heading', { name: 'Thanks, we got your request' })).toBeVisible();
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([`helpdesk:${server.demo.tenantId}:visitor`]);

  await dialog(page).getByRole('button', { name: 'View my tickets' }).click();
  await dialog(page)
    .getByRole('button', { name: /Where is my tent\?/ })
    .click();
  await expect(dialog(page).locator('.thread li')).toHaveCount(1);

  // The agent answers from the inbox's API.
  const agent = await playwright.request.newContext({ baseURL: server.baseURL });
  expect((await agent.post('/api/v1/auth/login', { data: DEMO_LOGIN })).status()).toBe(200);
  const list = await (await agent.get('/api/v1/tickets?limit=100')).json();
  const ticket = list.data.find((t: { subject: string }) => t.subject === 'Where is my tent?');
  const reply = (body: string) =>
    agent.post(`/api/v1/tickets/${ticket.id}/messages`, { data: { body }, headers: { Origin: server.baseURL } });
  expect((await reply('It ships tomorrow, tracking follows by email.')).status()).toBe(201);

  // Live, while the thread is open: no reload, announced to screen readers.
  await expect(dialog(page).locator('.thread li').nth(1)).toContainText('It ships tomorrow');
  await expect(widget(page).getByRole('status')).toContainText('New reply from support');

  // A reply that arrives while the panel is closed shows as a badge on the launcher.
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  expect((await reply('Update: it is out for delivery.')).status()).toBe(201);
  await expect(launcher(page)).toHaveAccessibleName('Help (1 new)');
  await page.screenshot({ path: test.info().outputPath('loop-badge.png'), animations: 'disabled' });
  await launcher(page).click();
  await expect(dialog(page).locator('.thread li').nth(2)).toContainText('out for delivery');
  await expect(launcher(page)).toHaveAccessibleName('Help'); // read now: the badge is gone
  await page.screenshot({ path: test.info().outputPath('loop-thread.png'), animations: 'disabled' });

  // The visitor answers from the panel.
  await dialog(page).getByLabel('Your reply').fill('Great, thanks!');
  await dialog(page).getByRole('button', { name: 'Send reply' }).click();
  await expect(dialog(page).locator('.thread li').nth(3)).toContainText('Great, thanks!');
  expect(events).toEqual(expect.arrayContaining(['article:viewed', 'ticket:created', 'message:received']));
  await agent.dispose();
});
