-- Canned responses (saved replies) and macros (named sets of ticket actions) (server/canned-responses/, server/macros/).

-- A saved reply: shared (owner_id NULL, the whole help desk sees it) or personal (only owner_id sees it).
-- The body may hold placeholders ({{customer.name}} …), checked when saved and filled in per ticket.
CREATE TABLE canned_responses (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  owner_id TEXT,
  title TEXT NOT NULL,
  shortcut TEXT,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX canned_responses_list ON canned_responses (tenant_id, created_at, id);

-- A macro: its actions as JSON ({"reply": "…", "status": "resolved", "tags": ["refund"] …}), applied through the
-- ticket services to one ticket or to ticked tickets.
CREATE TABLE macros (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  actions TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX macros_tenant_name ON macros (tenant_id, name COLLATE NOCASE);
CREATE INDEX macros_list ON macros (tenant_id, created_at, id);
