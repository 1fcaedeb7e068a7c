// Agents: resend and revoke an invitation, deactivate and reactivate, and remove someone, all from Settings → Agents.
import { test, expect } from '../support/server.ts';
import { apiSession, ownTenant, screenshot, seriousViolations, signIn } from './inbox-support.ts';

const tokenOf = (url: string) => new URL(url.replace('#/', '')).searchParams.get('token')!;

test('an owner resends and revokes an invitation, deactivates, reactivates and removes an agent', async ({
  page,
  server,
  request,
}) => {
  const owner = await ownTenant(server.baseURL, 'team');
  const ownerApi = await apiSession(server.baseURL, owner);
  const ada = { email: `ada-${owner.tenant.id.slice(-6).toLowerCase()}@example.com`, password: 'ada password 1' };
  const made = await ownerApi.post('/api/v1/agents', { data: { name: 'Ada Agent', ...ada, roleId: 'agent' } });
  expect(made.status()).toBe(201);
  const adaId = (await made.json()).id;
  const accept = (token: string) =>
    request.post('/api/v1/auth/accept-invite', { data: { token, password: 'ivy password 1' } });
  const login = (creds: { email: string; password: string }) => request.post('/api/v1/auth/login', { data: creds });

  await signIn(page, owner);
  await page.goto('/inbox/#/settings/agents');
  await page.getByLabel('Name', { exact: true }).fill('Ivy Invitee');
  await page.getByLabel('Email', { exact: true }).fill(`ivy-${owner.tenant.id.slice(-6).toLowerCase()}@example.com`);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  const firstLink = (await page
    .getByRole('status')
    .filter({ hasText: 'created. Send them this link' })
    .locator('code')
    .textContent())!;
  expect(firstLink).toContain('/inbox/#/accept-invite?token=');

  const team = page.getByRole('region', { name: 'Team' });
  await team.getByRole('button', { name: 'Resend invitation to Ivy Invitee' }).click();
  const resent = (await page
    .getByRole('status')
    .filter({ hasText: 'New invitation link' })
    .locator('code')
    .textContent())!;
  expect(tokenOf(resent)).not.toBe(tokenOf(firstLink));
  // only the link that works is on screen
  await expect(page.getByText(firstLink)).toHaveCount(0);
  expect((await accept(tokenOf(firstLink))).status()).toBe(401);

  page.once('dialog', (d) => d.accept());
  await team.getByRole('button', { name: 'Revoke invitation of Ivy Invitee' }).click();
  await expect(team.getByRole('status')).toContainText('revoked');
  await expect(team.getByRole('row', { name: /Ivy Invitee/ })).toHaveCount(0);
  await expect(page.getByText(resent)).toHaveCount(0);
  expect((await accept(tokenOf(resent))).status()).toBe(401);

  // Deactivate: Ada cannot sign in; reactivate: she can again.
  const adaRow = team.getByRole('row', { name: /Ada Agent/ });
  await adaRow.getByRole('button', { name: 'Deactivate Ada Agent' }).click();
  await expect(adaRow).toContainText('deactivated');
  expect((await login(ada)).status()).toBe(401);
  await adaRow.getByRole('button', { name: 'Reactivate Ada Agent' }).click();
  await expect(adaRow).toContainText('active');
  expect((await login(ada)).status()).toBe(200);

  // An open ticket in her name blocks removal, with the reason; once resolved she can go.
  const ticket = await ownerApi.post('/api/v1/tickets', {
    data: { subject: 'Pole', message: 'Snapped', requester: { email: 'c@example.com' }, assigneeId: adaId },
  });
  page.once('dialog', (d) => d.accept());
  await adaRow.getByRole('button', { name: 'Remove Ada Agent' }).click();
  await expect(adaRow.getByRole('alert')).toContainText('reassign it first');
  await ownerApi.patch(`/api/v1/tickets/${(await ticket.json()).id}`, { data: { status: 'resolved' } });

  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'agents-desktop');

  page.once('dialog', (d) => d.accept());
  await adaRow.getByRole('button', { name: 'Remove Ada Agent' }).click();
  await expect(team.getByRole('status')).toContainText('Ada Agent was removed');
  await page.reload();
  await expect(team.getByRole('row', { name: /Ada Agent/ })).toHaveCount(0);
  expect((await ownerApi.get(`/api/v1/agents/${adaId}`)).status()).toBe(404);
  expect((await login(ada)).status()).toBe(401);
  // The owner is offered no way to remove themself.
  await expect(team.getByRole('row', { name: /\(you\)/ }).getByRole('button')).toHaveCount(0);
  await ownerApi.dispose();
});
