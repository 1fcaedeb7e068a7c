// Metered usage: one Stripe meter event per tenant and closed period (tickets created), identified by the pair,
// so a retry after a crash is the same event to Stripe and the row here makes it once.
import type { TenantRecord } from '../../tenants/queries.ts';
import { audit } from '../../audit/audit.ts';
import { getSubscription, putUsageReport, usageReported } from '../subscriptions/queries.ts';
import type { BillingDeps } from '../subscriptions/service.ts';
import { SYSTEM_ACTOR } from '../subscriptions/transitions.ts';
import { callStripe } from './calls.ts';
import { ticketsCreatedIn } from './period-tickets.ts';

export async function reportUsage(deps: BillingDeps, tenant: TenantRecord, period: { start: Date; end: Date }) {
  const stripe = deps.stripe;
  const start = period.start.toISOString();
  const end = period.end.toISOString();
  if (!stripe || (await usageReported(deps.db, tenant.id, start))) return false;
  const customer = (await getSubscription(deps.db, tenant.id))?.stripeCustomerId;
  if (!customer) return false;
  const tickets = await ticketsCreatedIn(deps.db, tenant.id, start, end);
  await callStripe(deps.logger, 'billing.meterEvents.create', () =>
    stripe.billing.meterEvents.create({
      event_name: deps.env.STRIPE_METER_EVENT,
      identifier: `${tenant.id}:${start}`,
      // The period's last second: Stripe files it in the invoice of that period.
      timestamp: Math.floor(period.end.getTime() / 1000) - 1,
      payload: { stripe_customer_id: customer, value: String(tickets) },
    }),
  );
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    await putUsageReport(tx, tenant.id, { periodStart: start, periodEnd: end, tickets }, now.toISOString());
    await audit(
      { principal: null, tenantId: tenant.id, ip: '' },
      tx,
      {
        actor: SYSTEM_ACTOR,
        action: 'billing.usage_reported',
        targetType: 'tenant',
        targetId: tenant.id,
        details: { start, end, tickets },
      },
      now,
    );
  });
  return true;
}
