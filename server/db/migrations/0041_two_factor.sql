-- Two-factor sign-in (issue 17): an agent's TOTP secret (encrypted with the server's two-factor key; active once
-- verified, with the last time step used so a code never works twice), single-use recovery codes (hashed),
-- passkeys (WebAuthn credentials), and the short-lived single-use challenges of the second step and of
-- WebAuthn ceremonies (stored as hashes of the token handed to the browser).
CREATE TABLE agent_totp (
  tenant_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  secret_enc TEXT NOT NULL,
  verified_at TEXT,
  last_step INTEGER,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, agent_id)
);

CREATE TABLE recovery_codes (
  tenant_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  used_at TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, agent_id, code_hash)
);

CREATE TABLE passkeys (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  credential_id TEXT NOT NULL UNIQUE,
  public_key TEXT NOT NULL,
  counter INTEGER NOT NULL DEFAULT 0,
  transports TEXT NOT NULL DEFAULT '[]',
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT
);
CREATE INDEX passkeys_agent ON passkeys (tenant_id, agent_id);

-- kind: 'login' (password checked, second step pending), 'passkey-register', 'passkey-sign-in'.
CREATE TABLE auth_challenges (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  tenant_id TEXT,
  agent_id TEXT,
  webauthn_challenge TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX auth_challenges_expiry ON auth_challenges (expires_at);
