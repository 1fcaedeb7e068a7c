-- Metered API calls (usage pricing): the API-key calls a closed period accepted past its allowance
-- (usage_ledger.overage_api_calls) are reported to Stripe beside its tickets, as a second meter event with the
-- same tenant-and-period identity. The row of a period is written once both were sent, so api_calls is what
-- Stripe was told for that period (0: none past the allowance, so no event). Rows written before are tickets only.
ALTER TABLE stripe_usage_reports ADD COLUMN api_calls INTEGER NOT NULL DEFAULT 0;
