// Teams and routing from the inbox: an owner makes a team with an agent, a rule that sends a keyword to it, sees a
// widget ticket with that word land in the team's queue with its count, moves another ticket into the team from the
// ticket page, and limits a role to its agents' teams and one priority.
import { test, expect } from '../support/server.ts';
import { DESKTOP, ownTenant, PHONE, screenshot, seriousViolations, signIn, widgetTicket } from './inbox-support.ts';

test('an owner routes a keyword to a new team and works its queue', async ({ page, server }) => {
  const owner = await ownTenant(server.baseURL, 'teams');
  await signIn(page, owner);
  const headers = { origin: server.baseURL };
  const agent = await page.request.post('/api/v1/agents', {
    headers,
    data: { name: 'Bea Biller', email: `bea-${Date.now()}@example.com`, roleId: 'agent', password: 'bea password 1' },
  });
  expect(agent.status()).toBe(201);

  // Settings → Teams: create one with Bea, then rename it.
  await page.goto('/inbox/#/settings/teams');
  const create = page.getByRole('form', { name: 'New team' });
  await create.getByLabel('Team name').fill('Billing');
  await create.getByLabel('Bea Biller').check();
  await create.getByRole('button', { name: 'Create team' }).click();
  const list = page.getByRole('region', { name: 'Teams' });
  await expect(list.getByRole('status')).toContainText('Created the team Billing');
  await expect(list.locator('tbody tr')).toHaveCount(1);
  await expect(list.locator('tbody tr').first()).toContainText('Bea Biller');
  await expect(create.getByLabel('Team name')).toHaveValue('');
  await list.getByRole('button', { name: 'Edit Billing' }).click();
  const edit = list.getByRole('form', { name: 'Edit team Billing' });
  await edit.getByLabel('Team name').fill('Billing desk');
  await edit.getByRole('button', { name: 'Save team' }).click();
  await expect(list.getByRole('status')).toContainText('Saved the team Billing desk');
  await expect(list.getByRole('button', { name: 'Edit Billing desk' })).toBeFocused();
  // A second team of the same name is refused, said in words.
  await create.getByLabel('Team name').fill('billing desk');
  await create.getByRole('button', { name: 'Create team' }).click();
  await expect(create.getByRole('alert')).toContainText('exists');
  await screenshot(page, 'settings-teams');
  expect(await seriousViolations(page)).toEqual([]);

  // Settings → Routing: a rule sending "invoice" to the team.
  await page.goto('/inbox/#/settings/routing');
  const ruleForm = page.getByRole('form', { name: 'New routing rule' });
  await ruleForm.getByLabel('Rule name').fill('Invoices to billing');
  await ruleForm.getByLabel('Mentions any of these words').fill('invoice, charged twice');
  await ruleForm.getByLabel('Team').selectOption({ label: 'Billing desk' });
  await ruleForm.getByLabel('Priority').selectOption('high');
  await ruleForm.getByRole('button', { name: 'Add rule' }).click();
  const rules = page.getByRole('region', { name: 'Routing rules' });
  await expect(rules.getByRole('status')).toContainText('Added “Invoices to billing”');
  await expect(rules.locator('tbody tr').first()).toContainText('When mentions “invoice” or “charged twice”');
  await expect(rules.locator('tbody tr').first()).toContainText('Then team Billing desk; priority high');
  // A second rule, moved above the first, then disabled.
  await ruleForm.getByLabel('Rule name').fill('Everything else');
  await ruleForm.getByLabel('Add tags').fill('triage');
  await ruleForm.getByRole('button', { name: 'Add rule' }).click();
  await expect(rules.locator('tbody tr')).toHaveCount(2);
  await rules.getByRole('button', { name: 'Move Everything else up' }).click();
  await expect(rules.locator('tbody tr').first()).toContainText('Everything else');
  await rules.getByRole('button', { name: 'Disable Everything else' }).click();
  await expect(rules.locator('tbody tr').first()).toContainText('disabled');
  await screenshot(page, 'settings-routing');
  expect(await seriousViolations(page)).toEqual([]);
  const stored = (await (await page.request.get('/api/v1/routing-rules')).json()).data;
  expect(stored.map((r: { name: string; enabled: boolean }) => [r.name, r.enabled])).toEqual([
    ['Everything else', false],
    ['Invoices to billing', true],
  ]);

  // A visitor writes about an invoice through the widget: it lands in the team's queue.
  const { ticket } = await widgetTicket(server.baseURL, owner.tenant.widgetKey, {
    subject: 'Question about my invoice',
    message: 'The amount looks wrong.',
    email: 'vera@example.com',
    name: 'Vera',
  });
  const other = await page.request.post('/api/v1/tickets', {
    headers,
    data: { subject: 'Tent pole snapped', message: 'Need a new one.', requester: { email: 'tom@example.com' } },
  });
  expect(other.status()).toBe(201);
  await page.goto('/inbox/#/tickets');
  const teamQueues = page.getByRole('navigation', { name: 'Team queues' });
  const billingQueue = teamQueues.getByRole('button', { name: /Billing desk/ });
  await expect(billingQueue.locator('.count')).toHaveText('1');
  await expect(teamQueues.getByRole('button', { name: /No team/ }).locator('.count')).toHaveText('1');
  await billingQueue.click();
  await expect(billingQueue).toHaveAttribute('aria-pressed', 'true');
  const rows = page.getByRole('list', { name: 'Tickets' }).locator('.trow');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Question about my invoice');
  await expect(rows.first()).toContainText(/high/i);
  await expect(rows.first().locator('.trow-team')).toHaveText('Billing desk');
  await screenshot(page, 'queue-team');
  await screenshot(page, 'queue-team-phone', PHONE);
  await page.setViewportSize(DESKTOP);
  expect(await seriousViolations(page)).toEqual([]);

  // Another ticket moves into the team from its page; the count follows.
  await page.goto(`/inbox/#/tickets/${(await other.json()).id}`);
  const team = page.getByLabel('Team', { exact: true });
  await expect(team).toHaveValue('');
  await team.selectOption({ label: 'Billing desk' });
  await expect(page.getByRole('region', { name: 'Properties' }).getByRole('alert')).toHaveCount(0);
  await expect
    .poll(async () => (await (await page.request.get(`/api/v1/tickets/${(await other.json()).id}`)).json()).teamId)
    .toBe(stored[1].actions.teamId);
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText(
    'changed team from no team to Billing desk',
  );
  await screenshot(page, 'ticket-team');
  await page.goto('/inbox/#/tickets');
  await expect(billingQueue.locator('.count')).toHaveText('2');
  await billingQueue.click();
  await expect(rows).toHaveCount(2);

  // Both ticked and taken off the team in one go: the queue empties, "No team" counts them.
  await page.getByLabel('Select all 2 shown').check();
  await page.getByLabel('Team to set').selectOption('none');
  await page.getByRole('button', { name: 'Set team' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Took the team off 2 tickets' })).toBeVisible();
  await expect(teamQueues.getByRole('button', { name: /No team/ }).locator('.count')).toHaveText('2');
  await expect(billingQueue.locator('.count')).toHaveText('0');
  await expect(rows).toHaveCount(0);
  const after = await (await page.request.get(`/api/v1/tickets/${ticket.id}`)).json();
  expect(after.teamId).toBeNull();

  // Settings → Roles: a role limited to its agents' teams and high priority.
  await page.goto('/inbox/#/settings/roles');
  await page.getByRole('button', { name: 'New custom role' }).click();
  const roleForm = page.getByRole('form', { name: 'New custom role' });
  await roleForm.getByLabel('Role name').fill('Billing high');
  await roleForm.getByLabel('tickets: update').check();
  await roleForm.getByLabel("Only tickets of the agent's teams").check();
  await roleForm.getByLabel('Priority high').check();
  await roleForm.getByRole('button', { name: 'Save role' }).click();
  const roleRow = page.getByRole('region', { name: 'Roles' }).locator('tbody tr', { hasText: 'Billing high' });
  await expect(roleRow).toContainText("Only tickets of the agent's teams, of priority high");
  const roles = (await (await page.request.get('/api/v1/roles')).json()).data;
  expect(roles.find((r: { name: string }) => r.name === 'Billing high').conditions).toEqual({
    own: false,
    team: true,
    priorities: ['high'],
  });
  await screenshot(page, 'settings-roles-conditions');
});
