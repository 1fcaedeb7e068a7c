-- Outbound mail: one row per mail, written in the transaction (or from the event) that causes it,
-- sent by the mail worker with retries; the tenant's mail log reads the same rows.
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  ticket_id TEXT,
  -- confirmation, reply, resolved, agent_new_ticket, agent_assigned, agent_customer_replied, …
  kind TEXT NOT NULL,
  -- The event this mail answers; with kind and recipient it makes the mail once only.
  event_id TEXT,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  -- Our Message-ID for this mail, without angle brackets.
  message_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'bounced', 'not_sent')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  lease_until TEXT,
  -- The SMTP server's last answer, or why the mail was not sent.
  smtp_response TEXT,
  -- JSON: from, replyTo, headers, html, text: everything needed to send it again after a restart.
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE UNIQUE INDEX mail_outbox_once ON mail_outbox (event_id, kind, recipient) WHERE event_id IS NOT NULL;
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_tenant ON mail_outbox (tenant_id, created_at, id);
CREATE INDEX mail_outbox_message ON mail_outbox (tenant_id, message_id);
