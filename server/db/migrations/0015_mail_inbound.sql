-- Inbound mail: the original of every mail that became a message, as it arrived (agents can read it,
-- attachments included, until the attachments issue keeps them as files), and the link from a
-- follow-up ticket (opened by a reply to a closed ticket) to the ticket it follows up.
CREATE TABLE mail_inbound (
  tenant_id TEXT NOT NULL,
  -- The ticket message this mail became.
  message_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  -- Its Message-ID header, without angle brackets (NULL when it had none).
  mail_message_id TEXT,
  sender TEXT NOT NULL,
  subject TEXT NOT NULL,
  size INTEGER NOT NULL,
  raw BLOB NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, message_id)
);
CREATE INDEX mail_inbound_ticket ON mail_inbound (tenant_id, ticket_id, received_at);

ALTER TABLE tickets ADD COLUMN follow_up_of TEXT;
