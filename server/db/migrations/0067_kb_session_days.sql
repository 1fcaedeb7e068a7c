-- The deflection report counted a period's widget sessions over kb_widget_sessions_first: one index entry per
-- session, ~4 ms of the report for 50k sessions over 250 days. Per tenant and UTC day of the session's start: how
-- many sessions began and how many of them searched, viewed and filed, kept by triggers in the transaction of each
-- session write (recorded, marked filed, forgotten after 400 days or erased); a report reads whole days from it and
-- only the partial edge days from the index (analytics/kb-deflection-queries.ts).
CREATE TABLE kb_session_days (
  tenant_id TEXT NOT NULL,
  day TEXT NOT NULL,
  sessions INTEGER NOT NULL,
  searched INTEGER NOT NULL,
  viewed INTEGER NOT NULL,
  filed INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day)
) WITHOUT ROWID;
INSERT INTO kb_session_days (tenant_id, day, sessions, searched, viewed, filed)
SELECT tenant_id, substr(first_at, 1, 10), count(*), sum(searched), sum(viewed), sum(filed) FROM kb_widget_sessions
GROUP BY tenant_id, substr(first_at, 1, 10);
CREATE TRIGGER kb_session_days_insert AFTER INSERT ON kb_widget_sessions
BEGIN
  INSERT INTO kb_session_days (tenant_id, day, sessions, searched, viewed, filed)
  VALUES (NEW.tenant_id, substr(NEW.first_at, 1, 10), 1, NEW.searched, NEW.viewed, NEW.filed)
  ON CONFLICT (tenant_id, day) DO UPDATE SET sessions = sessions + 1, searched = searched + excluded.searched,
    viewed = viewed + excluded.viewed, filed = filed + excluded.filed;
END;
CREATE TRIGGER kb_session_days_delete AFTER DELETE ON kb_widget_sessions
BEGIN
  UPDATE kb_session_days SET sessions = sessions - 1, searched = searched - OLD.searched, viewed = viewed - OLD.viewed,
    filed = filed - OLD.filed
  WHERE tenant_id = OLD.tenant_id AND day = substr(OLD.first_at, 1, 10);
END;
CREATE TRIGGER kb_session_days_update AFTER UPDATE OF tenant_id, first_at, searched, viewed, filed ON kb_widget_sessions
  WHEN (OLD.tenant_id, OLD.first_at, OLD.searched, OLD.viewed, OLD.filed)
    IS NOT (NEW.tenant_id, NEW.first_at, NEW.searched, NEW.viewed, NEW.filed)
BEGIN
  UPDATE kb_session_days SET sessions = sessions - 1, searched = searched - OLD.searched, viewed = viewed - OLD.viewed,
    filed = filed - OLD.filed
  WHERE tenant_id = OLD.tenant_id AND day = substr(OLD.first_at, 1, 10);
  INSERT INTO kb_session_days (tenant_id, day, sessions, searched, viewed, filed)
  VALUES (NEW.tenant_id, substr(NEW.first_at, 1, 10), 1, NEW.searched, NEW.viewed, NEW.filed)
  ON CONFLICT (tenant_id, day) DO UPDATE SET sessions = sessions + 1, searched = searched + excluded.searched,
    viewed = viewed + excluded.viewed, filed = filed + excluded.filed;
END;
