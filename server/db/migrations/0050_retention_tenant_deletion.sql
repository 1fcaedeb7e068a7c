-- Data lifecycle (issue 19): retention policies with the log of their runs, and whole-tenant deletion.

-- A policy deletes or redacts a tenant's solved (resolved/closed) tickets once they were solved more than
-- `older_than_days` ago, optionally only those of some channels (JSON array) or carrying one of some tags.
CREATE TABLE retention_policies (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('delete', 'redact')),
  older_than_days INTEGER NOT NULL,
  channels TEXT NOT NULL DEFAULT '[]',
  tags TEXT NOT NULL DEFAULT '[]',
  enabled INTEGER NOT NULL DEFAULT 1,
  last_run_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX retention_policies_tenant ON retention_policies (tenant_id, created_at, id);

-- One row per sweep of a policy: counts only (tickets, messages, files), never the data itself.
CREATE TABLE retention_runs (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  policy_id TEXT NOT NULL,
  action TEXT NOT NULL,
  -- done: nothing left to do; partial: the batch limit was reached, the next sweep goes on
  status TEXT NOT NULL CHECK (status IN ('done', 'partial')),
  counts TEXT NOT NULL DEFAULT '{}',
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL
);
CREATE INDEX retention_runs_tenant ON retention_runs (tenant_id, started_at DESC, id DESC);

-- A redacted ticket stays for statistics; this marks it so no policy (or erasure) redacts it again.
ALTER TABLE tickets ADD COLUMN redacted_at TEXT;
CREATE INDEX tickets_tenant_solved ON tickets (tenant_id, status, coalesce(resolved_at, closed_at)) WHERE redacted_at IS NULL;

-- A tenant its owner (or the platform operator) asked to delete: cancelled at once, purged after `purge_after`
-- unless undone. The row goes with the purge, so nothing names the tenant afterwards.
CREATE TABLE tenant_deletions (
  tenant_id TEXT PRIMARY KEY,
  previous_status TEXT NOT NULL,
  requested_by_type TEXT NOT NULL,
  requested_by_id TEXT,
  requested_at TEXT NOT NULL,
  purge_after TEXT NOT NULL
);
CREATE INDEX tenant_deletions_due ON tenant_deletions (purge_after);
