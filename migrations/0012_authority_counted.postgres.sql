-- The authority ledger counts, for a decision citing the remedy standard, only the amount
-- above the standard (the baseline needs no authority). NULL: written before this column
-- (or by a process that does not know it): the whole amount counts, as it did then.
ALTER TABLE authority_grants ADD COLUMN IF NOT EXISTS standard_krw BIGINT;
ALTER TABLE authority_grants ADD COLUMN IF NOT EXISTS counted_krw BIGINT;
