// Stripe's hosted pages and lists for the owner: Checkout for a new subscription, the Customer Portal (card,
// invoices, cancellation), and the invoices list. Stripe is called before any write; nothing is half-made.
import type Stripe from 'stripe';
import type { Actor } from '../../audit/audit.ts';
import { audit } from '../../audit/audit.ts';
import { getTenant, type TenantRecord } from '../../tenants/queries.ts';
import { conflict, notFound } from '../../lib/problem.ts';
import { getTenantBilling } from '../billing-queries.ts';
import { getSubscription, putSubscription } from '../subscriptions/queries.ts';
import { billingOff, billingRefused, noSubscription } from '../subscriptions/problems.ts';
import { trialRow, type BillingDeps } from '../subscriptions/service.ts';
import type { Invoice, PlanChoice } from '../subscriptions/schemas.ts';
import { callStripe } from './calls.ts';
import { priceIdOf } from './price-ids.ts';

const settingsUrl = (deps: BillingDeps) => `${deps.env.PUBLIC_URL}/inbox/#/settings/billing`;

function stripeOf(deps: BillingDeps): Stripe {
  if (!deps.stripe) throw billingOff();
  return deps.stripe;
}

async function tenantOf(deps: BillingDeps, id: string): Promise<TenantRecord> {
  const t = await getTenant(deps.db, id);
  if (!t) throw notFound('Tenant');
  return t;
}

/** A Checkout Session for a subscription to `choice`; a trial still running carries its end date over. */
export async function startCheckout(
  deps: BillingDeps,
  actor: Actor,
  tenantId: string,
  choice: PlanChoice,
  ownerEmail: string,
) {
  const stripe = stripeOf(deps);
  const tenant = await tenantOf(deps, tenantId);
  const sub = await getSubscription(deps.db, tenant.id);
  if (sub?.stripeSubscriptionId && sub.state !== 'cancelled')
    throw conflict(
      'This account already has a subscription: change its plan instead, or manage it in the billing portal.',
    );
  const billing = await getTenantBilling(deps.db, tenant);
  const cycle = choice.cycle ?? billing.billingCycle;
  const prices = deps.env.STRIPE_PRICES!;
  // The same key for the same tenant: a retry after a failure gets the customer Stripe already made, not a second one.
  const customerId =
    sub?.stripeCustomerId ??
    (
      await callStripe(deps.logger, 'customers.create', () =>
        stripe.customers.create(
          { email: ownerEmail, name: tenant.name, metadata: { tenantId: tenant.id } },
          { idempotencyKey: `customer-${tenant.id}` },
        ),
      )
    ).id;
  const now = deps.now();
  const trialEnd =
    sub?.state === 'trialing' && sub.trialEndsAt && new Date(sub.trialEndsAt).getTime() - now.getTime() > 48 * 3600e3
      ? Math.floor(new Date(sub.trialEndsAt).getTime() / 1000)
      : undefined;
  const items: Stripe.Checkout.SessionCreateParams.LineItem[] = [
    { price: priceIdOf(prices, choice.plan, cycle), quantity: 1 },
  ];
  if (billing.pricing === 'usage')
    for (const metered of [prices.tickets, prices.apiCalls]) if (metered) items.push({ price: metered });
  const session = await callStripe(deps.logger, 'checkout.sessions.create', () =>
    stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customerId,
      client_reference_id: tenant.id,
      line_items: items,
      subscription_data: { metadata: { tenantId: tenant.id }, ...(trialEnd ? { trial_end: trialEnd } : {}) },
      success_url: `${settingsUrl(deps)}?checkout=done`,
      cancel_url: `${settingsUrl(deps)}?checkout=cancelled`,
    }),
  );
  // Checked before anything is kept: a session without a page leaves no customer or audit entry behind.
  const url = session.url;
  if (!url) throw billingRefused();
  await deps.db.tx(async (tx) => {
    const current = (await getSubscription(tx, tenant.id)) ?? {
      ...trialRow(tenant.id, now, 0),
      state: 'active' as const,
    };
    await putSubscription(tx, { ...current, stripeCustomerId: customerId, updatedAt: now.toISOString() });
    await audit(
      actor,
      tx,
      {
        action: 'billing.checkout_started',
        targetType: 'tenant',
        targetId: tenant.id,
        details: { plan: choice.plan, cycle, session: session.id },
      },
      now,
    );
  });
  return { url };
}

/** The Customer Portal, where the owner changes the card and reads invoices. */
export async function openPortal(deps: BillingDeps, actor: Actor, tenantId: string) {
  const stripe = stripeOf(deps);
  const sub = await getSubscription(deps.db, tenantId);
  const customer = sub?.stripeCustomerId;
  if (!customer) throw noSubscription();
  const session = await callStripe(deps.logger, 'billingPortal.sessions.create', () =>
    stripe.billingPortal.sessions.create({ customer, return_url: settingsUrl(deps) }),
  );
  const now = deps.now();
  await deps.db.tx((tx) =>
    audit(actor, tx, { action: 'billing.portal_opened', targetType: 'tenant', targetId: tenantId }, now),
  );
  return { url: session.url };
}

export async function listInvoices(deps: BillingDeps, tenantId: string): Promise<Invoice[]> {
  const stripe = stripeOf(deps);
  const customer = (await getSubscription(deps.db, tenantId))?.stripeCustomerId;
  if (!customer) return [];
  const list = await callStripe(deps.logger, 'invoices.list', () => stripe.invoices.list({ customer, limit: 24 }));
  return list.data.map((i) => ({
    id: i.id ?? '',
    number: i.number ?? null,
    status: i.status ?? null,
    currency: i.currency,
    amountDue: i.amount_due,
    amountPaid: i.amount_paid,
    createdAt: new Date(i.created * 1000).toISOString(),
    hostedInvoiceUrl: i.hosted_invoice_url ?? null,
    pdfUrl: i.invoice_pdf ?? null,
  }));
}
