-- What email (outbound and inbound) and the spam folder share: a tenant slug (its inbound address
-- is <slug>@<INBOUND_DOMAIN>), the Message-IDs that thread mail into tickets, and the ticket spam flag.

ALTER TABLE tenants ADD COLUMN slug TEXT;

-- Existing tenants get a slug from their name where that is plainly URL-safe, else one from their id;
-- a name another tenant already took gets the id's tail. The owner can change it in Settings.
UPDATE tenants SET slug = trim(replace(replace(replace(replace(replace(replace(lower(trim(name)),
  ' ', '-'), '.', '-'), '''', ''), '&', 'and'), '_', '-'), '/', '-'), '-');
UPDATE tenants SET slug = 'tenant-' || lower(substr(id, -8))
  WHERE slug IS NULL OR slug = '' OR slug GLOB '*[^a-z0-9-]*' OR instr(slug, '-' || '-') > 0 OR length(slug) > 40;
UPDATE tenants SET slug = substr(slug, 1, 30) || '-' || lower(substr(id, -8))
  WHERE rowid NOT IN (SELECT min(rowid) FROM tenants GROUP BY slug);
CREATE UNIQUE INDEX tenants_slug ON tenants (slug);

-- Every Message-ID we sent for a ticket and every one we received into it: a reply's In-Reply-To or
-- References finds its ticket here. Stored without angle brackets, as written in the header.
CREATE TABLE mail_message_ids (
  tenant_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, message_id)
);
CREATE INDEX mail_message_ids_ticket ON mail_message_ids (tenant_id, ticket_id, created_at);

-- A ticket that failed spam signals is kept, out of every queue, until an agent releases or deletes it.
ALTER TABLE tickets ADD COLUMN spam INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_tenant_spam ON tickets (tenant_id, spam, updated_at, id);
