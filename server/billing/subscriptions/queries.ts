// Rows of subscriptions, stripe_events and stripe_usage_reports (tenant id first where a tenant is known).
import type { Queryable } from '../../db/client.ts';

export const SUBSCRIPTION_STATES = ['trialing', 'active', 'past_due', 'suspended', 'cancelled'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export interface SubscriptionRecord {
  tenantId: string;
  state: SubscriptionState;
  trialEndsAt: string | null;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  pastDueSince: string | null;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  stripeVersion: number;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  tenant_id: string;
  state: SubscriptionState;
  trial_ends_at: string | null;
  current_period_start: string;
  current_period_end: string;
  cancel_at_period_end: number;
  past_due_since: string | null;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  stripe_version: number;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: Row): SubscriptionRecord => ({
  tenantId: r.tenant_id,
  state: r.state,
  trialEndsAt: r.trial_ends_at,
  currentPeriodStart: r.current_period_start,
  currentPeriodEnd: r.current_period_end,
  cancelAtPeriodEnd: r.cancel_at_period_end === 1,
  pastDueSince: r.past_due_since,
  stripeCustomerId: r.stripe_customer_id,
  stripeSubscriptionId: r.stripe_subscription_id,
  stripeVersion: r.stripe_version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function getSubscription(q: Queryable, tenantId: string): Promise<SubscriptionRecord | undefined> {
  const r = await q.get<Row>('SELECT * FROM subscriptions WHERE tenant_id = ?', [tenantId]);
  return r ? fromRow(r) : undefined;
}

export async function subscriptionByCustomer(q: Queryable, customerId: string) {
  const r = await q.get<Row>('SELECT * FROM subscriptions WHERE stripe_customer_id = ?', [customerId]);
  return r ? fromRow(r) : undefined;
}

/** Writes the whole row (callers read, change, write inside their own transaction). */
export async function putSubscription(q: Queryable, s: SubscriptionRecord): Promise<void> {
  await q.run(
    `INSERT INTO subscriptions (tenant_id, state, trial_ends_at, current_period_start, current_period_end,
       cancel_at_period_end, past_due_since, stripe_customer_id, stripe_subscription_id, stripe_version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET state = excluded.state, trial_ends_at = excluded.trial_ends_at,
       current_period_start = excluded.current_period_start, current_period_end = excluded.current_period_end,
       cancel_at_period_end = excluded.cancel_at_period_end, past_due_since = excluded.past_due_since,
       stripe_customer_id = excluded.stripe_customer_id, stripe_subscription_id = excluded.stripe_subscription_id,
       stripe_version = excluded.stripe_version, updated_at = excluded.updated_at`,
    [
      s.tenantId,
      s.state,
      s.trialEndsAt,
      s.currentPeriodStart,
      s.currentPeriodEnd,
      s.cancelAtPeriodEnd ? 1 : 0,
      s.pastDueSince,
      s.stripeCustomerId,
      s.stripeSubscriptionId,
      s.stripeVersion,
      s.createdAt,
      s.updatedAt,
    ],
  );
}

/** Subscriptions the sweep may move on: a trial or period that has ended, or a payment overdue. */
export async function dueSubscriptions(q: Queryable, now: string, limit = 100): Promise<SubscriptionRecord[]> {
  const rows = await q.all<Row>(
    `SELECT * FROM subscriptions
     WHERE (state IN ('trialing', 'active') AND current_period_end <= ?) OR state = 'past_due'
     ORDER BY current_period_end LIMIT ?`,
    [now, limit],
  );
  return rows.map(fromRow);
}

export type StripeEventOutcome = 'applied' | 'stale' | 'ignored';

/** False when the event was recorded before (a replay). */
export async function recordStripeEvent(
  q: Queryable,
  e: { id: string; type: string; created: number; tenantId: string | null; outcome: StripeEventOutcome },
  now: string,
): Promise<boolean> {
  const r = await q.run(
    `INSERT OR IGNORE INTO stripe_events (id, type, created, tenant_id, outcome, received_at) VALUES (?, ?, ?, ?, ?, ?)`,
    [e.id, e.type, e.created, e.tenantId, e.outcome, now],
  );
  return r.changes > 0;
}

export async function stripeEventSeen(q: Queryable, id: string) {
  return q.get<{ outcome: StripeEventOutcome }>('SELECT outcome FROM stripe_events WHERE id = ?', [id]);
}

export async function usageReported(q: Queryable, tenantId: string, periodStart: string) {
  return !!(await q.get('SELECT 1 FROM stripe_usage_reports WHERE tenant_id = ? AND period_start = ?', [
    tenantId,
    periodStart,
  ]));
}

/** Tenants whose usage is metered to Stripe: usage pricing, a Stripe customer and a subscription still running. */
export async function usageReportTenants(q: Queryable): Promise<{ tenantId: string; endedAt: string | null }[]> {
  // A cancelled subscription still owes the usage of its last periods: those that began before it ended (its row's
  // last change), while Stripe takes them (35 days).
  const rows = await q.all<{ tenant_id: string; ended_at: string | null }>(
    `SELECT s.tenant_id, CASE WHEN s.state = 'cancelled' THEN s.updated_at END AS ended_at
     FROM subscriptions s JOIN tenant_billing b ON b.tenant_id = s.tenant_id
     WHERE b.pricing = 'usage' AND s.stripe_customer_id IS NOT NULL AND s.state IN ('active', 'past_due', 'cancelled')`,
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, endedAt: r.ended_at }));
}

/** The start of the newest period reported for the tenant, or null before the first report. */
export async function lastUsageReport(q: Queryable, tenantId: string): Promise<string | null> {
  const r = await q.get<{ s: string | null }>(
    'SELECT max(period_start) AS s FROM stripe_usage_reports WHERE tenant_id = ?',
    [tenantId],
  );
  return r?.s ?? null;
}

export async function putUsageReport(
  q: Queryable,
  tenantId: string,
  r: { periodStart: string; periodEnd: string; tickets: number; apiCalls: number },
  now: string,
) {
  await q.run(
    `INSERT OR IGNORE INTO stripe_usage_reports (tenant_id, period_start, period_end, tickets, api_calls, reported_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [tenantId, r.periodStart, r.periodEnd, r.tickets, r.apiCalls, now],
  );
}

/** An event that changed nothing still moves the version on, so an older one arriving later stays stale. */
export async function setStripeVersion(q: Queryable, tenantId: string, version: number, now: string) {
  await q.run('UPDATE subscriptions SET stripe_version = ?, updated_at = ? WHERE tenant_id = ?', [
    version,
    now,
    tenantId,
  ]);
}
