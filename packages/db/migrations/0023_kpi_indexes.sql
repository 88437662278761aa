-- 0023 the KPI dashboard (issue 10 item 3): published orders counted by modality from an index alone, without
-- reading the orders' rows. The report aggregates read statistics_reports_one_latest (0017); the award totals read
-- awards_active_awarded_at_idx (0017).
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.

CREATE INDEX orders_modality_published_idx ON orders (modality)
  WHERE status IN ('open', 'evaluation', 'awarded', 'in_progress', 'completed', 'terminated', 'unsuccessful');
