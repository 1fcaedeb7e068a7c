// Reports: a ticket answered by an agent shows in the first-response figure; the figure opens the tickets behind it;
// the distribution has a table view; the agent table and the heatmap are there; the CSV link downloads; axe is clean.
import { expect, test } from '../support/server.ts';
import { DESKTOP, seriousViolations, signIn, unique, widgetTicket } from './inbox-support.ts';

test('a manager reads the reports, drills into a figure and downloads the agent table', async ({ page, baseURL }) => {
  await page.setViewportSize(DESKTOP);
  await signIn(page);
  const origin = new URL(baseURL!).origin;
  const me = await (await page.request.get('/api/v1/me')).json();
  const subject = unique('Lamp flickers');
  const { ticket } = await widgetTicket(baseURL!, me.tenant.widgetKey, {
    subject,
    message: 'The lamp flickers at night.',
    email: 'lee@example.com',
  });
  const reply = await page.request.post(`/api/v1/tickets/${ticket.id}/messages`, {
    headers: { origin },
    data: { body: 'Try the other socket, please.' },
  });
  expect(reply.status(), await reply.text()).toBe(201);

  await page.goto('/inbox/#/reports');
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  const first = page.getByRole('button', { name: /^First response: .*Show the tickets$/ });
  await expect(first).toBeVisible();
  await first.click();
  const drill = page.getByRole('region', { name: /Tickets behind “First response”/ });
  await expect(drill.getByRole('link', { name: new RegExp(subject) })).toBeVisible();

  await page.getByRole('button', { name: 'Show the distribution as a table' }).first().click();
  await expect(page.getByRole('rowheader', { name: '< 1 h' }).first()).toBeVisible();

  const agents = page.getByRole('region', { name: 'Agents' });
  await expect(agents.getByRole('rowheader', { name: me.agent.name })).toBeVisible();
  await expect(page.getByRole('table', { name: /Tickets created per weekday and hour/ })).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    agents.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const csv = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(csv).toString()).toMatch(/^agentId,name,handled,responses/);

  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/inbox-reports.png', fullPage: true });

  // A narrower period or another channel reloads the figures.
  await page.getByLabel('Channel').selectOption('email');
  await expect(page.getByRole('region', { name: /Tickets behind/ })).toHaveCount(0);
});

test('the dashboard live tiles follow the event stream: a new ticket counts at once', async ({ page, baseURL }) => {
  await signIn(page);
  const me = await (await page.request.get('/api/v1/me')).json();
  await page.goto('/inbox/#/dashboard');
  const openNow = page.locator('.live-tiles li', { hasText: 'Open now' }).locator('.figure-value');
  await expect(openNow).toHaveText(/^\d+$/);
  const before = Number(await openNow.textContent());
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  const subject = unique('Stove leaks');
  await widgetTicket(baseURL!, me.tenant.widgetKey, { subject, message: 'Gas smell.', email: 'kim@example.com' });
  await expect(openNow).toHaveText(String(before + 1));
  await expect(page.getByRole('link', { name: /^Oldest waiting: #\d+$/ })).toBeVisible();
});
