-- The agent table's `handled` (distinct tickets an agent replied to or resolved in the period) grouped every ledger
-- row of the period by agent and ticket: 100k tickets, ~245k rows, ~120-170 ms. One row per agent × ticket with its
-- first and last such ledger row, kept by the ledger write in its transaction (analytics/ledger-queries.ts; rebuilt
-- by rebuildRollups), answers it from one row per pair: a pair whose first or last touch falls in the period, or
-- whose touches lie wholly inside it, counts as is; only a pair whose touches straddle both edges asks the ledger.
CREATE TABLE ticket_agent_touches (
  tenant_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, ticket_id, agent_id)
) WITHOUT ROWID;
CREATE INDEX ticket_agent_touches_agent ON ticket_agent_touches (tenant_id, agent_id, last_at, first_at);
INSERT INTO ticket_agent_touches (tenant_id, ticket_id, agent_id, first_at, last_at)
SELECT tenant_id, ticket_id, agent_id, min(at), max(at) FROM ticket_metrics
WHERE agent_id IS NOT NULL AND kind IN ('first_response', 'next_response', 'resolution')
GROUP BY tenant_id, ticket_id, agent_id;
