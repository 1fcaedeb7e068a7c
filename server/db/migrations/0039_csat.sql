-- Customer satisfaction (server/csat/): one survey per resolution of a ticket (its resolved_at), made when the
-- resolved mail is written or when the visitor rates in the widget. token_hash is the sha256 of the mail link's
-- token (null for a survey only the widget asked). A re-opened and again resolved ticket gets a new survey.
CREATE TABLE csat_surveys (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  resolved_at TEXT NOT NULL,
  token_hash TEXT,
  rating TEXT CHECK (rating IN ('good', 'bad')),
  comment TEXT,
  rated_at TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX csat_surveys_resolution ON csat_surveys (tenant_id, ticket_id, resolved_at);
CREATE UNIQUE INDEX csat_surveys_token ON csat_surveys (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX csat_surveys_rated ON csat_surveys (tenant_id, rated_at) WHERE rating IS NOT NULL;
