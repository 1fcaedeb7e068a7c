// Applies one verified Stripe event to the subscription it names, once: the event id is recorded with the change
// in one transaction (a replay finds it), and an event older than the last one applied (`created`) changes nothing.
import type Stripe from 'stripe';
import { audit } from '../../audit/audit.ts';
import { getTenant, type TenantRecord } from '../../tenants/queries.ts';
import type { Plan } from '../../tenants/plans.ts';
import type { BillingCycle } from '../billing-queries.ts';
import {
  getSubscription,
  recordStripeEvent,
  setStripeVersion,
  stripeEventSeen,
  subscriptionByCustomer,
  type StripeEventOutcome,
  type SubscriptionRecord,
  type SubscriptionState,
} from '../subscriptions/queries.ts';
import type { BillingDeps } from '../subscriptions/service.ts';
import { applyChange, day, planName, STRIPE_ACTOR } from '../subscriptions/transitions.ts';
import { releaseHeld } from '../held-service.ts';
import { callStripe, periodOf } from './calls.ts';
import { planItemOf } from './price-ids.ts';

export const HANDLED_EVENTS = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
] as const;

export interface WebhookResult {
  outcome: StripeEventOutcome | 'duplicate';
  reason: string | null;
}

const STRIPE = { principal: null, tenantId: null, ip: '' };
const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : (v?.id ?? null));

function customerOf(e: Stripe.Event): string | null {
  const o = e.data.object as { customer?: string | { id: string } | null };
  return idOf(o.customer);
}

/** Stripe's status as ours; null keeps the current state (incomplete, paused: nothing to act on yet). */
function stateOf(status: Stripe.Subscription.Status, current: SubscriptionState): SubscriptionState | null {
  switch (status) {
    case 'trialing':
      return 'trialing';
    case 'active':
      return 'active';
    case 'past_due':
    case 'unpaid':
      // The grace period has run out here already: Stripe retrying does not reopen the account.
      return current === 'suspended' ? 'suspended' : 'past_due';
    case 'canceled':
    case 'incomplete_expired':
      return 'cancelled';
    default:
      return null;
  }
}

interface Target {
  sub: SubscriptionRecord;
  plan?: Plan;
  cycle?: BillingCycle;
}

function fromSnapshot(
  prices: BillingDeps['env']['STRIPE_PRICES'],
  row: SubscriptionRecord,
  s: Stripe.Subscription,
  now: Date,
): Target {
  const state = stateOf(s.status, row.state) ?? row.state;
  const p = periodOf(s);
  const item = prices ? planItemOf(prices, s) : null;
  return {
    sub: {
      ...row,
      state,
      stripeSubscriptionId: s.id,
      currentPeriodStart: p.start,
      currentPeriodEnd: p.end,
      cancelAtPeriodEnd: s.cancel_at_period_end,
      trialEndsAt: s.trial_end ? new Date(s.trial_end * 1000).toISOString() : row.trialEndsAt,
      pastDueSince:
        state === 'past_due'
          ? (row.pastDueSince ?? now.toISOString())
          : state === 'suspended'
            ? row.pastDueSince
            : null,
    },
    plan: item?.plan,
    cycle: item?.cycle,
  };
}

/** What the event asks of the row; may ask Stripe for the subscription a checkout made (before any transaction). */
async function targetOf(
  deps: BillingDeps,
  e: Stripe.Event,
  row: SubscriptionRecord,
  now: Date,
): Promise<Target | null> {
  const prices = deps.env.STRIPE_PRICES;
  switch (e.type) {
    case 'checkout.session.completed': {
      const id = idOf(e.data.object.subscription);
      if (!id || !deps.stripe) return null;
      const stripe = deps.stripe;
      const s = await callStripe(deps.logger, 'subscriptions.retrieve', () => stripe.subscriptions.retrieve(id));
      return fromSnapshot(prices, row, s, now);
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
      return fromSnapshot(prices, row, e.data.object, now);
    case 'customer.subscription.deleted':
      if (row.stripeSubscriptionId && row.stripeSubscriptionId !== e.data.object.id) return null;
      return { sub: { ...row, state: 'cancelled', cancelAtPeriodEnd: false } };
    case 'invoice.paid':
      if (row.state !== 'past_due' && row.state !== 'suspended') return null;
      return { sub: { ...row, state: 'active', pastDueSince: null } };
    case 'invoice.payment_failed':
      if (row.state !== 'active' && row.state !== 'trialing') return null;
      return { sub: { ...row, state: 'past_due', pastDueSince: now.toISOString() } };
    default:
      return null;
  }
}

const MAILS: Record<SubscriptionState, (t: Target) => { subject: string; lines: string[] }> = {
  trialing: (t) => ({
    subject: 'Your trial continues',
    lines: [`Your trial runs until ${day(t.sub.trialEndsAt ?? t.sub.currentPeriodEnd)}; the card is charged then.`],
  }),
  active: (t) => ({
    subject: 'Your subscription is active',
    lines: [
      `Thank you: the subscription is active${t.plan ? ` on ${planName(t.plan)}` : ''}. Next billing date: ${day(t.sub.currentPeriodEnd)}.`,
    ],
  }),
  past_due: () => ({
    subject: 'A payment failed',
    lines: [
      'The last payment failed. Everything keeps working for now; update the card under Plan & billing to avoid a suspension.',
    ],
  }),
  suspended: () => ({
    subject: 'Your account is suspended',
    lines: ['The account stays suspended until the overdue invoice is paid.'],
  }),
  cancelled: () => ({
    subject: 'Your subscription has ended',
    lines: ['The subscription has ended. Your data can still be exported by an owner.'],
  }),
};

export async function handleStripeEvent(deps: BillingDeps, e: Stripe.Event): Promise<WebhookResult> {
  if (await stripeEventSeen(deps.db, e.id)) return { outcome: 'duplicate', reason: 'event already received' };
  const now = deps.now();
  const customer = customerOf(e);
  const found = customer ? await subscriptionByCustomer(deps.db, customer) : undefined;
  const handled = (HANDLED_EVENTS as readonly string[]).includes(e.type);
  if (!found || !handled) {
    const reason = !handled
      ? `event type ${e.type} is not used`
      : `no account has Stripe customer ${customer ?? '(none)'}`;
    if (handled)
      deps.logger.warn('stripe event for an unknown customer ignored', { event: e.id, type: e.type, customer });
    await deps.db.tx(async (tx) => {
      if (
        !(await recordStripeEvent(
          tx,
          { id: e.id, type: e.type, created: e.created, tenantId: null, outcome: 'ignored' },
          now.toISOString(),
        ))
      )
        return;
      if (handled)
        await audit(
          STRIPE,
          tx,
          {
            tenantId: null,
            actor: STRIPE_ACTOR,
            action: 'billing.stripe_event_ignored',
            details: { event: e.id, type: e.type, customer, reason },
          },
          now,
        );
    });
    return { outcome: 'ignored', reason };
  }
  if (e.created < found.stripeVersion) {
    await deps.db.tx((tx) =>
      recordStripeEvent(
        tx,
        { id: e.id, type: e.type, created: e.created, tenantId: found.tenantId, outcome: 'stale' },
        now.toISOString(),
      ),
    );
    return { outcome: 'stale', reason: 'a newer event was applied already' };
  }
  const target = await targetOf(deps, e, found, now);
  const { result, changed } = await deps.db.tx(
    async (tx): Promise<{ result: WebhookResult; changed?: TenantRecord }> => {
      if (
        !(await recordStripeEvent(
          tx,
          { id: e.id, type: e.type, created: e.created, tenantId: found.tenantId, outcome: 'applied' },
          now.toISOString(),
        ))
      )
        return { result: { outcome: 'duplicate', reason: 'event already received' } };
      const row = (await getSubscription(tx, found.tenantId))!;
      const tenant = (await getTenant(tx, found.tenantId))!;
      const next = { ...(target?.sub ?? row), stripeVersion: Math.max(row.stripeVersion, e.created) };
      const changed =
        target &&
        (row.state !== next.state ||
          (target.plan && target.plan !== tenant.plan) ||
          row.currentPeriodEnd !== next.currentPeriodEnd ||
          row.cancelAtPeriodEnd !== next.cancelAtPeriodEnd ||
          row.stripeSubscriptionId !== next.stripeSubscriptionId);
      if (!changed) {
        await setStripeVersion(tx, row.tenantId, next.stripeVersion, now.toISOString());
        return { result: { outcome: 'applied', reason: null } };
      }
      const updated = await applyChange(
        tx,
        deps,
        STRIPE,
        tenant,
        row,
        {
          sub: next,
          plan: target.plan,
          cycle: target.cycle,
          action: `billing.stripe_${e.type.replace(/\./g, '_')}`,
          details: { event: e.id, state: next.state },
          actor: STRIPE_ACTOR,
          mail: MAILS[next.state]({ ...target, sub: next }),
        },
        now,
      );
      return { result: { outcome: 'applied', reason: null }, changed: updated };
    },
  );
  // A higher plan (or a reopened account) may make room for tickets held at the allowance: shown now.
  if (changed && changed.status === 'active') await releaseHeld(deps.db, changed, now);
  return result;
}
