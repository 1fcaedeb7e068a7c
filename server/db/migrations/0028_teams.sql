-- Teams, role conditions beyond own tickets, routing rules, fair auto-assignment (server/teams/, server/routing/).

-- A team of agents (billing, technical, returns …); an agent may be in several.
CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX teams_tenant_name ON teams (tenant_id, name COLLATE NOCASE);

CREATE TABLE team_members (
  tenant_id TEXT NOT NULL,
  team_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  PRIMARY KEY (team_id, agent_id)
) WITHOUT ROWID;
CREATE INDEX team_members_agent ON team_members (tenant_id, agent_id);

-- The team a ticket belongs to (null: none). Deleting a team sets it back to null.
ALTER TABLE tickets ADD COLUMN team_id TEXT;
CREATE INDEX tickets_team ON tickets (tenant_id, team_id, status);

-- A role's conditions besides own_tickets_only: {"team": true, "priorities": ["high", "urgent"]}.
ALTER TABLE roles ADD COLUMN conditions TEXT NOT NULL DEFAULT '{}';

-- Routing rules, run in position order on every new ticket.
CREATE TABLE routing_rules (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL,
  conditions TEXT NOT NULL DEFAULT '{}',
  actions TEXT NOT NULL DEFAULT '{}',
  stop_processing INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX routing_rules_order ON routing_rules (tenant_id, position, id);

-- Fair auto-assignment: each agent's last turn (a per-tenant counter), least recent first.
CREATE TABLE assignment_turns (
  tenant_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  turn INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, agent_id)
) WITHOUT ROWID;
