-- The metric ledger (analytics/ledger.ts): one row per first response, next response, automated reply, resolution,
-- reopen, wait for the customer and SLA target of a ticket, rewritten from the ticket's history in the same
-- transaction as each change. Reports read it by tenant, kind and time.
CREATE TABLE ticket_metrics (
  tenant_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  at TEXT NOT NULL,
  calendar_seconds INTEGER,
  business_seconds INTEGER,
  agent_id TEXT,
  automated INTEGER NOT NULL DEFAULT 0,
  met INTEGER,
  PRIMARY KEY (tenant_id, ticket_id, seq)
) WITHOUT ROWID;
CREATE INDEX ticket_metrics_kind_at ON ticket_metrics (tenant_id, kind, at);

-- Tenants whose ledger must be built from their history (all tenants with tickets written before this migration);
-- the server builds them at start (analytics/ledger-service.ts buildPendingLedgers) and removes each row when done.
CREATE TABLE ticket_metrics_pending (tenant_id TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO ticket_metrics_pending (tenant_id) SELECT DISTINCT tenant_id FROM tickets;
