// Account gaps: a forgotten password (the owner's reset link, opened in another browser), sign-up from the sign-in
// page, and changing your own password on My account.
import { test, expect } from '../support/server.ts';
import { apiSession, createAgent, ownTenant, seriousViolations, signIn, unique } from './inbox-support.ts';

// Every test here hashes several passwords (scrypt), slow on a busy machine.
test.describe.configure({ timeout: 60_000 });

/** The link as a path on this server (the same server made it, with its PUBLIC_URL). */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.hash}`;
};

test('an owner makes a reset link; in a fresh browser it sets a new password and lands in the inbox', async ({
  page,
  browser,
  server,
  request,
}) => {
  const owner = await ownTenant(server.baseURL, 'reset');
  const ownerApi = await apiSession(server.baseURL, owner);
  const ada = await createAgent(ownerApi, 'agent');
  const adaElsewhere = await apiSession(server.baseURL, ada);

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, owner);
  await page.goto('/inbox/#/settings/agents');
  const team = page.getByRole('region', { name: 'Team' });
  // an owner does not reset themself here (that is My account)
  await expect(team.getByRole('button', { name: 'Reset password of Reset Owner' })).toHaveCount(0);
  await team.getByRole('button', { name: 'Reset password of Agent Person' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Password reset link for' });
  await expect(notice).toContainText(`Password reset link for ${ada.email} (shown only now)`);
  const link = (await notice.locator('code').textContent())!;
  expect(link).toMatch(/\/inbox\/#\/reset-password\?token=\w{40}$/);
  await notice.getByRole('button', { name: 'Copy link' }).click();
  await expect(notice).toContainText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: '/tmp/account-reset-link.png', fullPage: true });

  // Ada, on her own computer: no session, just the link.
  const fresh = await browser.newContext({ baseURL: server.baseURL });
  const adaPage = await fresh.newPage();
  await adaPage.goto(pathOf(link));
  await expect(adaPage.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await adaPage.getByLabel('New password', { exact: true }).fill('password123');
  await adaPage.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(adaPage.locator('#reset-password-error')).toContainText('New password is one of the most commonly');
  await expect(adaPage.getByLabel('New password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await adaPage.screenshot({ path: '/tmp/account-reset-weak.png' });
  await adaPage.getByLabel('New password', { exact: true }).fill('sea shells by the shore');
  await adaPage.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(adaPage.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(adaPage.getByRole('heading', { name: 'Tickets' })).toBeVisible();
  await adaPage.screenshot({ path: '/tmp/account-reset-landed.png' });

  // Her old session elsewhere ended; the link is spent; the new password signs in.
  expect((await adaElsewhere.get('/api/v1/me')).status()).toBe(401);
  const token = new URL(link.replace('#/', '')).searchParams.get('token');
  const reused = await request.post('/api/v1/auth/reset-password', {
    data: { token, password: 'another long passphrase' },
  });
  expect(reused.status()).toBe(400);
  const login = await request.post('/api/v1/auth/login', {
    data: { email: ada.email, password: 'sea shells by the shore' },
  });
  expect(login.status()).toBe(200);

  await Promise.all([fresh.close(), ownerApi.dispose(), adaElsewhere.dispose()]);
});

test('a spent reset link says so plainly and offers no way to try again', async ({ page, server, request }) => {
  const owner = await ownTenant(server.baseURL, 'spent');
  const ownerApi = await apiSession(server.baseURL, owner);
  const ada = await createAgent(ownerApi, 'agent');
  const made = await ownerApi.post(`/api/v1/agents/${ada.id}/password-reset`);
  expect(made.status()).toBe(201);
  const link = (await made.json()).url as string;
  const token = new URL(link.replace('#/', '')).searchParams.get('token');
  const used = await request.post('/api/v1/auth/reset-password', {
    data: { token, password: 'a first new passphrase' },
  });
  expect(used.status()).toBe(200);

  await page.goto(pathOf(link));
  await page.getByLabel('New password', { exact: true }).fill('yet another passphrase');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('invalid, already used or expired');
  await expect(page.getByRole('alert')).toContainText('Ask the account owner for a new one');
  await expect(page.getByRole('button', { name: 'Set password and sign in' })).toBeDisabled();
  await page.screenshot({ path: '/tmp/account-reset-spent.png' });
  await ownerApi.dispose();
});

test('the sign-in page says how to get a forgotten password reset, and signs up a new help desk', async ({ page }) => {
  await page.goto('/inbox/');
  await expect(page.getByRole('heading', { name: 'Sign in to your help desk' })).toBeVisible();
  // a first visit is not told that a session ended
  await expect(page.getByText('Your session ended')).toHaveCount(0);
  const forgot = page.getByRole('button', { name: 'Forgot password?' });
  await expect(forgot).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByText('Settings → Agents → Reset password')).toBeHidden();
  await forgot.click();
  await expect(forgot).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#forgot-help')).toContainText(
    'Ask the owner of your help desk account for a password reset link',
  );
  await expect(page.getByText('Settings → Agents → Reset password')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: '/tmp/account-forgot.png' });

  await page.getByRole('link', { name: 'Create a help desk' }).click();
  await expect(page.getByRole('heading', { name: 'Create your help desk' })).toBeVisible();
  const tenantName = unique('Signup Co');
  await page.getByLabel('Help desk name').fill(tenantName);
  await page.getByLabel('Your name').fill('Sam Signup');
  await page.getByLabel('Email').fill('demo@helpdesk.local');
  await page.getByLabel('Password').fill('abcabcabcabc');
  await page.getByRole('button', { name: 'Create help desk' }).click();
  // the password is refused beside its field; the form keeps what was typed
  await expect(page.locator('#signup-password-error')).toHaveText(/^Password is too repetitive/);
  await expect(page.getByRole('alert')).toContainText('Please check the fields marked below');
  await expect(page.getByLabel('Help desk name')).toHaveValue(tenantName);
  await page.screenshot({ path: '/tmp/account-signup-errors.png' });

  await page.getByLabel('Password').fill('a calm blue lake at dawn');
  await page.getByRole('button', { name: 'Create help desk' }).click();
  // the email is taken: said beside the email field, and the password error is gone
  await expect(page.locator('#signup-email-error')).toContainText('already');
  await expect(page.locator('#signup-password-error')).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);

  const email = `${unique('sam').replace(/\W+/g, '-')}@example.com`;
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Create help desk' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.locator('.brand')).toHaveText(tenantName);
  await expect(page.locator('.agent-button')).toContainText('Sam Signup');
  await expect(page.getByRole('link', { name: 'Account', exact: true })).toBeVisible();
  await page.screenshot({ path: '/tmp/account-signup-landed.png' });
});

test('an agent changes their password on My account; a wrong current one is said beside it', async ({
  page,
  server,
  request,
}) => {
  const owner = await ownTenant(server.baseURL, 'change');
  const ownerApi = await apiSession(server.baseURL, owner);
  const ada = await createAgent(ownerApi, 'agent');
  const phone = await apiSession(server.baseURL, ada);
  await signIn(page, ada);
  await page.locator('.agent-button').click();
  await page.getByRole('link', { name: 'My account', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Signed in as' })).toContainText(ada.email);

  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password', { exact: true }).fill('rivers run to the sea');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#pw-current-error')).toHaveText('Current password is not correct');
  await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: '/tmp/account-change-wrong.png', fullPage: true });
  expect((await phone.get('/api/v1/me')).status()).toBe(200);

  await page.getByLabel('Current password').fill(ada.password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password was changed' })).toBeVisible();
  await expect(page.getByLabel('Current password')).toHaveValue('');
  await page.screenshot({ path: '/tmp/account-change-done.png', fullPage: true });

  // this browser stays signed in; the phone is signed out; the new password works
  await page.reload();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  expect((await phone.get('/api/v1/me')).status()).toBe(401);
  const login = await request.post('/api/v1/auth/login', {
    data: { email: ada.email, password: 'rivers run to the sea' },
  });
  expect(login.status()).toBe(200);

  // On a narrow screen the name at the top right gives way to a "My account" entry in the navigation.
  await page.setViewportSize({ width: 390, height: 844 });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'My account', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /^My account: / })).toBeHidden();
  await page.screenshot({ path: '/tmp/account-phone.png' });
  await Promise.all([ownerApi.dispose(), phone.dispose()]);
});
