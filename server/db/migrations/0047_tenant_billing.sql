-- Billing state of a tenant beside its plan (issue 22), shared by the entitlement engine and the
-- subscription/Stripe code. A tenant without a row bills flat, monthly, anchored at its creation.
--   pricing       flat: the plan's limits are hard; usage: base fee + per-ticket charges, a reached
--                 ticket allowance is accepted as overage
--   cycle_anchor  ISO instant the usage periods are counted from (a period starts on the anchor's day of
--                 the month, clamped to the month's last day, at the anchor's UTC time)
--   addons        JSON of purchased extras ({ "agents": 2, "ticketsPerMonth": 1000, "storageBytes": … })
--   overrides     JSON of the platform operator's overrides of limits and features
CREATE TABLE tenant_billing (
  tenant_id TEXT PRIMARY KEY,
  pricing TEXT NOT NULL DEFAULT 'flat' CHECK (pricing IN ('flat', 'usage')),
  billing_cycle TEXT NOT NULL DEFAULT 'monthly' CHECK (billing_cycle IN ('monthly', 'yearly')),
  cycle_anchor TEXT NOT NULL,
  addons TEXT NOT NULL DEFAULT '{}',
  overrides TEXT NOT NULL DEFAULT '{}',
  updated_at TEXT NOT NULL
);
