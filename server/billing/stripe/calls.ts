// Every call to Stripe goes through callStripe: an unreachable or failing Stripe becomes one clear refusal.
import Stripe from 'stripe';
import type { Logger } from '../../lib/logger.ts';
import { billingRefused, billingUnavailable } from '../subscriptions/problems.ts';

/** Runs one Stripe call; a connection failure or a 5xx is 503, any other Stripe error 502 (logged with its code). */
export async function callStripe<T>(logger: Logger, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof Stripe.errors.StripeError)) throw err;
    const unreachable =
      err instanceof Stripe.errors.StripeConnectionError ||
      err instanceof Stripe.errors.StripeAPIError ||
      (err.statusCode ?? 0) >= 500;
    logger.warn('stripe call failed', { call: what, type: err.type, code: err.code, status: err.statusCode });
    throw unreachable ? billingUnavailable() : billingRefused();
  }
}

/** The period of a Stripe subscription (on its first item since API version 2025-03-31). */
export function periodOf(s: Stripe.Subscription): { start: string; end: string } {
  const item = s.items.data[0];
  const start = item?.current_period_start ?? s.start_date;
  const end = item?.current_period_end ?? s.start_date;
  return { start: new Date(start * 1000).toISOString(), end: new Date(end * 1000).toISOString() };
}
