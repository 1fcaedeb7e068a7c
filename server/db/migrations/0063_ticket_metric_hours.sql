-- The backlog report counted per local day of the period (~250) the tickets created and the ledger's resolutions and
-- reopens with three correlated counts each: 100k tickets, ~10-13 ms of the report, p99 230+ ms at 5 connections.
-- Resolutions and reopens per tenant × kind × UTC hour ('YYYY-MM-DDTHH'), kept by triggers in the transaction of
-- each ledger write (analytics/ledger-queries.ts replaceTicketMetrics deletes and inserts rows; rebuilt by
-- rebuildRollups), answer with ticket_arrival_hours (0061) a day's whole hours without filters and for a caller
-- who sees every ticket; the partial hours at the edges of days in zones like Asia/Kolkata read the base tables.
-- Filling it from 50k resolutions took ~70 ms; a ledger write adds one upsert per resolution or reopen row.
CREATE TABLE ticket_metric_hours (
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  hour TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, kind, hour)
) WITHOUT ROWID;
INSERT INTO ticket_metric_hours (tenant_id, kind, hour, n)
SELECT tenant_id, kind, substr(at, 1, 13), count(*) FROM ticket_metrics WHERE kind IN ('resolution', 'reopen')
GROUP BY tenant_id, kind, substr(at, 1, 13);
CREATE TRIGGER ticket_metric_hours_insert AFTER INSERT ON ticket_metrics WHEN NEW.kind IN ('resolution', 'reopen')
BEGIN
  INSERT INTO ticket_metric_hours (tenant_id, kind, hour, n) VALUES (NEW.tenant_id, NEW.kind, substr(NEW.at, 1, 13), 1)
  ON CONFLICT (tenant_id, kind, hour) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ticket_metric_hours_delete AFTER DELETE ON ticket_metrics WHEN OLD.kind IN ('resolution', 'reopen')
BEGIN
  UPDATE ticket_metric_hours SET n = n - 1
  WHERE tenant_id = OLD.tenant_id AND kind = OLD.kind AND hour = substr(OLD.at, 1, 13);
END;
-- The ledger rewrites rows by delete and insert; an update of a row's kind, time or tenant is counted all the same.
CREATE TRIGGER ticket_metric_hours_update AFTER UPDATE OF kind, at, tenant_id ON ticket_metrics
  WHEN (OLD.kind IN ('resolution', 'reopen') OR NEW.kind IN ('resolution', 'reopen'))
    AND (OLD.kind <> NEW.kind OR substr(OLD.at, 1, 13) <> substr(NEW.at, 1, 13) OR OLD.tenant_id <> NEW.tenant_id)
BEGIN
  UPDATE ticket_metric_hours SET n = n - 1
  WHERE OLD.kind IN ('resolution', 'reopen') AND tenant_id = OLD.tenant_id AND kind = OLD.kind
    AND hour = substr(OLD.at, 1, 13);
  INSERT INTO ticket_metric_hours (tenant_id, kind, hour, n)
  SELECT NEW.tenant_id, NEW.kind, substr(NEW.at, 1, 13), 1 WHERE NEW.kind IN ('resolution', 'reopen')
  ON CONFLICT (tenant_id, kind, hour) DO UPDATE SET n = n + 1;
END;
