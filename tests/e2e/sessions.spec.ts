// Sessions in the inbox: one agent signed in on two browsers; from one, My account lists both and ends the other,
// whose next action lands on the sign-in page. Then the owner sees and ends an agent's session from Settings → Agents.
import { test, expect } from '../support/server.ts';
import { apiSession, createAgent, ownTenant, seriousViolations, signIn } from './inbox-support.ts';

test.describe.configure({ timeout: 60_000 });

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

test('My account lists both sessions and ends the other; the other browser lands on sign-in', async ({
  browser,
  server,
}) => {
  const owner = await ownTenant(server.baseURL, 'sessions');
  const laptop = await browser.newContext({ baseURL: server.baseURL, userAgent: FIREFOX });
  const desktop = await browser.newContext({ baseURL: server.baseURL, userAgent: SAFARI });
  const a = await laptop.newPage();
  const b = await desktop.newPage();
  await signIn(a, owner);
  await signIn(b, owner);

  await a.goto('/inbox/#/my-account');
  const card = a.getByRole('region', { name: 'Where you are signed in' });
  // the two browsers (and the session sign-up started, through the API)
  await expect(card.getByRole('row', { name: /Firefox on Linux/ })).toContainText('this device');
  const other = card.getByRole('row', { name: /Safari on macOS/ });
  await expect(other).toContainText('Password');
  expect(await seriousViolations(a)).toEqual([]);
  await other.getByRole('button', { name: /^End session: Safari on macOS/ }).click();
  await expect(card.getByRole('status')).toContainText('Signed out Safari on macOS');
  await expect(card.getByRole('row', { name: /Safari on macOS/ })).toHaveCount(0);

  // The other browser's next action finds its session gone.
  await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(b.getByRole('heading', { name: 'Sign in to your help desk' })).toBeVisible();
  await expect(b.getByText('Your session ended. Sign in again to continue.')).toBeVisible();

  // This one is still signed in; "Sign out everywhere else" ends the rest (the sign-up's session).
  await a.reload();
  await expect(a.getByRole('heading', { name: 'My account' })).toBeVisible();
  await card.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(card.getByRole('status')).toContainText('Signed out 1 other session.');
  await expect(card.getByRole('row')).toHaveCount(2); // header + this device
  await expect(card.getByRole('button', { name: 'Sign out everywhere else' })).toBeDisabled();
  await laptop.close();
  await desktop.close();
});

test("the owner sees an agent's sessions in Settings → Agents and ends them", async ({ page, server }) => {
  const owner = await ownTenant(server.baseURL, 'seeagents');
  const ownerApi = await apiSession(server.baseURL, owner);
  const ada = await createAgent(ownerApi, 'agent');
  const adaApi = await apiSession(server.baseURL, ada);
  expect((await adaApi.get('/api/v1/me')).status()).toBe(200);

  await signIn(page, owner);
  await page.goto('/inbox/#/settings/agents');
  const team = page.getByRole('region', { name: 'Team' });
  await team.getByRole('button', { name: 'Sessions of Agent Person' }).click();
  const sessions = page.getByRole('region', { name: 'Sessions of Agent Person' });
  await expect(sessions.getByRole('row')).toHaveCount(2);
  page.once('dialog', (d) => d.accept());
  await sessions.getByRole('button', { name: 'Sign Agent Person out everywhere' }).click();
  await expect(sessions.getByRole('status')).toContainText('Agent Person was signed out of 1 session.');
  await expect(sessions).toContainText('Agent Person is not signed in anywhere.');
  expect((await adaApi.get('/api/v1/me')).status()).toBe(401);
});
