-- 0022 membership and industrial bases (issue 10 item 1): training institutions and base operators work in one of the
-- city's counties, as vendors do, and must say which (the member directory and the statistics count by county).

ALTER TABLE organisations ADD CONSTRAINT organisations_local_kinds_county
  CHECK (kind NOT IN ('training_institution', 'base_operator') OR county IS NOT NULL);
