-- A tenant marked for a ledger rebuild counts its marks: the rebuild clears the mark it read, so a change of business
-- hours made while the rebuild runs (a second mark) keeps the tenant pending for the next pass instead of being lost.
ALTER TABLE ticket_metrics_pending ADD COLUMN marks INTEGER NOT NULL DEFAULT 1;
