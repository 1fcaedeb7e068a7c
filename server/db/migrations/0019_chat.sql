-- Live chat (server/chat/): agent presence, the chat state of tickets with channel 'chat', read receipts.

-- One row per agent who ever set an availability. The status holds until expires_at (the heartbeat's
-- time to live): past it the agent is offline, so closing every inbox tab makes them unavailable.
CREATE TABLE agent_presence (
  tenant_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  -- 'online' | 'away' | 'offline'
  status TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  -- When a chat was last given to this agent: round-robin picks the least recently assigned first.
  last_assigned_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, agent_id)
);

-- The live part of a chat ticket. The conversation itself is the ticket's thread.
CREATE TABLE chats (
  ticket_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  -- 'queued' (waiting for an agent) | 'active' (an agent has it) | 'ended' (an ordinary ticket from now on)
  state TEXT NOT NULL,
  page_url TEXT,
  page_title TEXT,
  user_agent TEXT,
  -- The visitor's last sign of life (a message, typing, a page change): a chat whose visitor is gone ends.
  visitor_seen_at TEXT NOT NULL,
  queued_at TEXT NOT NULL,
  assigned_at TEXT,
  ended_at TEXT,
  -- 'agent' | 'unanswered' | 'visitor_left'
  ended_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX chats_state ON chats (tenant_id, state, queued_at);
CREATE INDEX chats_live ON chats (state) WHERE state <> 'ended';

-- Read receipts: how far each side has read a ticket's thread.
CREATE TABLE ticket_reads (
  tenant_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  -- 'agent' | 'visitor'
  side TEXT NOT NULL,
  up_to TEXT NOT NULL,
  read_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, ticket_id, side)
);
