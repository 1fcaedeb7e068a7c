-- The agent table's `handled` (distinct tickets an agent replied to or resolved in the period) grouped every ledger
-- row of the period by agent and ticket: 100k tickets, ~245k rows, ~120-170 ms. One row per agent × ticket with its
-- first and last such ledger row, kept by the ledger write in its transaction (analytics/ledger-queries.ts; rebuilt
-- by rebuildRollups), answers it from one row per pair: a pair whose first or last touch falls in the period, or
-- whose touches lie wholly inside it, counts as is; only a pair whose touches straddle both edges asks the ledger.
CREATE TABLE ticket_agent_touches (
  tenant_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, ticket_id, agent_id)
) WITHOUT ROWID;
CREATE INDEX ticket_agent_touches_agent ON ticket_agent_touches (tenant_id, agent_id, last_at, first_at);
INSERT INTO ticket_agent_touches (tenant_id, ticket_id, agent_id, first_at, last_at)
SELECT tenant_id, ticket_id, agent_id, min(at), max(at) FROM ticket_metrics
WHERE agent_id IS NOT NULL AND kind IN ('first_response', 'next_response', 'resolution')
GROUP BY tenant_id, ticket_id, agent_id;

-- The arrival heatmap grouped every ticket of the period by UTC hour (100k tickets: ~50-90 ms, a sort of 100k index
-- entries). Non-spam tickets per tenant × UTC hour ('YYYY-MM-DDTHH'), kept by triggers in the transaction of each
-- ticket write (created, deleted, marked or unmarked spam; rebuilt by rebuildRollups), answer its whole hours
-- without filters and for a caller who sees every ticket; partial edge hours, filters and scopes read the tickets.
CREATE TABLE ticket_arrival_hours (
  tenant_id TEXT NOT NULL,
  hour TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, hour)
) WITHOUT ROWID;
INSERT INTO ticket_arrival_hours (tenant_id, hour, n)
SELECT tenant_id, substr(created_at, 1, 13), count(*) FROM tickets WHERE spam = 0 GROUP BY tenant_id, substr(created_at, 1, 13);
CREATE TRIGGER ticket_arrival_hours_insert AFTER INSERT ON tickets WHEN NEW.spam = 0
BEGIN
  INSERT INTO ticket_arrival_hours (tenant_id, hour, n) VALUES (NEW.tenant_id, substr(NEW.created_at, 1, 13), 1)
  ON CONFLICT (tenant_id, hour) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ticket_arrival_hours_delete AFTER DELETE ON tickets WHEN OLD.spam = 0
BEGIN
  UPDATE ticket_arrival_hours SET n = n - 1 WHERE tenant_id = OLD.tenant_id AND hour = substr(OLD.created_at, 1, 13);
END;
CREATE TRIGGER ticket_arrival_hours_update AFTER UPDATE OF spam, created_at, tenant_id ON tickets
  WHEN (OLD.spam = 0) <> (NEW.spam = 0) OR substr(OLD.created_at, 1, 13) <> substr(NEW.created_at, 1, 13)
    OR OLD.tenant_id <> NEW.tenant_id
BEGIN
  UPDATE ticket_arrival_hours SET n = n - 1
  WHERE OLD.spam = 0 AND tenant_id = OLD.tenant_id AND hour = substr(OLD.created_at, 1, 13);
  INSERT INTO ticket_arrival_hours (tenant_id, hour, n)
  SELECT NEW.tenant_id, substr(NEW.created_at, 1, 13), 1 WHERE NEW.spam = 0
  ON CONFLICT (tenant_id, hour) DO UPDATE SET n = n + 1;
END;
