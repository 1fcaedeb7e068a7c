-- Privacy requests (issue 19): a subject export or an erasure of one person of a tenant, processed by the
-- privacy worker. The email is kept only while the request waits (`email`, cleared when it is done), so a
-- finished erasure leaves nothing that names the person; `subject_hash` (HMAC of the lowercased email under
-- the tenant) lets an erasure find and remove that person's earlier export archives.
CREATE TABLE privacy_requests (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('export', 'erasure')),
  mode TEXT CHECK (mode IN ('delete', 'redact')),
  email TEXT,
  subject_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  -- counts only (tickets, messages, files …), never the data itself
  result TEXT NOT NULL DEFAULT '{}',
  found INTEGER NOT NULL DEFAULT 0,
  archive_key TEXT,
  archive_size INTEGER,
  error TEXT,
  requested_by_type TEXT NOT NULL,
  requested_by_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX privacy_requests_tenant ON privacy_requests (tenant_id, created_at DESC, id DESC);
CREATE INDEX privacy_requests_waiting ON privacy_requests (status, created_at) WHERE status IN ('queued', 'running');
CREATE INDEX privacy_requests_subject ON privacy_requests (tenant_id, subject_hash);
