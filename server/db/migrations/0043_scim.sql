-- SCIM 2.0 provisioning (issue 17): one bearer token per tenant (stored hashed, rotated by the owner), which agents an
-- identity provider manages (its externalId, and whether it deleted them: a deleted user stays as a deactivated
-- agent so their messages keep their name, but SCIM no longer sees it), and the groups it pushes with their members
-- (group names map to roles through tenants.security.groupRoles).
CREATE TABLE scim_tokens (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  hint TEXT NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX scim_tokens_tenant ON scim_tokens (tenant_id, created_at);

CREATE TABLE scim_users (
  tenant_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  external_id TEXT,
  deleted_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, agent_id)
);

CREATE TABLE scim_groups (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  external_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX scim_groups_name ON scim_groups (tenant_id, display_name COLLATE NOCASE);
CREATE INDEX scim_groups_tenant ON scim_groups (tenant_id, created_at, id);

CREATE TABLE scim_group_members (
  tenant_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, group_id, agent_id)
);
CREATE INDEX scim_group_members_agent ON scim_group_members (tenant_id, agent_id);
