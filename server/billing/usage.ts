// One tenant's usage in the current billing period against its entitlements: what GET /usage and the operator's
// overview answer, read from the ledger and the source rows.
import type { Queryable } from '../db/client.ts';
import { countSeatAgents } from '../agents/queries.ts';
import { storageUsed } from '../files/queries.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import type { Usage } from '../usage/schemas.ts';
import type { TenantUsage } from './entitlement-schemas.ts';
import { subscriptionOf, type BillingDeps } from './subscriptions/service.ts';
import { loadEntitlements } from './entitlements.ts';
import { countActiveAgents, countHeld, getLedger } from './ledger-queries.ts';

export async function tenantUsage(q: Queryable, tenant: TenantRecord, now: Date): Promise<Usage> {
  const e = await loadEntitlements(q, tenant, now);
  const [ledger, held, seats, active, stored] = await Promise.all([
    getLedger(q, tenant.id, e.period),
    countHeld(q, tenant.id),
    countSeatAgents(q, tenant.id),
    countActiveAgents(q, tenant.id, e.period),
    storageUsed(q, tenant.id),
  ]);
  return {
    plan: tenant.plan,
    pricing: e.pricing,
    period: {
      month: e.period.start.toISOString().slice(0, 7),
      start: e.period.start.toISOString(),
      end: e.period.end.toISOString(),
    },
    tickets: { used: ledger.tickets, limit: e.limits.ticketsPerMonth, overage: ledger.overageTickets, held },
    apiCalls: { used: ledger.apiKeyCalls, limit: e.limits.apiCallsPerMonth, overage: ledger.overageApiCalls },
    storageBytes: { used: stored, limit: e.limits.storageBytes },
    activeAgents: { used: active, limit: e.limits.agents },
    agents: { used: seats, limit: e.limits.agents },
    maxFileBytes: e.limits.fileBytes,
  };
}

/** One row of the operator's GET /platform/usage: the tenant's plan and subscription beside its usage. */
export async function tenantOverview(
  q: Queryable,
  deps: Pick<BillingDeps, 'env' | 'now' | 'stripe'>,
  tenant: TenantRecord,
  now: Date,
): Promise<TenantUsage> {
  const [sub, usage] = await Promise.all([subscriptionOf(q, deps, tenant), tenantUsage(q, tenant, now)]);
  return {
    tenantId: tenant.id,
    name: tenant.name,
    status: tenant.status,
    plan: tenant.plan,
    state: sub.state,
    billingCycle: sub.billingCycle,
    nextBilling: sub.nextBilling,
    usage,
  };
}
