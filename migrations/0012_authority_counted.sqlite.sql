-- The authority ledger counts, for a decision citing the remedy standard, only the amount
-- above the standard (the baseline needs no authority). NULL: written before this column
-- (or by a process that does not know it): the whole amount counts, as it did then.
ALTER TABLE authority_grants ADD COLUMN standard_krw INTEGER;
ALTER TABLE authority_grants ADD COLUMN counted_krw INTEGER;
