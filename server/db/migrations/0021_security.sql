-- Account security (issue 17): the tenant's security policy (IP allowlists, two-factor required) as one JSON
-- column, and what an agent needs to recognise and end a session: a public id, the device and address it
-- started from, how it signed in, and when it was last used.
ALTER TABLE tenants ADD COLUMN security TEXT NOT NULL DEFAULT '{}';

ALTER TABLE sessions ADD COLUMN id TEXT;
ALTER TABLE sessions ADD COLUMN ip TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
ALTER TABLE sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'password';
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
UPDATE sessions SET id = 'ses_' || lower(hex(randomblob(12))), last_seen_at = created_at;
CREATE UNIQUE INDEX sessions_id ON sessions (id);
CREATE INDEX sessions_tenant_agent ON sessions (tenant_id, agent_id, created_at);
