-- Repairs message authors written before API-created tickets opened with the requester's words
-- (server/tickets/service.ts, `opener`) and before API-key authors carried the key's name.

-- The opening message (the ticket's first row) of a ticket an API key created was stored as the key's;
-- it is the requester's.
UPDATE ticket_messages
SET author_type = 'customer',
  author_id = (SELECT t.requester_id FROM tickets t WHERE t.id = ticket_messages.ticket_id),
  author_name = (
    SELECT c.name FROM tickets t JOIN customers c ON c.id = t.requester_id WHERE t.id = ticket_messages.ticket_id
  )
WHERE author_type = 'api'
  AND internal = 0
  AND rowid = (SELECT min(m.rowid) FROM ticket_messages m WHERE m.ticket_id = ticket_messages.ticket_id)
  AND EXISTS (
    SELECT 1 FROM ticket_activity a
    WHERE a.tenant_id = ticket_messages.tenant_id AND a.ticket_id = ticket_messages.ticket_id
      AND a.action = 'ticket.created' AND a.actor_type = 'api'
  );

-- What a key wrote as the team names the key, where the key still exists (revoked keys keep their row).
UPDATE ticket_messages
SET author_name = (
  SELECT k.name FROM api_keys k WHERE k.tenant_id = ticket_messages.tenant_id AND k.id = ticket_messages.author_id
)
WHERE author_type = 'api' AND author_name IS NULL AND author_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM api_keys k WHERE k.tenant_id = ticket_messages.tenant_id AND k.id = ticket_messages.author_id);

UPDATE ticket_activity
SET actor_name = (
  SELECT k.name FROM api_keys k WHERE k.tenant_id = ticket_activity.tenant_id AND k.id = ticket_activity.actor_id
)
WHERE actor_type = 'api' AND actor_name IS NULL AND actor_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM api_keys k WHERE k.tenant_id = ticket_activity.tenant_id AND k.id = ticket_activity.actor_id);
