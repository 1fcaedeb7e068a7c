-- API calls per month is a limit on API-key calls only (sign-in sessions and the widget are not counted against it):
--   usage_ledger.api_key_calls      API-key calls in the period, what the limit counts (the in-memory allowance on
--                                   Deps starts from it after a restart and adds to it at every flush)
--   usage_ledger.overage_api_calls  of them, the calls accepted past the allowance on usage pricing
-- api_calls stays the count of every authenticated call (traffic). Periods already running start at 0.
ALTER TABLE usage_ledger ADD COLUMN api_key_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_ledger ADD COLUMN overage_api_calls INTEGER NOT NULL DEFAULT 0;
