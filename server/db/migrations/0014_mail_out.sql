-- Outbound mail (issue 13, sending): where the mail fan-out has read the event log to, each agent's
-- notification choices, and the Outlook Thread-Index each mail carried (the next one extends it).

-- One row per reader of the global events.seq. It starts at the log's current end, so an upgraded
-- database does not mail its history.
CREATE TABLE mail_cursor (
  name TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
);
INSERT INTO mail_cursor (name, seq) SELECT 'outbound', coalesce(max(seq), 0) FROM events;

-- Absent row: every notification on.
CREATE TABLE agent_notification_prefs (
  tenant_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  new_ticket INTEGER NOT NULL DEFAULT 1,
  assigned_to_me INTEGER NOT NULL DEFAULT 1,
  customer_replied INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, agent_id)
);

ALTER TABLE mail_outbox ADD COLUMN thread_index TEXT;
-- Which process holds the lease (lease_until), so only it records the result.
ALTER TABLE mail_outbox ADD COLUMN claimed_by TEXT;
CREATE INDEX mail_outbox_ticket ON mail_outbox (tenant_id, ticket_id, created_at);
