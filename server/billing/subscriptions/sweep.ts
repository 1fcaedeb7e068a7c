// The billing sweep: ends trials and periods that have passed, suspends what stayed past due beyond the grace
// period, and reports last period's metered usage. Each change re-reads its row inside its own transaction.
import { startPeriodic } from '../../lib/periodic-worker.ts';
import type { Worker } from '../../workers.ts';
import { getTenant } from '../../tenants/queries.ts';
import { dueSubscriptions, getSubscription, type SubscriptionRecord } from './queries.ts';
import { applyChange, day, SYSTEM_ACTOR, type Change } from './transitions.ts';
import { DAY_MS } from './prices.ts';
import type { BillingDeps } from './service.ts';
import { reportDueUsage } from '../stripe/usage-report.ts';

const SYSTEM = { principal: null, tenantId: null, ip: '' };

/** What the sweep does to one row now, or null. Stripe drives every subscription it holds, except the grace period. */
function nextStep(s: SubscriptionRecord, now: Date, graceMs: number): Omit<Change, 'actor'> | null {
  const ended = new Date(s.currentPeriodEnd) <= now;
  if (s.state === 'past_due') {
    const since = new Date(s.pastDueSince ?? s.updatedAt).getTime();
    if (since + graceMs > now.getTime()) return null;
    return {
      sub: { ...s, state: 'suspended' },
      action: 'billing.suspended',
      details: { reason: 'grace_period_over', pastDueSince: s.pastDueSince },
      mail: {
        subject: 'Your account is suspended',
        lines: [
          `The payment due since ${day(s.pastDueSince ?? s.updatedAt)} was not made, so the account is suspended: agents and the widget are refused.`,
          'Update the card under Plan & billing; the account opens again once the invoice is paid.',
        ],
      },
    };
  }
  if (!ended || s.stripeSubscriptionId) return null;
  if (s.cancelAtPeriodEnd)
    return {
      sub: { ...s, state: 'cancelled' },
      action: 'billing.cancelled',
      details: { reason: 'period_end' },
      mail: {
        subject: 'Your subscription has ended',
        lines: ['The subscription ended as you asked. Your data can still be exported by an owner.'],
      },
    };
  if (s.state === 'trialing')
    return {
      sub: { ...s, state: 'past_due', pastDueSince: s.currentPeriodEnd },
      action: 'billing.past_due',
      details: { reason: 'trial_ended_unpaid' },
      mail: {
        subject: 'Your trial has ended',
        lines: [
          'Your trial has ended and no plan was chosen yet. Choose a plan under Plan & billing to keep the account open.',
          `Without one it is suspended on ${day(new Date(new Date(s.currentPeriodEnd).getTime() + graceMs).toISOString())}.`,
        ],
      },
    };
  return null;
}

export async function sweepSubscriptions(deps: BillingDeps): Promise<number> {
  const now = deps.now();
  const graceMs = deps.env.BILLING_GRACE_DAYS * DAY_MS;
  let moved = 0;
  for (const due of await dueSubscriptions(deps.db, now.toISOString())) {
    if (!nextStep(due, now, graceMs)) continue;
    moved += await deps.db.tx(async (tx) => {
      const s = await getSubscription(tx, due.tenantId);
      const tenant = await getTenant(tx, due.tenantId);
      const step = s && tenant ? nextStep(s, now, graceMs) : null;
      if (!step || !tenant) return 0;
      await applyChange(tx, deps, SYSTEM, tenant, s!, { ...step, actor: SYSTEM_ACTOR }, now);
      return 1;
    });
  }
  await reportDueUsage(deps);
  return moved;
}

export function startBillingSweeper(deps: BillingDeps, everyMs = 60_000): Worker {
  return startPeriodic(deps.logger, 'billing sweep failed', everyMs, () => sweepSubscriptions(deps));
}
