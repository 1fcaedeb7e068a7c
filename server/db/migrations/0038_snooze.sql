-- Snooze (server/tickets/snooze-service.ts): a snoozed ticket leaves the open views until snoozed_until passes
-- (the wake worker) or, with snoozed_until NULL, until the customer replies; a customer reply wakes either kind.
ALTER TABLE tickets ADD COLUMN snoozed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN snoozed_until TEXT;
-- The wake worker reads the due ones of every tenant.
CREATE INDEX tickets_snooze_due ON tickets (snoozed_until) WHERE snoozed = 1 AND snoozed_until IS NOT NULL;
