// The one way a subscription changes: its row, the tenant's plan/status/billing cycle, the audit entry and the
// owners' mail, all inside the caller's transaction. Every use case (owner, sweep, Stripe webhook) ends here.
import type { Queryable } from '../../db/client.ts';
import { audit, type Actor, type AuditActor } from '../../audit/audit.ts';
import { getTenant, updateTenant, type TenantRecord } from '../../tenants/queries.ts';
import type { Plan, TenantStatus } from '../../tenants/plans.ts';
import { getTenantBilling, putTenantBilling, type BillingCycle } from '../billing-queries.ts';
import { putSubscription, type SubscriptionRecord, type SubscriptionState } from './queries.ts';
import { queueOwnerMail, type OwnerMailDeps } from './owner-mail.ts';

/** What moves the subscription when nobody signed in does: the sweep, or Stripe. */
export const SYSTEM_ACTOR: AuditActor = { actorType: 'system', actorId: 'billing' };
export const STRIPE_ACTOR: AuditActor = { actorType: 'system', actorId: 'stripe' };

export interface Change {
  sub: SubscriptionRecord;
  plan?: Plan;
  cycle?: BillingCycle;
  action: string;
  details?: Record<string, unknown>;
  /** The owners' mail: every change is mailed, whoever caused it. */
  mail: { subject: string; lines: string[] };
  /** Who did it when it was not the request's principal. */
  actor?: AuditActor;
}

/** The tenant status a state means: suspended and cancelled close the account, the others keep it open. */
function statusFor(state: SubscriptionState, current: TenantStatus, before: SubscriptionState | null): TenantStatus {
  if (state === 'suspended') return 'suspended';
  if (state === 'cancelled') return 'cancelled';
  // Reopened only when billing closed it: an account the operator suspended stays suspended.
  return before === 'suspended' || before === 'cancelled' ? 'active' : current;
}

export async function applyChange(
  tx: Queryable,
  deps: OwnerMailDeps,
  by: Actor,
  tenant: TenantRecord,
  before: SubscriptionRecord | null,
  change: Change,
  now: Date,
): Promise<TenantRecord> {
  const at = now.toISOString();
  await putSubscription(tx, { ...change.sub, updatedAt: at });
  const status = statusFor(change.sub.state, tenant.status, before?.state ?? null);
  const plan = change.plan ?? tenant.plan;
  const updated =
    status !== tenant.status || plan !== tenant.plan
      ? await updateTenant(tx, tenant.id, { status, plan }, at)
      : ((await getTenant(tx, tenant.id)) ?? tenant);
  if (change.cycle) {
    const billing = await getTenantBilling(tx, tenant);
    if (billing.billingCycle !== change.cycle)
      await putTenantBilling(tx, { ...billing, billingCycle: change.cycle, updatedAt: at });
  }
  await audit(
    by,
    tx,
    {
      tenantId: tenant.id,
      ...(change.actor ? { actor: change.actor } : {}),
      action: change.action,
      targetType: 'tenant',
      targetId: tenant.id,
      details: {
        ...change.details,
        ...(before && before.state !== change.sub.state ? { from: before.state, to: change.sub.state } : {}),
        ...(plan !== tenant.plan ? { fromPlan: tenant.plan, toPlan: plan } : {}),
      },
    },
    now,
  );
  await queueOwnerMail(tx, deps, updated, change.mail, now);
  return updated;
}

const PLAN_NAMES: Record<Plan, string> = { starter: 'Starter', professional: 'Professional', enterprise: 'Enterprise' };
export const planName = (p: Plan) => PLAN_NAMES[p];
export const day = (iso: string) => iso.slice(0, 10);
