// Signing in and out of the inbox: labelled fields, a clear failure that keeps the input, sessions that survive reloads.
import { test, expect, DEMO_LOGIN } from '../support/server.ts';
import { signIn } from './inbox-support.ts';

test('a wrong password says so and keeps the email typed', async ({ page }) => {
  await page.goto('/inbox/');
  await page.getByLabel('Email').fill(DEMO_LOGIN.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page.getByLabel('Email')).toHaveValue(DEMO_LOGIN.email);
});

test('an agent signs in, stays signed in across a reload, and signs out', async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveCount(0);
  await page.getByRole('button', { name: /Dana Demo/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Password')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Password')).toBeVisible();
});

test('the inbox page is served with a strict Content-Security-Policy', async ({ request }) => {
  const res = await request.get('/inbox/');
  expect(res.status()).toBe(200);
  const csp = res.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect((await request.get('/inbox/tickets/anything')).status()).toBe(200);
});
