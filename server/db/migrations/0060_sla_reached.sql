-- "Still unmet" SLA targets (due in the period, no ledger row of the target's kind) were counted by probing the
-- ledger once per ticket with a due time: 100k tickets, 50k due times per target, ~300-900 ms per /metrics. The
-- ledger write (analytics/ledger-queries.ts replaceTicketMetrics, in the ledger's transaction; rebuilt by
-- rebuildRollups) now marks on the ticket whether its rows hold each target's SLA row, so the unmet targets are a
-- partial index of their own, read without touching the ledger or the table (the columns of its WHERE are in it too,
-- or SQLite reads each row to check them).
ALTER TABLE tickets ADD COLUMN sla_first_response_reached INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_resolution_reached INTEGER NOT NULL DEFAULT 0;
UPDATE tickets SET sla_first_response_reached = 1
WHERE (tenant_id, id) IN (SELECT tenant_id, ticket_id FROM ticket_metrics WHERE kind = 'sla_first_response');
UPDATE tickets SET sla_resolution_reached = 1
WHERE (tenant_id, id) IN (SELECT tenant_id, ticket_id FROM ticket_metrics WHERE kind = 'sla_resolution');
CREATE INDEX tickets_first_response_unmet ON tickets
  (tenant_id, first_response_due_at, priority, team_id, channel, assignee_id, spam, sla_first_response_reached)
  WHERE first_response_due_at IS NOT NULL AND spam = 0 AND sla_first_response_reached = 0;
CREATE INDEX tickets_resolution_unmet ON tickets
  (tenant_id, resolution_due_at, priority, team_id, channel, assignee_id, spam, sla_resolution_reached)
  WHERE resolution_due_at IS NOT NULL AND spam = 0 AND sla_resolution_reached = 0;

-- Metrics for one agent and a second filter (team, channel, priority) read the ledger rows' own copies of those
-- (analytics/metrics-queries.ts ledgerDimsFilter) instead of joining each row with its ticket: the agent index
-- carries them, so the agent's rows are read from it alone (100k tickets, agent + priority: ~140 ms before).
DROP INDEX ticket_metrics_agent;
CREATE INDEX ticket_metrics_agent ON ticket_metrics
  (tenant_id, agent_id, kind, at, calendar_seconds, business_seconds, met, team_id, channel, priority)
  WHERE agent_id IS NOT NULL;
