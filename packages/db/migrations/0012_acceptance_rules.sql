-- 0012 acceptance rules (issue 9): an order's sampling_rule is one of three acceptance rules, told apart by `kind`:
--   { kind: 'fixed', sampleSize }                                          a fixed number of items per batch
--   { kind: 'statistical', expectedAccuracy, marginPercent, confidence }   Cochran's sample size with the finite-population correction
--   { kind: 'gbt2828', aql }                                               GB/T 2828.1 single sampling, normal inspection, level II
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.
--
-- Earlier rules ({ samplePercent, confidenceLevel }, or older test shapes) were never used to inspect anything: no
-- batch was delivered before this issue. They become the statistical plan closest to what they said: the same
-- confidence (95 % when none is readable), the order's accuracy target as the expected accuracy (98 % when the
-- target is missing or 100 %, where p(1 − p) would vanish) and a margin of 2 percentage points. The buyer sees the
-- rule in plain words on the order page and may change it while the order is a draft or open.

UPDATE orders
SET sampling_rule = jsonb_build_object(
  'kind', 'statistical',
  'expectedAccuracy', CASE WHEN accuracy_target IS NULL OR accuracy_target >= 100 THEN 98 ELSE accuracy_target END,
  'marginPercent', 2,
  'confidence', CASE WHEN sampling_rule ->> 'confidenceLevel' IN ('90', '95', '99') THEN (sampling_rule ->> 'confidenceLevel')::int ELSE 95 END
)
WHERE sampling_rule IS NOT NULL AND sampling_rule ->> 'kind' IS NULL;

-- Contracts copy the order's rule at award (0011 did so for the orders already in progress when it ran).
UPDATE contracts
SET acceptance_rule = jsonb_build_object(
  'kind', 'statistical',
  'expectedAccuracy', CASE WHEN accuracy_target IS NULL OR accuracy_target >= 100 THEN 98 ELSE accuracy_target END,
  'marginPercent', 2,
  'confidence', CASE WHEN acceptance_rule ->> 'confidenceLevel' IN ('90', '95', '99') THEN (acceptance_rule ->> 'confidenceLevel')::int ELSE 95 END
)
WHERE acceptance_rule IS NOT NULL AND acceptance_rule ->> 'kind' IS NULL;

-- The API validates the parameters of each kind; the database keeps at least the kind readable (coalesce: a
-- missing kind would make the IN unknown, which a CHECK lets through).
ALTER TABLE orders
  ADD CONSTRAINT orders_sampling_rule_kind CHECK (sampling_rule IS NULL OR coalesce(sampling_rule ->> 'kind', '') IN ('fixed', 'statistical', 'gbt2828'));
ALTER TABLE contracts
  ADD CONSTRAINT contracts_acceptance_rule_kind CHECK (acceptance_rule IS NULL OR coalesce(acceptance_rule ->> 'kind', '') IN ('fixed', 'statistical', 'gbt2828'));
