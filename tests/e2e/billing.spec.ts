// Settings → Plan & billing: with Stripe on (a local fake Stripe) the owner of a trial sees plan, state and usage,
// previews and makes a plan and cycle change, cancels at period end and takes it back, and is sent to Checkout;
// with billing off the tab says the operator sets plans; other roles have no such tab.
import Stripe from 'stripe';
import { test, expect, startServer, type RunningServer } from '../support/server.ts';
import { startStripeFake, type StripeFake } from '../../server/test-support/stripe-fake.ts';
import { apiSession, createAgent, ownTenant, screenshot, seriousViolations, signIn } from './inbox-support.ts';

const WEBHOOK_SECRET = 'whsec_e2e';
const signer = new Stripe('sk_test_signer');
const PRICES = {
  starter: { monthly: 'price_starter_m', yearly: 'price_starter_y' },
  professional: { monthly: 'price_pro_m', yearly: 'price_pro_y' },
  tickets: 'price_tickets',
};

/** A server of its own with Stripe switched on against the fake, shared by the tests of one worker. */
const withStripe = test.extend<object, { stripe: { fake: StripeFake; server: RunningServer } }>({
  stripe: [
    async ({}, use) => {
      const fake = await startStripeFake();
      const server = await startServer({
        STRIPE_SECRET_KEY: 'sk_test_fake',
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_PRICES: JSON.stringify(PRICES),
        STRIPE_API_BASE: fake.url,
      });
      await use({ fake, server });
      await server.stop();
      await fake.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ stripe }, use) => use(stripe.server.baseURL),
});

withStripe.describe('with Stripe on', () => {
  withStripe(
    'the owner of a trial changes plan and cycle after a preview, cancels and resumes, and goes to Checkout',
    async ({ page, stripe: { fake, server } }) => {
      const owner = await ownTenant(server.baseURL, 'billing');
      await signIn(page, owner);
      await page.goto('/inbox/#/settings/billing');
      const plan = page.getByRole('region', { name: /Professional plan/ });
      await expect(plan).toContainText('Trial');
      await expect(plan).toContainText('The trial ends on');
      const usage = page.getByRole('region', { name: 'Usage this period' });
      await expect(usage.getByRole('meter', { name: 'Tickets' })).toBeVisible();
      await expect(usage).toContainText('0 of 5,000');

      const change = page.getByRole('form', { name: 'Change plan' });
      await expect(change.getByRole('button', { name: 'Confirm change' })).toBeDisabled();
      await change.getByLabel(/Starter/).check();
      await expect(change.locator('.plan-preview')).toContainText('Starter, billed monthly.');
      await expect(change.locator('.plan-preview')).toContainText('Due now: $0.00.');
      await screenshot(page, 'billing-preview');
      await change.getByRole('button', { name: 'Confirm change' }).click();
      await expect(page.getByText('Your plan is now Starter, billed monthly.')).toBeVisible();
      await expect(page.getByRole('region', { name: /Starter plan/ })).toBeVisible();
      await expect(usage).toContainText('0 of 1,000');

      await change.getByLabel(/Yearly/).check();
      await expect(change.locator('.plan-preview')).toContainText('Starter, billed yearly.');
      await change.getByRole('button', { name: 'Confirm change' }).click();
      await expect(page.getByText('Your plan is now Starter, billed yearly.')).toBeVisible();
      await expect(page.getByRole('region', { name: /Starter plan/ })).toContainText('Yearly');

      page.once('dialog', (d) => d.accept());
      await page.getByRole('button', { name: 'Cancel at period end' }).click();
      await expect(page.getByText('Cancelled: the subscription ends on')).toBeVisible();
      await page.getByRole('button', { name: 'Resume subscription' }).click();
      await expect(page.getByText('The cancellation is withdrawn')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Cancel at period end' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'billing-stripe-on');

      await page.route('https://checkout.stripe.test/**', (r) =>
        r.fulfill({ contentType: 'text/html', body: '<title>Stripe Checkout</title><h1>Checkout</h1>' }),
      );
      await change.getByRole('button', { name: 'Pay with Checkout' }).click();
      await page.waitForURL(/checkout\.stripe\.test/);
      expect(
        fake.calls.some(
          (c) => c.path === '/v1/checkout/sessions' && c.params['line_items[0][price]'] === 'price_starter_y',
        ),
      ).toBe(true);

      // Stripe answers the Checkout as a paid subscription: the owner is back with the portal and the invoices.
      const customer = fake.calls.find((c) => c.path === '/v1/checkout/sessions')!.params.customer!;
      const now = Math.floor(Date.now() / 1000);
      const paid = fake.addSubscription({ customer, price: PRICES.starter.yearly, start: now, end: now + 365 * 86400 });
      const payload = JSON.stringify({
        id: `evt_checkout_${customer}`,
        object: 'event',
        api_version: '2026-10-28.endive',
        livemode: false,
        type: 'checkout.session.completed',
        created: now,
        data: { object: { id: 'cs_e2e', object: 'checkout.session', customer, subscription: paid.id } },
      });
      const hook = await fetch(`${server.baseURL}/api/v1/billing/stripe/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
        },
        body: payload,
      });
      expect(hook.status, await hook.text()).toBe(200);
      await page.goto(`${server.baseURL}/inbox/#/settings/billing`);
      await expect(page.getByRole('region', { name: /Starter plan/ })).toContainText('Active');
      const invoices = page.getByRole('region', { name: 'Invoices' });
      await expect(invoices.getByRole('row', { name: /HD-0001/ })).toContainText('$79.00');
      await expect(page.getByRole('button', { name: 'Pay with Checkout' })).toHaveCount(0);
      await screenshot(page, 'billing-subscribed');
      await page.route('https://billing.stripe.test/**', (r) =>
        r.fulfill({ contentType: 'text/html', body: '<title>Stripe portal</title><h1>Portal</h1>' }),
      );
      await page.getByRole('button', { name: 'Manage billing' }).click();
      await page.waitForURL(/billing\.stripe\.test/);
    },
  );
});

withStripe.describe('an account billing closed', () => {
  withStripe(
    'tells its owner to pay and leads to Plan & billing on the Account page; other agents are sent to the owner',
    async ({ page, stripe: { fake, server } }) => {
      const owner = await ownTenant(server.baseURL, 'billclosed');
      const ownerApi = await apiSession(server.baseURL, owner);
      const agent = await createAgent(ownerApi, 'agent');
      expect((await ownerApi.post('/api/v1/billing/checkout?plan=starter&cycle=monthly')).status()).toBe(200);
      await ownerApi.dispose();
      const customer = fake.calls.filter((c) => c.path === '/v1/checkout/sessions').at(-1)!.params.customer!;
      const now = Math.floor(Date.now() / 1000);
      const sub = fake.addSubscription({ customer, price: PRICES.starter.monthly, start: now, end: now + 30 * 86400 });
      const send = async (id: string, type: string, created: number, object: Record<string, unknown>) => {
        const payload = JSON.stringify({
          id,
          object: 'event',
          api_version: '2026-10-28.endive',
          livemode: false,
          type,
          created,
          data: { object },
        });
        const hook = await fetch(`${server.baseURL}/api/v1/billing/stripe/webhook`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
          },
          body: payload,
        });
        expect(hook.status, await hook.text()).toBe(200);
      };
      await send(`evt_co_${customer}`, 'checkout.session.completed', now, {
        id: 'cs_closed',
        object: 'checkout.session',
        customer,
        subscription: sub.id,
      });
      // Stripe ends the subscription (the payments failed for good): billing cancels the account.
      await send(`evt_del_${customer}`, 'customer.subscription.deleted', now + 1, {
        ...sub,
        status: 'canceled',
      });

      await signIn(page, owner);
      const banner = page.getByRole('region', { name: 'This account is cancelled.' });
      await expect(banner).toContainText('As the owner you can open it again');
      await expect(banner).not.toContainText('contact the operator');
      await banner.getByRole('link', { name: 'Pay now' }).click();
      await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Plan & billing' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Pay with Checkout' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'billing-closed-owner');

      // Other agents cannot sign in to a closed account at all: the sign-in page sends them to the owner.
      await page.context().clearCookies();
      await page.goto('/inbox/');
      await page.reload();
      await page.getByLabel('Email').fill(agent.email);
      await page.getByLabel('Password').fill(agent.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByRole('alert')).toContainText('Only its owner can still sign in');
    },
  );
});

test('with billing off the owner sees plan and usage read-only; an admin has no billing tab', async ({
  page,
  server,
}) => {
  await signIn(page);
  await page.goto('/inbox/#/settings/billing');
  await expect(page.getByText('plans are set by the platform operator')).toBeVisible();
  // The demo tenant is on enterprise: every figure is unlimited, so there is no bar to draw.
  await expect(page.getByRole('region', { name: 'Usage this period' })).toContainText('Tickets0 (unlimited)');
  await expect(page.getByRole('form', { name: 'Change plan' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Manage billing' })).toHaveCount(0);
  await screenshot(page, 'billing-off');

  const ownerApi = await apiSession(server.baseURL);
  const admin = await createAgent(ownerApi, 'admin');
  await ownerApi.dispose();
  await page.context().clearCookies();
  await signIn(page, admin);
  await page.goto('/inbox/#/settings');
  await expect(page.getByRole('navigation', { name: 'Settings sections' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Plan & billing' })).toHaveCount(0);
});
