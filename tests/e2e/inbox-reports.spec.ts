// Reports: a ticket answered by an agent shows in the first-response figure; the figure opens the tickets behind it;
// the distribution has a table view; the agent table and the heatmap are there; the CSV link downloads; axe is clean.
// SLA per target, CSAT comments, the backlog by day and KB deflection: each shows, opens its tickets, downloads.
import { request } from '@playwright/test';
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

test('SLA per target, CSAT comments, backlog by day and KB deflection, each with its table and tickets', async ({
  page,
  baseURL,
}) => {
  await page.setViewportSize(DESKTOP);
  await signIn(page);
  const origin = new URL(baseURL!).origin;
  const me = await (await page.request.get('/api/v1/me')).json();
  const send = async (method: 'patch' | 'put' | 'post', path: string, data: unknown) => {
    const r = await page.request[method](path, { headers: { origin }, data });
    expect(r.status(), await r.text()).toBeLessThan(300);
  };
  await send('patch', `/api/v1/tenants/${me.tenant.id}`, { settings: { slaEnabled: true, csat: { enabled: true } } });
  await send('put', '/api/v1/sla-policies', {
    normal: { firstResponseMinutes: 600, resolutionMinutes: 6000 },
    high: { firstResponseMinutes: 60, resolutionMinutes: null },
  });
  const subject = unique('Kettle hums');
  const { ticket, visitorToken } = await widgetTicket(baseURL!, me.tenant.widgetKey, {
    subject,
    message: 'It hums loudly.',
    email: 'ash@example.com',
  });
  await send('post', `/api/v1/tickets/${ticket.id}/messages`, { body: 'That is normal, I promise.' });
  await send('patch', `/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
  const widget = await request.newContext({
    baseURL,
    extraHTTPHeaders: { 'x-widget-key': me.tenant.widgetKey, authorization: `Bearer ${visitorToken}` },
  });
  const comment = unique('Still hums, answer felt canned');
  expect(
    (await widget.post(`/api/v1/widget/tickets/${ticket.id}/rating`, { data: { rating: 'bad', comment } })).status(),
  ).toBe(201);
  const missing = unique('unicorn descaler');
  expect(
    (await widget.get(`/api/v1/widget/kb/search?q=${encodeURIComponent(missing)}&session=e2esession01`)).status(),
  ).toBe(200);
  await widget.dispose();

  await page.goto('/inbox/#/reports');
  const sla = page.getByRole('region', { name: 'SLA per target' });
  await expect(sla.getByRole('img', { name: /Normal · First response \(10 h\) 100%/ })).toBeVisible();
  await sla.getByRole('button', { name: 'Show SLA targets as a table' }).click();
  await sla.getByRole('button', { name: /^Normal · First response \(10 h\) met: \d+\. Show the tickets$/ }).click();
  const drill = page.getByRole('region', { name: /Tickets behind “Normal · First response \(10 h\) met”/ });
  await expect(drill.getByRole('link', { name: new RegExp(subject) })).toBeVisible();

  const csat = page.getByRole('region', { name: 'CSAT comments' });
  await expect(csat.getByText(comment)).toBeVisible();
  await csat.getByLabel('Rating').selectOption('good');
  await expect(csat.getByText(comment)).toHaveCount(0);
  await csat.getByLabel('Rating').selectOption('bad');
  await expect(csat.getByText(comment)).toBeVisible();

  const backlog = page.getByRole('region', { name: /^Backlog by day/ });
  await expect(backlog.getByRole('img', { name: 'Tickets created, resolved and open per day' })).toBeVisible();
  await backlog.getByRole('button', { name: 'Show the backlog as a table' }).click();
  await expect(
    backlog.getByRole('button', { name: /^Resolved \d{4}-\d{2}-\d{2}: [1-9]\d*\. Show the tickets$/ }).last(),
  ).toBeVisible();

  const kb = page.getByRole('region', { name: 'Knowledge base deflection' });
  await expect(kb.getByRole('rowheader', { name: missing })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    kb.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString();
  expect(csv).toContain(`empty_search,${missing},en,1`);

  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/inbox-reports-sections.png', fullPage: true });
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
