-- The agent table's `handled` read every agent × ticket pair whose last touch is on or after the period's start
-- (100k tickets, 250 days: ~12-26 ms). For a pair first_at <= last_at, so the pairs whose span meets [from, to) number
-- #(last_at >= from) - #(first_at >= to): per agent, sums of how many pairs have their first and their last touch on
-- each UTC day. Kept by triggers on ticket_agent_touches in the transaction of each ledger write (recounted by
-- rebuildRollups); the report reads whole days from here, the partial day at each edge and the pairs straddling the
-- whole period from the touches (analytics/breakdown-queries.ts).
CREATE TABLE agent_touch_days (
  tenant_id TEXT NOT NULL,
  day TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  firsts INTEGER NOT NULL,
  lasts INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day, agent_id)
) WITHOUT ROWID;
INSERT INTO agent_touch_days (tenant_id, day, agent_id, firsts, lasts)
SELECT tenant_id, day, agent_id, sum(f), sum(l) FROM (
  SELECT tenant_id, substr(first_at, 1, 10) AS day, agent_id, 1 AS f, 0 AS l FROM ticket_agent_touches
  UNION ALL
  SELECT tenant_id, substr(last_at, 1, 10), agent_id, 0, 1 FROM ticket_agent_touches
) GROUP BY tenant_id, day, agent_id;
CREATE TRIGGER agent_touch_days_insert AFTER INSERT ON ticket_agent_touches
BEGIN
  INSERT INTO agent_touch_days (tenant_id, day, agent_id, firsts, lasts)
  VALUES (NEW.tenant_id, substr(NEW.first_at, 1, 10), NEW.agent_id, 1, 0)
  ON CONFLICT (tenant_id, day, agent_id) DO UPDATE SET firsts = firsts + 1;
  INSERT INTO agent_touch_days (tenant_id, day, agent_id, firsts, lasts)
  VALUES (NEW.tenant_id, substr(NEW.last_at, 1, 10), NEW.agent_id, 0, 1)
  ON CONFLICT (tenant_id, day, agent_id) DO UPDATE SET lasts = lasts + 1;
END;
CREATE TRIGGER agent_touch_days_delete AFTER DELETE ON ticket_agent_touches
BEGIN
  UPDATE agent_touch_days SET firsts = firsts - 1
  WHERE tenant_id = OLD.tenant_id AND day = substr(OLD.first_at, 1, 10) AND agent_id = OLD.agent_id;
  UPDATE agent_touch_days SET lasts = lasts - 1
  WHERE tenant_id = OLD.tenant_id AND day = substr(OLD.last_at, 1, 10) AND agent_id = OLD.agent_id;
END;
CREATE TRIGGER agent_touch_days_update AFTER UPDATE OF tenant_id, agent_id, first_at, last_at ON ticket_agent_touches
BEGIN
  UPDATE agent_touch_days SET firsts = firsts - 1
  WHERE tenant_id = OLD.tenant_id AND day = substr(OLD.first_at, 1, 10) AND agent_id = OLD.agent_id;
  UPDATE agent_touch_days SET lasts = lasts - 1
  WHERE tenant_id = OLD.tenant_id AND day = substr(OLD.last_at, 1, 10) AND agent_id = OLD.agent_id;
  INSERT INTO agent_touch_days (tenant_id, day, agent_id, firsts, lasts)
  VALUES (NEW.tenant_id, substr(NEW.first_at, 1, 10), NEW.agent_id, 1, 0)
  ON CONFLICT (tenant_id, day, agent_id) DO UPDATE SET firsts = firsts + 1;
  INSERT INTO agent_touch_days (tenant_id, day, agent_id, firsts, lasts)
  VALUES (NEW.tenant_id, substr(NEW.last_at, 1, 10), NEW.agent_id, 0, 1)
  ON CONFLICT (tenant_id, day, agent_id) DO UPDATE SET lasts = lasts + 1;
END;
-- The partial edge days and the pairs straddling a period, for every agent: a range of last_at or of first_at.
CREATE INDEX ticket_agent_touches_last ON ticket_agent_touches (tenant_id, last_at, first_at, agent_id);
CREATE INDEX ticket_agent_touches_first ON ticket_agent_touches (tenant_id, first_at, last_at, agent_id);
