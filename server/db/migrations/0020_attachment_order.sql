-- A message's files keep the order they were sent in (attachmentIds, a mail's parts), not the order of their
-- random ids: files uploaded in the same millisecond (a mail's attachments) came back shuffled.
ALTER TABLE attachments ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
