-- The weekly summary mail (analytics/weekly-summary.ts): an agent who may read reports chooses to get it, and each
-- tenant's week is sent once (the row is written in the same transaction that queues the mails, so a second node or
-- a restart never sends a week twice).
ALTER TABLE agent_notification_prefs ADD COLUMN weekly_summary INTEGER NOT NULL DEFAULT 0;

CREATE TABLE weekly_summaries_sent (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  week_start TEXT NOT NULL,
  recipients INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, week_start)
);
