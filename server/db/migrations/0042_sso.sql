-- Single sign-on (issue 17): one identity provider per tenant (OIDC or SAML), the email domains that lead to it (a
-- domain belongs to one tenant only), the sign-ins under way (OIDC state/nonce/PKCE verifier, SAML request ids:
-- single use, short-lived) and the SAML assertion ids already used (kept until they expire, so a replay is refused).
CREATE TABLE sso_configs (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  protocol TEXT NOT NULL CHECK (protocol IN ('oidc', 'saml')),
  -- OIDC: issuer, clientId; SAML: idpEntityId, idpSsoUrl, idpCerts, idpMetadataXml.
  settings TEXT NOT NULL,
  -- OIDC client secret, AES-256-GCM under the server's sso_secret_key (never served back).
  client_secret_enc TEXT,
  enforce INTEGER NOT NULL DEFAULT 0,
  default_role_id TEXT NOT NULL DEFAULT 'agent',
  break_glass_agent_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sso_domains (
  domain TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX sso_domains_tenant ON sso_domains (tenant_id);

CREATE TABLE sso_requests (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  protocol TEXT NOT NULL,
  -- OIDC: nonce and PKCE code verifier; SAML: the request's issue instant.
  nonce TEXT,
  code_verifier TEXT,
  email TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sso_requests_expiry ON sso_requests (expires_at);

CREATE TABLE sso_seen_assertions (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  assertion_id TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, assertion_id)
);
CREATE INDEX sso_seen_assertions_expiry ON sso_seen_assertions (expires_at);
