// The owner's subscription use cases: read it, preview and make a plan change, cancel at period end or take
// that back. With Stripe on, Stripe is asked first (outside the transaction) and the answer is then written.
import type { Deps } from '../../types.ts';
import { audit, type Actor } from '../../audit/audit.ts';
import type { Queryable } from '../../db/client.ts';
import { getTenant, type TenantRecord } from '../../tenants/queries.ts';
import { notFound } from '../../lib/problem.ts';
import { getTenantBilling } from '../billing-queries.ts';
import { getSubscription, type SubscriptionRecord } from './queries.ts';
import { BILLING_CYCLES, billingPeriod, DAY_MS, isSelfService, PRICES, prorate, SELF_SERVICE_PLANS } from './prices.ts';
import type { PlanChoice, PlanPreview, Subscription } from './schemas.ts';
import { billingOff, noSubscription, paymentOverdue } from './problems.ts';
import { applyChange, day, planName } from './transitions.ts';
import { callStripe, periodOf } from '../stripe/calls.ts';
import { planItemOf, priceIdOf } from '../stripe/price-ids.ts';
import { releaseHeld } from '../held-service.ts';

export type BillingDeps = Pick<Deps, 'db' | 'env' | 'now' | 'stripe' | 'logger'> & { mailTransport: unknown };

const PRICE_LIST = SELF_SERVICE_PLANS.flatMap((plan) =>
  BILLING_CYCLES.map((cycle) => ({ plan, cycle, amount: PRICES[plan][cycle] })),
);

/** The subscription as the owner sees it; a tenant without a row is billed by hand (plan and status as the operator set them). */
export async function subscriptionOf(
  q: Queryable,
  deps: Pick<BillingDeps, 'env' | 'now' | 'stripe'>,
  tenant: TenantRecord,
): Promise<Subscription> {
  const billing = await getTenantBilling(q, tenant);
  const sub = await getSubscription(q, tenant.id);
  const now = deps.now();
  const period = billingPeriod(new Date(billing.cycleAnchor), billing.billingCycle, now);
  const graceMs = deps.env.BILLING_GRACE_DAYS * DAY_MS;
  return {
    plan: tenant.plan,
    billingCycle: billing.billingCycle,
    pricing: billing.pricing,
    state: sub?.state ?? (tenant.status === 'active' ? 'active' : tenant.status),
    trialEndsAt: sub?.state === 'trialing' ? sub.trialEndsAt : null,
    currentPeriodStart: sub?.currentPeriodStart ?? period.start.toISOString(),
    nextBilling: sub ? (sub.state === 'cancelled' ? null : sub.currentPeriodEnd) : period.end.toISOString(),
    cancelAtPeriodEnd: sub?.cancelAtPeriodEnd ?? false,
    pastDueSince: sub?.pastDueSince ?? null,
    graceEndsAt:
      sub?.state === 'past_due' && sub.pastDueSince
        ? new Date(new Date(sub.pastDueSince).getTime() + graceMs).toISOString()
        : null,
    provider: deps.stripe ? 'stripe' : 'off',
    hasBillingAccount: !!sub?.stripeCustomerId,
    prices: PRICE_LIST,
  };
}

/**
 * Whether billing closed the account (Stripe on, the subscription suspended or cancelled as the tenant is), so its
 * owner can open it again by paying; an account the operator closed, or an active one, is not.
 */
export async function closedByBilling(q: Queryable, deps: Pick<BillingDeps, 'stripe'>, tenant: TenantRecord) {
  if (!deps.stripe || tenant.status === 'active') return false;
  return (await getSubscription(q, tenant.id))?.state === tenant.status;
}

/** What moving to `to` would cost now; `allowed` false (with the reason) when the change would be refused. */
export async function previewPlanChange(deps: BillingDeps, tenant: TenantRecord, to: PlanChoice): Promise<PlanPreview> {
  const billing = await getTenantBilling(deps.db, tenant);
  const sub = await getSubscription(deps.db, tenant.id);
  const now = deps.now();
  const cycle = to.cycle ?? billing.billingCycle;
  const refusal = refusalOf(deps, tenant, sub);
  const from = isSelfService(tenant.plan) ? tenant.plan : 'professional';
  const period = sub
    ? { start: new Date(sub.currentPeriodStart), end: new Date(sub.currentPeriodEnd) }
    : billingPeriod(new Date(billing.cycleAnchor), billing.billingCycle, now);
  const p = prorate(
    {
      plan: from,
      cycle: billing.billingCycle,
      periodStart: period.start,
      periodEnd: period.end,
      trialing: sub?.state === 'trialing',
    },
    { plan: to.plan, cycle },
    now,
  );
  return { plan: to.plan, cycle, currency: 'usd', ...p, allowed: !refusal, reason: refusal?.message ?? null };
}

function refusalOf(deps: Pick<BillingDeps, 'stripe'>, tenant: TenantRecord, sub: SubscriptionRecord | undefined) {
  if (!deps.stripe) return billingOff();
  if (!sub || sub.state === 'cancelled') return noSubscription();
  if (sub.state === 'past_due' || sub.state === 'suspended') return paymentOverdue(sub.state);
  if (!isSelfService(tenant.plan)) return billingOff();
  return null;
}

/** Moves to another plan or cycle at once, prorated (a trial keeps its end date and pays nothing yet). */
export async function changePlan(deps: BillingDeps, actor: Actor, tenantId: string, to: PlanChoice) {
  const tenant = await loadTenant(deps, tenantId);
  const sub = await getSubscription(deps.db, tenant.id);
  const billing = await getTenantBilling(deps.db, tenant);
  const cycle = to.cycle ?? billing.billingCycle;
  const refusal = refusalOf(deps, tenant, sub) ?? (sub ? null : noSubscription());
  if (refusal || !sub) {
    // A refused change is kept in the audit log too: the owner's attempt while past due is part of the story.
    const problem = refusal ?? noSubscription();
    const now = deps.now();
    await deps.db.tx((tx) =>
      audit(
        actor,
        tx,
        {
          action: 'billing.plan_change_refused',
          targetType: 'tenant',
          targetId: tenant.id,
          details: { plan: to.plan, cycle, state: sub?.state ?? null, status: problem.status, reason: problem.type },
        },
        now,
      ),
    );
    throw problem;
  }
  let period = { start: sub.currentPeriodStart, end: sub.currentPeriodEnd };
  if (deps.stripe && sub.stripeSubscriptionId) {
    const stripe = deps.stripe;
    const id = sub.stripeSubscriptionId;
    const prices = deps.env.STRIPE_PRICES!;
    const current = await callStripe(deps.logger, 'subscriptions.retrieve', () => stripe.subscriptions.retrieve(id));
    const item = planItemOf(prices, current);
    const updated = await callStripe(deps.logger, 'subscriptions.update', () =>
      stripe.subscriptions.update(id, {
        items: [
          item
            ? { id: item.item.id, price: priceIdOf(prices, to.plan, cycle) }
            : { price: priceIdOf(prices, to.plan, cycle) },
        ],
        proration_behavior: 'create_prorations',
      }),
    );
    const p = periodOf(updated);
    period = { start: p.start, end: p.end };
  } else if (cycle !== billing.billingCycle && sub.state !== 'trialing') {
    const p = billingPeriod(deps.now(), cycle, deps.now());
    period = { start: p.start.toISOString(), end: p.end.toISOString() };
  }
  const now = deps.now();
  const updated = await deps.db.tx((tx) =>
    applyChange(
      tx,
      deps,
      actor,
      tenant,
      sub,
      {
        sub: { ...sub, currentPeriodStart: period.start, currentPeriodEnd: period.end },
        plan: to.plan,
        cycle,
        action: 'billing.plan_changed',
        details: { plan: to.plan, cycle, fromCycle: billing.billingCycle },
        mail: {
          subject: `Your plan is now ${planName(to.plan)} (${cycle})`,
          lines: [
            `Your plan changed from ${planName(tenant.plan)} (${billing.billingCycle}) to ${planName(to.plan)} (${cycle}).`,
            `Next billing date: ${day(period.end)}.`,
          ],
        },
      },
      now,
    ),
  );
  // A higher plan may make room for tickets held at the allowance: shown now, not at the sweeper's next pass.
  await releaseHeld(deps.db, updated, now);
  return updated;
}

/** Cancels at the end of the period (`cancel` true) or takes a scheduled cancellation back. */
export async function setCancelAtPeriodEnd(deps: BillingDeps, actor: Actor, tenantId: string, cancel: boolean) {
  const tenant = await loadTenant(deps, tenantId);
  const sub = await getSubscription(deps.db, tenant.id);
  if (!deps.stripe) throw billingOff();
  if (!sub || sub.state === 'cancelled' || sub.state === 'suspended') throw noSubscription();
  if (deps.stripe && sub.stripeSubscriptionId) {
    const stripe = deps.stripe;
    const id = sub.stripeSubscriptionId;
    await callStripe(deps.logger, 'subscriptions.update', () =>
      stripe.subscriptions.update(id, { cancel_at_period_end: cancel }),
    );
  }
  const now = deps.now();
  return deps.db.tx((tx) =>
    applyChange(
      tx,
      deps,
      actor,
      tenant,
      sub,
      {
        sub: { ...sub, cancelAtPeriodEnd: cancel },
        action: cancel ? 'billing.cancel_scheduled' : 'billing.cancel_withdrawn',
        details: { endsAt: sub.currentPeriodEnd },
        mail: cancel
          ? {
              subject: 'Your subscription ends at the end of the period',
              lines: [
                `Your subscription is cancelled and ends on ${day(sub.currentPeriodEnd)}. Until then everything works as before.`,
                'Changed your mind? Resume it under Plan & billing before that date.',
              ],
            }
          : {
              subject: 'Your subscription continues',
              lines: ['The cancellation is withdrawn: your subscription renews as before.'],
            },
      },
      now,
    ),
  );
}

async function loadTenant(deps: BillingDeps, tenantId: string) {
  const t = await getTenant(deps.db, tenantId);
  if (!t) throw notFound('Tenant');
  return t;
}

/** The row of a self-service sign-up: a trial on professional, for the caller's own transaction. */
export function trialRow(tenantId: string, now: Date, trialDays: number): SubscriptionRecord {
  const at = now.toISOString();
  const end = new Date(now.getTime() + trialDays * DAY_MS).toISOString();
  return {
    tenantId,
    state: 'trialing',
    trialEndsAt: end,
    currentPeriodStart: at,
    currentPeriodEnd: end,
    cancelAtPeriodEnd: false,
    pastDueSince: null,
    stripeCustomerId: null,
    stripeSubscriptionId: null,
    stripeVersion: 0,
    createdAt: at,
    updatedAt: at,
  };
}
