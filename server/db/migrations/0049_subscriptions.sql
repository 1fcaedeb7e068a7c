-- Subscriptions and Stripe (issue 22). One row per tenant that has a subscription (self-service sign-up with
-- billing on, or Checkout); a tenant without one is billed by hand: the operator sets its plan and status.
-- The tenant's plan and status follow the row (billing/subscriptions/service.ts is the one writer):
--   state          trialing | active | past_due (payment failed or trial over unpaid; still usable)
--                  | suspended (past_due beyond the grace period: tenants.status suspended)
--                  | cancelled (tenants.status cancelled)
--   current_period_end   the next billing date (or the trial's end)
--   stripe_version       `created` of the newest Stripe event applied to the row: an older one changes nothing
CREATE TABLE subscriptions (
  tenant_id TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('trialing', 'active', 'past_due', 'suspended', 'cancelled')),
  trial_ends_at TEXT,
  current_period_start TEXT NOT NULL,
  current_period_end TEXT NOT NULL,
  cancel_at_period_end INTEGER NOT NULL DEFAULT 0,
  past_due_since TEXT,
  stripe_customer_id TEXT,
  stripe_subscription_id TEXT,
  stripe_version INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX subscriptions_customer ON subscriptions (stripe_customer_id) WHERE stripe_customer_id IS NOT NULL;
CREATE INDEX subscriptions_due ON subscriptions (state, current_period_end);

-- Every verified Stripe event once: a replay finds its id here and changes nothing.
--   outcome  applied | stale (older than what the row holds) | ignored (unknown customer, or a type we do not use)
CREATE TABLE stripe_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  created INTEGER NOT NULL,
  tenant_id TEXT,
  outcome TEXT NOT NULL,
  received_at TEXT NOT NULL
);

-- Metered usage sent to Stripe, one row per tenant and closed period (the meter event's identifier is the same pair).
CREATE TABLE stripe_usage_reports (
  tenant_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  tickets INTEGER NOT NULL,
  reported_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, period_start)
);
