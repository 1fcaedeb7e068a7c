// The Stripe client the process uses, made once from configuration (null with billing off), kept on Deps.
import Stripe from 'stripe';
import type { Env } from '../../env.ts';

export type StripeClient = Stripe;

/** Billing is on when STRIPE_SECRET_KEY is set (env.ts then requires the webhook secret and the price ids). */
export function createStripe(env: Env): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
    // One attempt each: a checkout that Stripe does not answer is refused at once, not after a minute.
    maxNetworkRetries: 1,
    timeout: 10_000,
    telemetry: false,
  });
}
