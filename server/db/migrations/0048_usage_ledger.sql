-- The usage ledger of issue 22: per tenant and billing period (periodOf(cycle_anchor), not UTC months).
--   usage_ledger    one row per tenant and period, written in the transaction of what it counts: tickets counted
--                   against the allowance (and those of them accepted as overage on usage pricing) and API calls
--                   (from the buffered counter). Tickets are rebuildable from tickets.counted_at / overage.
--   agent_activity  the agents who signed in or made an authenticated request in a period (active agents).
-- Tickets counted before periods existed keep counting: their counted_at is their creation time.
-- A held ticket (kept at a reached limit, shown to agents once it lifts) has spam = 2 and held_at set: every query
-- that leaves spam out (spam = 0) leaves it out too; releasing sets spam = 0, held_at NULL and counted_at.
CREATE TABLE usage_ledger (
  tenant_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  tickets INTEGER NOT NULL DEFAULT 0,
  overage_tickets INTEGER NOT NULL DEFAULT 0,
  api_calls INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, period_start)
) WITHOUT ROWID;

CREATE TABLE agent_activity (
  tenant_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, period_start, agent_id)
) WITHOUT ROWID;

ALTER TABLE tickets ADD COLUMN counted_at TEXT;
ALTER TABLE tickets ADD COLUMN overage INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN held_at TEXT;
UPDATE tickets SET counted_at = created_at WHERE spam = 0;
CREATE INDEX tickets_tenant_counted ON tickets (tenant_id, counted_at) WHERE counted_at IS NOT NULL;
CREATE INDEX tickets_tenant_held ON tickets (tenant_id, held_at, id) WHERE held_at IS NOT NULL;
