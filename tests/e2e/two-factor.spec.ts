// Two-factor sign-in in the inbox: set up an authenticator app (the secret read from the page, codes computed here),
// sign in with password + code and with a recovery code; register a passkey with Chromium's virtual authenticator
// and sign in with it, with no password.
import { Secret, TOTP } from 'otpauth';
import type { Page } from '@playwright/test';
import { test, expect } from '../support/server.ts';
import { ownTenant } from './inbox-support.ts';

test.describe.configure({ timeout: 90_000 });

const codeOf = (secret: string, at = Date.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at });

async function passwordStep(page: Page, creds: { email: string; password: string }) {
  await page.goto('/inbox/');
  await page.getByLabel('Email').fill(creds.email);
  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function signOut(page: Page) {
  await page.locator('.agent-menu button').first().click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
}

test('an agent sets up an authenticator app, then signs in with a code and with a recovery code', async ({
  page,
  server,
}) => {
  const owner = await ownTenant(server.baseURL, 'totp');
  await passwordStep(page, owner);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.goto('/inbox/#/my-account');
  const card = page.getByRole('region', { name: 'Two-factor sign-in' });
  await card.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(card.getByRole('img', { name: 'QR code of the secret' })).toBeVisible();
  const secret = (await card.getByTestId('totp-secret').textContent())!;
  await card.getByLabel('Code from the app').fill(codeOf(secret));
  await card.getByRole('button', { name: 'Verify and turn on' }).click();
  const codeItems = card.getByRole('list', { name: 'Recovery codes' }).locator('code');
  // allTextContents() does not wait: read the codes only once the list has rendered.
  await expect(codeItems).toHaveCount(10);
  const codes = await codeItems.allTextContents();
  await expect(card).toContainText('Authenticator app: on');

  await signOut(page);
  await passwordStep(page, owner);
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  // The enrolment code's time step was used; wait for the next one.
  const next = Math.ceil(Date.now() / 30_000) * 30_000 + 500;
  await page.waitForTimeout(next - Date.now());
  await page.getByLabel('Code from your authenticator app').fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('not correct');
  await page.getByLabel('Code from your authenticator app').fill(codeOf(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  await signOut(page);
  await passwordStep(page, owner);
  await page.getByRole('button', { name: 'Use a recovery code' }).click();
  await page.getByLabel('Recovery code').fill(codes[0]);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.goto('/inbox/#/my-account');
  await expect(page.getByRole('region', { name: 'Two-factor sign-in' })).toContainText('Recovery codes left: 9');
});

test('an agent registers a passkey and signs in with it, without a password', async ({ page, server }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  const owner = await ownTenant(server.baseURL, 'passkey');
  await passwordStep(page, owner);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.goto('/inbox/#/my-account');
  const card = page.getByRole('region', { name: 'Two-factor sign-in' });
  await card.getByLabel('Passkey name').fill('Test laptop');
  await card.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(card.getByText('Passkey added.')).toBeVisible();
  await expect(card.getByRole('list', { name: 'Your passkeys' })).toContainText('Test laptop');

  await signOut(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  // The passkey is also the second step after a password.
  await signOut(page);
  await passwordStep(page, owner);
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});
