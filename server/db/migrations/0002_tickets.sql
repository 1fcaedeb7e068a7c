-- Tickets, their messages and activity, customers, custom fields, SLA policies, visitor tokens,
-- the ticket full-text index and the counters behind gapless numbers, plan usage and round-robin.

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  email TEXT NOT NULL,
  name TEXT,
  external_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX customers_tenant_email ON customers (tenant_id, email COLLATE NOCASE);
CREATE UNIQUE INDEX customers_tenant_external ON customers (tenant_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX customers_tenant_created ON customers (tenant_id, created_at, id);

CREATE TABLE ticket_counters (
  tenant_id TEXT PRIMARY KEY,
  last_number INTEGER NOT NULL
);

-- Tickets created per tenant and calendar month (UTC), for the plan's maxTickets.
CREATE TABLE ticket_usage (
  tenant_id TEXT NOT NULL,
  month TEXT NOT NULL,
  tickets INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, month)
);

CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  subject TEXT NOT NULL,
  status TEXT NOT NULL,
  priority TEXT NOT NULL,
  -- 1 low … 4 urgent, so "sort by priority" is an index walk.
  priority_rank INTEGER NOT NULL,
  channel TEXT NOT NULL,
  requester_id TEXT NOT NULL,
  assignee_id TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  custom_fields TEXT NOT NULL DEFAULT '{}',
  first_response_at TEXT,
  resolved_at TEXT,
  closed_at TEXT,
  first_response_due_at TEXT,
  resolution_due_at TEXT,
  -- The next SLA deadline still open (NULL when none), kept in step on every write.
  sla_due_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX tickets_tenant_number ON tickets (tenant_id, number);
CREATE INDEX tickets_tenant_updated ON tickets (tenant_id, updated_at, id);
CREATE INDEX tickets_tenant_created ON tickets (tenant_id, created_at, id);
CREATE INDEX tickets_tenant_status_assignee ON tickets (tenant_id, status, assignee_id, updated_at, id);
CREATE INDEX tickets_tenant_assignee ON tickets (tenant_id, assignee_id, updated_at, id);
CREATE INDEX tickets_tenant_requester ON tickets (tenant_id, requester_id, updated_at, id);
CREATE INDEX tickets_tenant_priority ON tickets (tenant_id, priority_rank, updated_at, id);
CREATE INDEX tickets_tenant_sla ON tickets (tenant_id, coalesce(sla_due_at, '9999'), id);

CREATE TABLE ticket_tags (
  tenant_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, tag, ticket_id)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_ticket ON ticket_tags (ticket_id);

CREATE TABLE ticket_messages (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  author_type TEXT NOT NULL,
  author_id TEXT,
  author_name TEXT,
  body TEXT NOT NULL,
  internal INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (tenant_id, ticket_id, created_at, id);

CREATE TABLE ticket_activity (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT,
  action TEXT NOT NULL,
  changes TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX ticket_activity_ticket ON ticket_activity (tenant_id, ticket_id, seq);

-- Subject and every message body, one row each; searched by agents only.
CREATE VIRTUAL TABLE tickets_fts USING fts5 (
  text,
  ticket_id UNINDEXED,
  tenant_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE custom_fields (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  key TEXT NOT NULL,
  label TEXT NOT NULL,
  type TEXT NOT NULL,
  required INTEGER NOT NULL DEFAULT 0,
  options TEXT NOT NULL DEFAULT '[]',
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX custom_fields_tenant_key ON custom_fields (tenant_id, key);

CREATE TABLE sla_policies (
  tenant_id TEXT NOT NULL,
  priority TEXT NOT NULL,
  first_response_minutes INTEGER,
  resolution_minutes INTEGER,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, priority)
);

-- A visitor token reads the tickets it was issued with (scope 'tickets'), or all of an
-- identified customer's tickets (scope 'customer').
CREATE TABLE visitor_tokens (
  token_hash TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT
);
CREATE INDEX visitor_tokens_customer ON visitor_tokens (tenant_id, customer_id);

CREATE TABLE visitor_token_tickets (
  token_hash TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  PRIMARY KEY (token_hash, ticket_id)
) WITHOUT ROWID;

CREATE TABLE assignment_state (
  tenant_id TEXT PRIMARY KEY,
  last_agent_id TEXT
);

CREATE TABLE api_usage (
  tenant_id TEXT NOT NULL,
  day TEXT NOT NULL,
  calls INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day)
);
