-- "Still unmet" SLA targets (due in the period and before now, not reached) were counted over the partial indexes
-- tickets_*_unmet (0060): one index entry per unmet target of the period, ~5-7 ms per target over 100k tickets with
-- 25k unmet targets, in /analytics/metrics and per priority in /analytics/sla. They are counted per tenant, target,
-- UTC day of the due time and priority here, kept by triggers in the transaction of each ticket write (its due time,
-- reached mark, spam mark or priority changing; the ledger write sets the reached marks) and recounted by
-- rebuildRollups: reports without filters, for a caller who sees every ticket, read the whole days from it and
-- only the partial edge days (the period's and today's) from the index.
CREATE TABLE sla_unmet_days (
  tenant_id TEXT NOT NULL,
  target TEXT NOT NULL,
  day TEXT NOT NULL,
  priority TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, target, day, priority)
) WITHOUT ROWID;

INSERT INTO sla_unmet_days (tenant_id, target, day, priority, n)
SELECT tenant_id, 'first_response', substr(first_response_due_at, 1, 10), priority, count(*) FROM tickets
WHERE first_response_due_at IS NOT NULL AND spam = 0 AND sla_first_response_reached = 0
GROUP BY tenant_id, substr(first_response_due_at, 1, 10), priority;

INSERT INTO sla_unmet_days (tenant_id, target, day, priority, n)
SELECT tenant_id, 'resolution', substr(resolution_due_at, 1, 10), priority, count(*) FROM tickets
WHERE resolution_due_at IS NOT NULL AND spam = 0 AND sla_resolution_reached = 0
GROUP BY tenant_id, substr(resolution_due_at, 1, 10), priority;

CREATE TRIGGER sla_unmet_first_response_insert AFTER INSERT ON tickets WHEN NEW.first_response_due_at IS NOT NULL AND NEW.spam = 0 AND NEW.sla_first_response_reached = 0
BEGIN
  INSERT INTO sla_unmet_days (tenant_id, target, day, priority, n)
  SELECT NEW.tenant_id, 'first_response', substr(NEW.first_response_due_at, 1, 10), NEW.priority, 1 WHERE 1
  ON CONFLICT (tenant_id, target, day, priority) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER sla_unmet_first_response_delete AFTER DELETE ON tickets WHEN OLD.first_response_due_at IS NOT NULL AND OLD.spam = 0 AND OLD.sla_first_response_reached = 0
BEGIN
  UPDATE sla_unmet_days SET n = n - 1
  WHERE tenant_id = OLD.tenant_id AND target = 'first_response' AND day = substr(OLD.first_response_due_at, 1, 10)
    AND priority = OLD.priority;
END;
CREATE TRIGGER sla_unmet_first_response_update AFTER UPDATE OF first_response_due_at, sla_first_response_reached, spam, priority, tenant_id ON tickets
  WHEN (OLD.first_response_due_at IS NOT NULL AND OLD.spam = 0 AND OLD.sla_first_response_reached = 0) IS NOT (NEW.first_response_due_at IS NOT NULL AND NEW.spam = 0 AND NEW.sla_first_response_reached = 0)
    OR ((OLD.first_response_due_at IS NOT NULL AND OLD.spam = 0 AND OLD.sla_first_response_reached = 0) AND (OLD.first_response_due_at <> NEW.first_response_due_at OR OLD.priority <> NEW.priority OR OLD.tenant_id <> NEW.tenant_id))
BEGIN
  UPDATE sla_unmet_days SET n = n - 1
  WHERE OLD.first_response_due_at IS NOT NULL AND OLD.spam = 0 AND OLD.sla_first_response_reached = 0 AND tenant_id = OLD.tenant_id AND target = 'first_response' AND day = substr(OLD.first_response_due_at, 1, 10)
    AND priority = OLD.priority;
  INSERT INTO sla_unmet_days (tenant_id, target, day, priority, n)
  SELECT NEW.tenant_id, 'first_response', substr(NEW.first_response_due_at, 1, 10), NEW.priority, 1 WHERE NEW.first_response_due_at IS NOT NULL AND NEW.spam = 0 AND NEW.sla_first_response_reached = 0
  ON CONFLICT (tenant_id, target, day, priority) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER sla_unmet_resolution_insert AFTER INSERT ON tickets WHEN NEW.resolution_due_at IS NOT NULL AND NEW.spam = 0 AND NEW.sla_resolution_reached = 0
BEGIN
  INSERT INTO sla_unmet_days (tenant_id, target, day, priority, n)
  SELECT NEW.tenant_id, 'resolution', substr(NEW.resolution_due_at, 1, 10), NEW.priority, 1 WHERE 1
  ON CONFLICT (tenant_id, target, day, priority) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER sla_unmet_resolution_delete AFTER DELETE ON tickets WHEN OLD.resolution_due_at IS NOT NULL AND OLD.spam = 0 AND OLD.sla_resolution_reached = 0
BEGIN
  UPDATE sla_unmet_days SET n = n - 1
  WHERE tenant_id = OLD.tenant_id AND target = 'resolution' AND day = substr(OLD.resolution_due_at, 1, 10)
    AND priority = OLD.priority;
END;
CREATE TRIGGER sla_unmet_resolution_update AFTER UPDATE OF resolution_due_at, sla_resolution_reached, spam, priority, tenant_id ON tickets
  WHEN (OLD.resolution_due_at IS NOT NULL AND OLD.spam = 0 AND OLD.sla_resolution_reached = 0) IS NOT (NEW.resolution_due_at IS NOT NULL AND NEW.spam = 0 AND NEW.sla_resolution_reached = 0)
    OR ((OLD.resolution_due_at IS NOT NULL AND OLD.spam = 0 AND OLD.sla_resolution_reached = 0) AND (OLD.resolution_due_at <> NEW.resolution_due_at OR OLD.priority <> NEW.priority OR OLD.tenant_id <> NEW.tenant_id))
BEGIN
  UPDATE sla_unmet_days SET n = n - 1
  WHERE OLD.resolution_due_at IS NOT NULL AND OLD.spam = 0 AND OLD.sla_resolution_reached = 0 AND tenant_id = OLD.tenant_id AND target = 'resolution' AND day = substr(OLD.resolution_due_at, 1, 10)
    AND priority = OLD.priority;
  INSERT INTO sla_unmet_days (tenant_id, target, day, priority, n)
  SELECT NEW.tenant_id, 'resolution', substr(NEW.resolution_due_at, 1, 10), NEW.priority, 1 WHERE NEW.resolution_due_at IS NOT NULL AND NEW.spam = 0 AND NEW.sla_resolution_reached = 0
  ON CONFLICT (tenant_id, target, day, priority) DO UPDATE SET n = n + 1;
END;
