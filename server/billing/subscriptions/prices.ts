// What each self-service plan costs per cycle, billing periods in a cycle, and the proration of a plan change.
import type { BillingCycle } from '../billing-queries.ts';
import type { Plan } from '../../tenants/plans.ts';

/** Plans a tenant can buy itself; enterprise is priced by the operator. */
export const SELF_SERVICE_PLANS = ['starter', 'professional'] as const;
export type SelfServicePlan = (typeof SELF_SERVICE_PLANS)[number];
export const BILLING_CYCLES = ['monthly', 'yearly'] as const;

/** Prices in cents (USD); a year costs ten months. */
export const PRICES: Record<SelfServicePlan, Record<BillingCycle, number>> = {
  starter: { monthly: 2900, yearly: 29000 },
  professional: { monthly: 7900, yearly: 79000 },
};

export const TRIAL_DAYS = 14;
export const DAY_MS = 24 * 3600 * 1000;

export const isSelfService = (p: Plan): p is SelfServicePlan => (SELF_SERVICE_PLANS as readonly string[]).includes(p);

/** The period of `cycle` holding `now`, counted from `anchor` (monthly: the anchor's day each month; yearly: its date each year). */
export function billingPeriod(anchor: Date, cycle: BillingCycle, now: Date): { start: Date; end: Date } {
  const step = cycle === 'monthly' ? 1 : 12;
  const at = (k: number) => {
    const y = anchor.getUTCFullYear();
    const m = anchor.getUTCMonth() + k * step;
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return new Date(
      Date.UTC(
        y,
        m,
        Math.min(anchor.getUTCDate(), last),
        anchor.getUTCHours(),
        anchor.getUTCMinutes(),
        anchor.getUTCSeconds(),
      ),
    );
  };
  let k = Math.max(
    0,
    Math.floor(
      ((now.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + now.getUTCMonth() - anchor.getUTCMonth()) / step,
    ) - 1,
  );
  while (at(k + 1) <= now) k++;
  return { start: at(k), end: at(k + 1) };
}

export interface ProrationPreview {
  /** What the unused rest of the current period is worth (cents, ≥ 0), credited. */
  credit: number;
  /** What the new plan costs until the next billing date (cents). */
  charge: number;
  /** charge − credit; negative is a credit carried to the next invoice. */
  amountDue: number;
  /** The next billing date after the change (a new cycle starts a new period now). */
  nextBilling: string;
}

/**
 * Proration by the second, as Stripe prorates: the rest of the period at the old price is credited, the rest at
 * the new price charged; changing the cycle ends the period now and charges a full new one. A trial pays nothing.
 */
export function prorate(
  from: { plan: SelfServicePlan; cycle: BillingCycle; periodStart: Date; periodEnd: Date; trialing: boolean },
  to: { plan: SelfServicePlan; cycle: BillingCycle },
  now: Date,
): ProrationPreview {
  if (from.trialing) return { credit: 0, charge: 0, amountDue: 0, nextBilling: from.periodEnd.toISOString() };
  const length = from.periodEnd.getTime() - from.periodStart.getTime();
  const left = Math.max(0, Math.min(1, (from.periodEnd.getTime() - now.getTime()) / length));
  const credit = Math.round(PRICES[from.plan][from.cycle] * left);
  if (to.cycle !== from.cycle) {
    const next = billingPeriod(now, to.cycle, now).end;
    const charge = PRICES[to.plan][to.cycle];
    return { credit, charge, amountDue: charge - credit, nextBilling: next.toISOString() };
  }
  const charge = Math.round(PRICES[to.plan][to.cycle] * left);
  return { credit, charge, amountDue: charge - credit, nextBilling: from.periodEnd.toISOString() };
}
