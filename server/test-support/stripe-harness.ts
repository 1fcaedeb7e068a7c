// A server with Stripe on, pointed at the local fake (stripe-fake.ts), and webhook events signed with Stripe's own
// test header, as the billing tests use them.
import Stripe from 'stripe';
import { createHarness, testClock, type Harness, type TestClock } from './harness.ts';
import { startStripeFake, type StripeFake } from './stripe-fake.ts';

export const WEBHOOK_SECRET = 'whsec_testsecret';
export const PLAN_PRICES = {
  starter: { monthly: 'price_starter_m', yearly: 'price_starter_y' },
  professional: { monthly: 'price_pro_m', yearly: 'price_pro_y' },
};

export const secs = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

export interface StripeHarness {
  h: Harness;
  fake: StripeFake;
  clock: TestClock;
  /** Posts `event` to the webhook, signed with `secret` at the clock's time. */
  sendEvent(event: Record<string, unknown>, secret?: string): Promise<{ status: number; body: any; res: Response }>;
  close(): Promise<void>;
}

/** Signs test events (Stripe's own generateTestHeaderString). */
export const signer = new Stripe('sk_test_signer');

export async function startStripeHarness(prices: object = PLAN_PRICES): Promise<StripeHarness> {
  const fake = await startStripeFake();
  const clock = testClock('2026-03-02T10:00:00.000Z');
  const h = await createHarness({
    clock,
    env: {
      STRIPE_SECRET_KEY: 'sk_test_fake',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_PRICES: JSON.stringify(prices),
      STRIPE_API_BASE: fake.url,
    },
  });
  return {
    h,
    fake,
    clock,
    sendEvent(event, secret = WEBHOOK_SECRET) {
      const payload = JSON.stringify({ object: 'event', api_version: '2026-10-28.endive', livemode: false, ...event });
      const header = signer.webhooks.generateTestHeaderString({
        payload,
        secret,
        timestamp: secs(clock.now().toISOString()),
      });
      return h.json('POST', '/api/v1/billing/stripe/webhook', {
        rawBody: payload,
        headers: { 'stripe-signature': header },
      });
    },
    close: async () => {
      await h.close();
      await fake.close();
    },
  };
}
