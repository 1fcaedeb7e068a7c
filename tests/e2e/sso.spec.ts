// Single sign-on in the browser: an agent types their work email, chooses "Sign in with SSO", signs in on a real
// OpenID provider's own login and consent pages (oidc-provider on loopback) and lands in the inbox as a new agent.
import { request as apiRequest } from '@playwright/test';
import { test, expect, PLATFORM_TOKEN } from '../support/server.ts';
import { startOidcProvider, type TestOidcProvider } from '../../server/test-support/oidc-provider.ts';
import { seriousViolations, signIn } from './inbox-support.ts';

let idp: TestOidcProvider | null = null;
test.afterEach(async () => {
  await idp?.stop();
  idp = null;
});

/** A new enterprise account whose SSO (the test provider) owns `domain`. */
async function ssoAccount(
  baseURL: string,
  domain: string,
  issuer: { issuer: string; clientId: string; clientSecret: string },
) {
  const owner = await apiRequest.newContext({ baseURL });
  const signup = await owner.post('/api/v1/signup', {
    data: { tenantName: 'SSO Co', name: 'Olive Owner', email: `olive@${domain}`, password: 'correct horse battery' },
  });
  expect(signup.status()).toBe(201);
  const tenantId = (await signup.json()).tenant.id;
  const upgrade = await owner.patch(`/api/v1/tenants/${tenantId}`, {
    headers: { authorization: `Bearer ${PLATFORM_TOKEN}`, cookie: '' },
    data: { subscription: { plan: 'enterprise' } },
  });
  expect(upgrade.status()).toBe(200);
  const put = await owner.put('/api/v1/sso', {
    data: {
      protocol: 'oidc',
      issuer: issuer.issuer,
      clientId: issuer.clientId,
      clientSecret: issuer.clientSecret,
      domains: [domain],
    },
  });
  expect(put.status(), await put.text()).toBe(200);
  await owner.dispose();
}

test('an agent signs in through the OpenID provider’s login page into the inbox', async ({ page, server }) => {
  idp = await startOidcProvider({ redirectUris: [`${server.baseURL}/api/v1/auth/sso/oidc/callback`] });
  const domain = `sso-${Date.now()}.test`;
  await ssoAccount(server.baseURL, domain, idp);
  idp.accounts.set('sam', { email: `sam@${domain}`, email_verified: true, name: 'Sam Single' });

  await page.goto('/inbox/');
  await page.getByLabel('Email').fill(`sam@${domain}`);
  await page.getByRole('button', { name: 'Sign in with SSO' }).click();

  // The provider's own pages: its dev login form, then consent.
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill('sam');
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(`${server.baseURL}/inbox/`);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Sam Single/ })).toBeVisible();
});

test('a domain without single sign-on says so; a refused SSO answer is explained on the sign-in page', async ({
  page,
}) => {
  await page.goto('/inbox/');
  await page.getByLabel('Email').fill('someone@no-sso.test');
  await page.getByRole('button', { name: 'Sign in with SSO' }).click();
  await expect(page.getByRole('status')).toHaveText(/no single sign-on for no-sso\.test/);

  // The callback without this browser's state (a forged or replayed answer) lands back here, explained.
  await page.goto('/api/v1/auth/sso/oidc/callback?code=forged&state=forged');
  await expect(page).toHaveURL(/\/inbox\/#\/\?ssoError=sso_state$/);
  await expect(page.getByRole('alert')).toHaveText(/expired or was already used/);
  expect(await seriousViolations(page)).toEqual([]);
});

test('the owner sets up OIDC in Settings → Security, copying the redirect URI shown there', async ({
  page,
  server,
}) => {
  idp = await startOidcProvider({ redirectUris: [`${server.baseURL}/api/v1/auth/sso/oidc/callback`] });
  const domain = `settings-${Date.now()}.test`;
  const api = await apiRequest.newContext({ baseURL: server.baseURL });
  const signup = await api.post('/api/v1/signup', {
    data: { tenantName: 'Setup Co', name: 'Sue Setup', email: `sue@${domain}`, password: 'correct horse battery' },
  });
  const tenantId = (await signup.json()).tenant.id;
  await signIn(page, { email: `sue@${domain}`, password: 'correct horse battery' });
  await page.goto('/inbox/#/settings/security');
  // Not enterprise yet: the plan says so.
  await expect(
    page.getByText(/included in the enterprise plan; this account is on the professional plan/),
  ).toBeVisible();
  const upgrade = await api.patch(`/api/v1/tenants/${tenantId}`, {
    headers: { authorization: `Bearer ${PLATFORM_TOKEN}`, cookie: '' },
    data: { subscription: { plan: 'enterprise' } },
  });
  expect(upgrade.status()).toBe(200);
  await api.dispose();
  await page.reload();
  await expect(page.getByLabel('Redirect URI (register it at your provider)')).toHaveValue(
    `${server.baseURL}/api/v1/auth/sso/oidc/callback`,
  );
  await page.getByLabel('Issuer URL').fill(idp.issuer);
  await page.getByLabel('Client ID').fill(idp.clientId);
  await page.getByLabel('Client secret').fill(idp.clientSecret);
  await page.getByLabel('Email domains').fill(domain);
  await page.getByRole('button', { name: 'Save single sign-on' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Single sign-on saved' })).toBeVisible();
  await expect(page.getByLabel('Client secret')).toHaveAttribute('placeholder', /Saved/);
  // SAML shows the ACS URL and the SP metadata link instead.
  await page.getByLabel('SAML 2.0').check();
  await expect(page.getByLabel('ACS URL (HTTP-POST; register it at your provider)')).toHaveValue(
    `${server.baseURL}/api/v1/auth/sso/saml/${tenantId}/acs`,
  );
  await expect(page.getByRole('link', { name: 'Download service-provider metadata' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
