// A suspended account: the owner sees why, sees the account, exports and signs out; other agents are told, not "offline".
import { test, expect } from '../support/server.ts';
import { PLATFORM_TOKEN } from '../support/server.ts';
import { apiSession, screenshot, seriousViolations, signIn, unique } from './inbox-support.ts';

test('a suspended owner gets a clear banner, plan info and exports; an agent is told the account is suspended', async ({
  page,
  server,
  request,
}) => {
  const platform = { authorization: `Bearer ${PLATFORM_TOKEN}` };
  const slug = unique('susp').replace(/\W+/g, '-');
  const owner = { email: `${slug}-owner@example.com`, password: 'suspended owner 1' };
  const made = await request.post('/api/v1/tenants', {
    headers: platform,
    data: { name: 'Paused Co', plan: 'starter', owner: { name: 'Pat Paused', ...owner } },
  });
  expect(made.status(), await made.text()).toBe(201);
  const tenantId = (await made.json()).tenant.id;
  const ownerApi = await apiSession(server.baseURL, owner);
  const agent = { email: `${slug}-agent@example.com`, password: 'suspended agent 1' };
  expect(
    (await ownerApi.post('/api/v1/agents', { data: { name: 'Sam Agent', ...agent, roleId: 'agent' } })).status(),
  ).toBe(201);
  expect(
    (
      await ownerApi.post('/api/v1/tickets', {
        data: { subject: 'Before the pause', message: 'Hello', requester: { email: 'early@example.com' } },
      })
    ).status(),
  ).toBe(201);
  await ownerApi.dispose();
  expect((await request.post(`/api/v1/tenants/${tenantId}/suspend`, { headers: platform })).status()).toBe(200);

  try {
    await signIn(page, owner);
    await expect(page.getByRole('region', { name: 'This account is suspended.' })).toContainText(
      'contact the operator',
    );
    await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
    await expect(page.getByText('Offline')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Account suspended' })).toBeVisible();
    const plan = page.getByRole('region', { name: 'Plan' });
    await expect(plan).toContainText('Starter');
    await expect(plan).toContainText('suspended');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'suspended-owner-desktop');

    // The exports are real downloads of the tenant's data.
    const link = page.getByRole('link', { name: 'Export tickets (CSV)' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^tickets-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await (await page.request.get((await link.getAttribute('href'))!)).text();
    expect(csv).toContain('Before the pause');
    const customers = await page.request.get(
      (await page.getByRole('link', { name: 'Export customers (JSON)' }).getAttribute('href'))!,
    );
    expect(customers.status()).toBe(200);
    expect(JSON.stringify(await customers.json())).toContain('early@example.com');

    // Nothing else answers while suspended, so nothing else is offered: even a typed address shows the account.
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Account']);
    await page.goto('/inbox/#/tickets');
    await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);

    await page.getByRole('main').getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByLabel('Password')).toBeVisible();

    // An agent of the suspended account is told why, instead of a generic failure.
    await page.getByLabel('Email').fill(agent.email);
    await page.getByLabel('Password').fill(agent.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText(/suspended/i);
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  } finally {
    await request.post(`/api/v1/tenants/${tenantId}/reactivate`, { headers: platform });
  }
  // Reactivated: no banner, the queue again. (The agent's sign-in above may have left a session behind.)
  await page.context().clearCookies();
  await signIn(page, owner);
  await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
  await expect(page.getByRole('region', { name: /This account is/ })).toHaveCount(0);
});
