// Words and numbers the Plan & billing tab shows, kept pure so they are tested without a page.
import type { BillingSubscription } from '../../types.ts';
import { dateTime } from '../../components/format.ts';

export const PLAN_LABELS: Record<BillingSubscription['plan'], string> = {
  starter: 'Starter',
  professional: 'Professional',
  enterprise: 'Enterprise',
};

export const STATE_LABELS: Record<BillingSubscription['state'], string> = {
  trialing: 'Trial',
  active: 'Active',
  past_due: 'Past due',
  suspended: 'Suspended',
  cancelled: 'Cancelled',
};

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
/** Cents as dollars: 7900 → "$79.00". */
export const money = (cents: number) => usd.format(cents / 100);

/** "$29.00 a month", "$290.00 a year". */
export const pricePer = (cents: number, cycle: 'monthly' | 'yearly') =>
  `${money(cents)} a ${cycle === 'monthly' ? 'month' : 'year'}`;

/** Leaving the inbox for a Stripe page; an object so a test can catch where it would go. */
export const goTo = { url: (url: string) => window.location.assign(url) };

/** The subscription's state in sentences: trial end, next billing date, a scheduled end, the grace period. */
export function stateLines(s: BillingSubscription): string[] {
  const out: string[] = [];
  if (s.state === 'trialing' && s.trialEndsAt) out.push(`The trial ends on ${dateTime(s.trialEndsAt)}.`);
  if (s.state === 'past_due')
    out.push(
      s.graceEndsAt
        ? `The last payment failed. Update the card under “Manage billing” before ${dateTime(s.graceEndsAt)}, or the account is suspended.`
        : 'The last payment failed. Update the card under “Manage billing”.',
    );
  if (s.state === 'suspended')
    out.push('The account is suspended for an unpaid invoice: pay it under “Manage billing” to reopen it.');
  if (s.state === 'cancelled') out.push('The subscription has ended. Subscribe again to reopen the account.');
  if (s.nextBilling && s.state !== 'cancelled')
    out.push(
      s.cancelAtPeriodEnd
        ? `Cancelled: the subscription ends on ${dateTime(s.nextBilling)}. Until then everything works as before.`
        : `Next billing date: ${dateTime(s.nextBilling)}.`,
    );
  return out;
}

/** Whether the owner may schedule a cancellation (or take one back) now. */
export const cancellable = (s: BillingSubscription) =>
  s.provider === 'stripe' && (s.state === 'trialing' || s.state === 'active' || s.state === 'past_due');
