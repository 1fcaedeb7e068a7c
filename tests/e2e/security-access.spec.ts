// Settings → Security → IP allowlists and SCIM: the owner sees their current address, cannot save a list that locks
// them out (said beside the field), saves one that holds it; on the enterprise plan makes a SCIM token shown once.
import { test, expect } from '../support/server.ts';
import { ownTenant, seriousViolations, signIn } from './inbox-support.ts';
import { PLATFORM_TOKEN } from '../support/server.ts';

test.describe.configure({ timeout: 60_000 });

test('the owner edits the IP allowlists without locking themself out, and makes a SCIM token', async ({
  page,
  server,
}) => {
  const owner = await ownTenant(server.baseURL, 'access');
  await signIn(page, owner);
  await page.goto('/inbox/#/settings/security');
  const form = page.getByRole('form', { name: 'IP allowlists' });
  await expect(form).toContainText('Your current address is 127.0.0.1');
  const agents = form.getByLabel('Agents may sign in and work only from (one range per line)');
  await agents.fill('10.0.0.0/8');
  await form.getByRole('button', { name: 'Save allowlists' }).click();
  await expect(agents).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('would lock you out: your current address 127.0.0.1 is not in the list');
  await agents.fill('999.0.0.0/8');
  await form.getByRole('button', { name: 'Save allowlists' }).click();
  await expect(form).toContainText('Agent allowlist, entry 1, "999.0.0.0/8" is not a CIDR range');
  await agents.fill('10.0.0.0/8\n127.0.0.1');
  await form.getByRole('button', { name: 'Save allowlists' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'IP allowlists saved.' })).toBeVisible();
  await expect(agents).toHaveValue('10.0.0.0/8\n127.0.0.1/32');
  // still signed in and working
  await page.reload();
  await expect(page.getByRole('form', { name: 'IP allowlists' })).toBeVisible();

  const scim = page.getByRole('region', { name: 'SCIM provisioning' });
  await expect(scim).toContainText('included in the enterprise plan');
  const up = await fetch(`${server.baseURL}/api/v1/tenants/${owner.tenant.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${PLATFORM_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subscription: { plan: 'enterprise' } }),
  });
  expect(up.status).toBe(200);
  await page.reload();
  await expect(scim).toContainText(`${server.baseURL}/scim/v2`);
  await scim.getByRole('button', { name: 'Create token' }).click();
  const token = (await scim.getByLabel('New SCIM token').textContent())!;
  expect(token).toMatch(/^hd_scim_/);
  const users = await fetch(`${server.baseURL}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } });
  expect(users.status).toBe(200);
  expect((await users.json()).totalResults).toBe(1);
  await expect(scim.getByRole('button', { name: 'Rotate token' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('security-access.png'), fullPage: true });
});
