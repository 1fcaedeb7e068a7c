-- Merging tickets (server/tickets/merge-service.ts): a merged ticket links its target, and each merge keeps what
-- its undo needs to put every source back as it was.

-- The ticket this one was merged into (null: not merged). Its own line, so other ticket columns merge cleanly.
ALTER TABLE tickets ADD COLUMN merged_into TEXT;

-- One merge of sources into a target. `snapshot` (JSON) holds each source's fields before the merge, the ids of
-- the messages moved from it, and the notes the merge wrote; undone_at is set by the undo.
CREATE TABLE ticket_merges (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  source_ids TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT,
  created_at TEXT NOT NULL,
  undo_until TEXT NOT NULL,
  undone_at TEXT
);
CREATE INDEX ticket_merges_target ON ticket_merges (tenant_id, target_id, created_at);
