-- "Delete my data" from the widget (issue 19): the one-time links mailed to a visitor to confirm an erasure of
-- themselves. Only the token's sha256 is kept, with the customer it erases (the email is read from the customer
-- row when the link is used, so nothing here names the person); a used link takes every link of its customer with it.
CREATE TABLE erasure_confirmations (
  token_hash TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX erasure_confirmations_customer ON erasure_confirmations (tenant_id, customer_id);
