-- Reports over 100k tickets answer from daily rollups of the metric ledger instead of its rows (analytics/rollups.ts).
-- The ledger rows carry the ticket's team, channel and priority (kept current with each change), so a day's rollup
-- is built from the ledger alone and a moved ticket rewrites its rows.
ALTER TABLE ticket_metrics ADD COLUMN team_id TEXT;
ALTER TABLE ticket_metrics ADD COLUMN channel TEXT;
ALTER TABLE ticket_metrics ADD COLUMN priority TEXT;
UPDATE ticket_metrics SET team_id = t.team_id, channel = t.channel, priority = t.priority
FROM tickets t WHERE t.tenant_id = ticket_metrics.tenant_id AND t.id = ticket_metrics.ticket_id;

-- One row per tenant × UTC day × kind for all tickets (dim ''), and one per value of each filter a report offers
-- (dim 'agent', 'team', 'channel', 'priority'): how many rows, how many SLA targets met, the seven distribution
-- buckets of the calendar time, and log-bucket sketches of calendar and business seconds (analytics/sketch.ts) from
-- which medians and p90 are read; `exact` keeps the values themselves while a day has few of them.
CREATE TABLE ticket_metric_days (
  tenant_id TEXT NOT NULL,
  dim TEXT NOT NULL,
  value TEXT NOT NULL,
  kind TEXT NOT NULL,
  day TEXT NOT NULL,
  n INTEGER NOT NULL,
  met INTEGER NOT NULL,
  dist BLOB,
  calendar BLOB,
  business BLOB,
  exact TEXT,
  PRIMARY KEY (tenant_id, dim, value, kind, day)
) WITHOUT ROWID;
CREATE INDEX ticket_metric_days_day ON ticket_metric_days (tenant_id, day);
-- The same per UTC month ('YYYY-MM'), merged from its days when its last dirty day is rebuilt, so a report over
-- months reads a row per month instead of thirty.
CREATE TABLE ticket_metric_months (
  tenant_id TEXT NOT NULL,
  dim TEXT NOT NULL,
  value TEXT NOT NULL,
  kind TEXT NOT NULL,
  day TEXT NOT NULL,
  n INTEGER NOT NULL,
  met INTEGER NOT NULL,
  dist BLOB,
  calendar BLOB,
  business BLOB,
  exact TEXT,
  PRIMARY KEY (tenant_id, dim, value, kind, day)
) WITHOUT ROWID;

-- Days whose ledger rows changed since their rollup was built: reports read those days from the ledger until the
-- rollup worker rebuilds them, so a figure is never stale. Every day with ledger rows starts dirty.
CREATE TABLE ticket_metric_dirty_days (tenant_id TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (tenant_id, day)) WITHOUT ROWID;
INSERT INTO ticket_metric_dirty_days (tenant_id, day) SELECT DISTINCT tenant_id, substr(at, 1, 10) FROM ticket_metrics;

-- Metrics for one agent and another filter read that agent's rows only.
CREATE INDEX ticket_metrics_agent ON ticket_metrics (tenant_id, agent_id, kind, at, calendar_seconds, business_seconds, met)
  WHERE agent_id IS NOT NULL;
-- The agent table's `handled` (distinct tickets over the period, which no sum of days gives) is counted in this
-- index's order, agent then ticket, without sorting.
CREATE INDEX ticket_metrics_handled ON ticket_metrics (tenant_id, agent_id, ticket_id, at, kind) WHERE agent_id IS NOT NULL;

-- Live tiles: open work and the oldest unanswered ticket counted from small partial indexes, never the table.
CREATE INDEX tickets_live_open ON tickets (tenant_id, status, coalesce(sla_due_at, '9999'), team_id, priority, assignee_id)
  WHERE spam = 0 AND merged_into IS NULL;
CREATE INDEX tickets_live_unanswered ON tickets (tenant_id, created_at, id)
  WHERE status = 'open' AND first_response_at IS NULL AND snoozed = 0 AND spam = 0 AND merged_into IS NULL;
-- SLA targets still due: the overdue count reads the tickets whose deadline falls in the period.
CREATE INDEX tickets_first_response_due ON tickets (tenant_id, first_response_due_at) WHERE first_response_due_at IS NOT NULL;
CREATE INDEX tickets_resolution_due ON tickets (tenant_id, resolution_due_at) WHERE resolution_due_at IS NOT NULL;
-- The arrival heatmap counts tickets per hour from the index alone.
CREATE INDEX tickets_arrivals ON tickets (tenant_id, created_at, team_id, channel, priority) WHERE spam = 0;
