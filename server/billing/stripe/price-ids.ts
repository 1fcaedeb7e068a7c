// STRIPE_PRICES both ways: the price of a plan and cycle, and the plan and cycle of a price Stripe names.
import type Stripe from 'stripe';
import type { StripePrices } from '../../env.ts';
import type { BillingCycle } from '../billing-queries.ts';
import { BILLING_CYCLES, SELF_SERVICE_PLANS, type SelfServicePlan } from '../subscriptions/prices.ts';

export const priceIdOf = (prices: StripePrices, plan: SelfServicePlan, cycle: BillingCycle) => prices[plan][cycle];

export function planOfPrice(
  prices: StripePrices,
  priceId: string,
): { plan: SelfServicePlan; cycle: BillingCycle } | null {
  for (const plan of SELF_SERVICE_PLANS)
    for (const cycle of BILLING_CYCLES) if (prices[plan][cycle] === priceId) return { plan, cycle };
  return null;
}

/** The subscription's plan item (not the metered tickets item) and what it stands for. */
export function planItemOf(prices: StripePrices, s: Stripe.Subscription) {
  for (const item of s.items.data) {
    const found = planOfPrice(prices, item.price.id);
    if (found) return { item, ...found };
  }
  return null;
}
