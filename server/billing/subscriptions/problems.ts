// The refusals of billing, each with its own problem type.
import { Problem } from '../../lib/problem.ts';
import type { SubscriptionState } from './queries.ts';

export const PAYMENT_OVERDUE_PROBLEM = 'https://helpdesk.dev/problems/payment-overdue';
export const BILLING_UNAVAILABLE_PROBLEM = 'https://helpdesk.dev/problems/billing-provider-unavailable';
export const OWNER_ONLY_PROBLEM = 'https://helpdesk.dev/problems/owner-only';

/** 402: a past-due or suspended subscription changes nothing until the card is fixed. */
export const paymentOverdue = (state: SubscriptionState) =>
  new Problem(
    402,
    `The last payment failed (the subscription is ${state.replace('_', ' ')}). Update the card under "Manage billing"; plan changes are possible once the invoice is paid.`,
    { type: PAYMENT_OVERDUE_PROBLEM, title: 'Payment overdue', extra: { state } },
  );

/** 503: Stripe did not answer (or answered with a server error); nothing was changed here. */
export const billingUnavailable = () =>
  new Problem(503, 'The payment provider cannot be reached right now; nothing was changed. Try again in a minute.', {
    type: BILLING_UNAVAILABLE_PROBLEM,
    title: 'Payment provider unavailable',
    headers: { 'Retry-After': '60' },
  });

/** 502: Stripe refused the call (a configuration mistake on our side, e.g. an unknown price). */
export const billingRefused = () =>
  new Problem(502, 'The payment provider refused the request; nothing was changed. The operator has been told.', {
    type: BILLING_UNAVAILABLE_PROBLEM,
    title: 'Payment provider error',
  });

export const ownerOnly = () =>
  new Problem(403, 'Only an owner of this account manages its plan and billing.', {
    type: OWNER_ONLY_PROBLEM,
    extra: { requiredRole: 'owner' },
  });

export const billingOff = () =>
  new Problem(403, 'Billing is not set up on this server: the platform operator sets plans.', {
    type: 'https://helpdesk.dev/problems/operator-only',
    extra: { field: 'subscription.plan' },
  });

export const noSubscription = () =>
  new Problem(409, 'This account has no subscription yet: choose a plan and pay with Checkout first.');
