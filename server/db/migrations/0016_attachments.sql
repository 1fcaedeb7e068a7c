-- Attachments: one row per stored file. The bytes live in the storage driver (STORAGE_URL) under
-- `<tenant_id>/<id>`; this row is what may be read, by whom, and whether it is safe to serve.
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  -- NULL until a ticket or message takes it (unattached uploads are removed after a day).
  ticket_id TEXT,
  message_id TEXT,
  filename TEXT NOT NULL,
  -- Read from the file's magic bytes, never from its name alone.
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  -- 'scanning' (CLAMAV_URL set, not yet scanned), 'ready', 'infected' (quarantined: never served).
  status TEXT NOT NULL DEFAULT 'ready',
  -- The virus signature of an infected file.
  scan_result TEXT,
  -- Who uploaded it: 'agent' | 'api' | 'visitor' | 'email', and the agent / API key id, or the visitor token hash.
  uploader_type TEXT NOT NULL,
  uploader_id TEXT,
  created_at TEXT NOT NULL,
  attached_at TEXT,
  -- Set when its ticket is deleted (or it expired unattached): the janitor removes the bytes, then the row.
  deleted_at TEXT
);
CREATE INDEX attachments_message ON attachments (tenant_id, message_id);
CREATE INDEX attachments_ticket ON attachments (tenant_id, ticket_id);
CREATE INDEX attachments_tenant_size ON attachments (tenant_id, deleted_at, size);
CREATE INDEX attachments_unattached ON attachments (created_at) WHERE message_id IS NULL AND deleted_at IS NULL;
CREATE INDEX attachments_deleted ON attachments (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX attachments_scanning ON attachments (created_at) WHERE status = 'scanning';
