-- Password reset links: one live link per agent (a new one replaces it), stored only as a sha256 hash.
-- Until outbound mail exists the account owner makes the link (POST /agents/{id}/password-reset) and hands it over.
CREATE TABLE password_resets (
  agent_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
