// Metered usage: each closed monthly period of a usage-priced tenant is reported to Stripe once, from the usage
// ledger (the figures GET /usage showed for that period): its tickets, and its API-key calls past the allowance
// when there were any. Each meter event is identified by tenant and period, so a retry after a crash is the same
// event to Stripe, and the period's row here (written once both were sent) makes it once.
import { getTenant, type TenantRecord } from '../../tenants/queries.ts';
import { audit } from '../../audit/audit.ts';
import { getTenantBilling } from '../billing-queries.ts';
import { getLedger } from '../ledger-queries.ts';
import { periodOf, type Period } from '../period.ts';
import {
  getSubscription,
  lastUsageReport,
  putUsageReport,
  usageReported,
  usageReportTenants,
} from '../subscriptions/queries.ts';
import { DAY_MS } from '../subscriptions/prices.ts';
import type { BillingDeps } from '../subscriptions/service.ts';
import { SYSTEM_ACTOR } from '../subscriptions/transitions.ts';
import { callStripe } from './calls.ts';

/** Stripe refuses a meter event whose timestamp is older than 35 days. */
const STRIPE_METER_WINDOW_MS = 35 * DAY_MS;
/** A period is reported once its last buffered API calls are surely in the ledger (the counter writes every 5 s). */
const SETTLE_MS = 5 * 60_000;

/**
 * The closed usage periods (monthly from the anchor, whatever the billing cycle) still to report, oldest first:
 * every one after the last reported (Stripe still takes those of the last 35 days); before any report, the last one.
 */
export function periodsToReport(anchor: string, now: Date, lastReported: string | null): Period[] {
  const out: Period[] = [];
  const start = new Date(anchor).getTime();
  const last = lastReported ? new Date(lastReported).getTime() : null;
  for (let k = -1; ; k--) {
    const p = periodOf(anchor, now, k);
    if (p.end.getTime() <= start || p.end.getTime() - 1000 <= now.getTime() - STRIPE_METER_WINDOW_MS) break;
    if (last === null ? k < -1 : p.start.getTime() <= last) break;
    if (p.end.getTime() + SETTLE_MS <= now.getTime()) out.unshift(p);
  }
  return out;
}

/**
 * Usage-priced tenants with a Stripe customer: every closed period not reported yet, oldest first; a cancelled
 * subscription's final periods too.
 */
export async function reportDueUsage(deps: BillingDeps) {
  if (!deps.stripe) return;
  for (const { tenantId, endedAt } of await usageReportTenants(deps.db)) {
    const tenant = await getTenant(deps.db, tenantId);
    if (!tenant) continue;
    const billing = await getTenantBilling(deps.db, tenant);
    const due = periodsToReport(billing.cycleAnchor, deps.now(), await lastUsageReport(deps.db, tenant.id)).filter(
      // A cancelled subscription's periods up to the one it ended in, none after.
      (p) => endedAt === null || p.start.getTime() < Date.parse(endedAt),
    );
    for (const period of due) {
      const ok = await reportUsage(deps, tenant, period).then(
        () => true,
        (err: Error) => {
          deps.logger.warn('usage report failed', { tenantId: tenant.id, error: err.message });
          return false;
        },
      );
      // A later period is not reported before an earlier one: the next sweep retries from here.
      if (!ok) break;
    }
  }
}

export async function reportUsage(deps: BillingDeps, tenant: TenantRecord, period: Period) {
  const stripe = deps.stripe;
  const start = period.start.toISOString();
  const end = period.end.toISOString();
  if (!stripe || (await usageReported(deps.db, tenant.id, start))) return false;
  const customer = (await getSubscription(deps.db, tenant.id))?.stripeCustomerId;
  if (!customer) return false;
  const ledger = await getLedger(deps.db, tenant.id, period);
  const figures = { tickets: ledger.tickets, apiCalls: ledger.overageApiCalls };
  // The period's last second: Stripe files it in the invoice of that period.
  const timestamp = Math.floor(period.end.getTime() / 1000) - 1;
  const meter = (eventName: string, identifier: string, value: number) =>
    callStripe(deps.logger, 'billing.meterEvents.create', () =>
      stripe.billing.meterEvents.create({
        event_name: eventName,
        identifier,
        timestamp,
        payload: { stripe_customer_id: customer, value: String(value) },
      }),
    );
  await meter(deps.env.STRIPE_METER_EVENT, `${tenant.id}:${start}`, figures.tickets);
  if (figures.apiCalls > 0)
    await meter(deps.env.STRIPE_API_METER_EVENT, `${tenant.id}:${start}:api_calls`, figures.apiCalls);
  const now = deps.now();
  return deps.db.tx(async (tx) => {
    if (await usageReported(tx, tenant.id, start)) return false;
    await putUsageReport(tx, tenant.id, { periodStart: start, periodEnd: end, ...figures }, now.toISOString());
    await audit(
      { principal: null, tenantId: tenant.id, ip: '' },
      tx,
      {
        actor: SYSTEM_ACTOR,
        action: 'billing.usage_reported',
        targetType: 'tenant',
        targetId: tenant.id,
        details: { start, end, ...figures },
      },
      now,
    );
    return true;
  });
}
