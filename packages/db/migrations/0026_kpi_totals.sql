-- 0026 the KPI dashboard's marketplace figures kept as totals (issue 10, benchmark: p95 ≤ 100 ms with 100k orders).
-- Summing 60k awards joined to their bids on every dashboard read took ~200 ms and grows with the market; counting
-- the published orders by modality another ~40 ms. These tables hold the sums instead: the value of active awards
-- and of completed contracts per Shanghai calendar month, the value of active awards per vendor, and the published
-- orders per modality.
-- Triggers keep them, in the transaction of whatever statement changes an award (made, cancelled when a comparison
-- is reopened), an awarded bid's price, a contract (completed, terminated) or an order's status, as 0003 keeps the
-- search outbox: no writer (the award use case, the demo's history, fixtures, a bulk seed) can forget them. Each
-- change adds its own difference to its few rows (an upsert of one month and one vendor): two awards of one month
-- wait for each other's commit there, which is cheap next to an award's own work.
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.

CREATE TABLE kpi_marketplace_months (
  -- the first day of a month of the Shanghai calendar
  month          date PRIMARY KEY CONSTRAINT kpi_marketplace_months_first_day CHECK (extract(day FROM month) = 1),
  -- active awards (cancelled_at is null) made in the month and the total price of their bids
  awards         integer NOT NULL DEFAULT 0,
  awarded_fen    bigint NOT NULL DEFAULT 0,
  -- contracts completed in the month and their total price
  completions    integer NOT NULL DEFAULT 0,
  completed_fen  bigint NOT NULL DEFAULT 0
);

-- Rows whose count fell back to zero stay (readers skip them): deleting them would need a second statement.
CREATE TABLE kpi_vendor_awards (
  vendor_org_id  uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  awards         integer NOT NULL DEFAULT 0,
  awarded_fen    bigint NOT NULL DEFAULT 0
);
-- the top vendors read straight off it
CREATE INDEX kpi_vendor_awards_rank_idx ON kpi_vendor_awards (awarded_fen DESC, vendor_org_id) WHERE awards > 0;

-- orders that reached the market (the statuses of orders_modality_published_idx, 0023) per modality
CREATE TABLE kpi_order_modalities (
  modality  text PRIMARY KEY,
  orders    integer NOT NULL DEFAULT 0
);

-- The Shanghai calendar month of an instant (China keeps no daylight saving time: UTC+8 all year).
CREATE FUNCTION shanghai_month(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_trunc('month', (t AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;

-- Adds awards to the totals: per row its month, its vendor, +1 or -1 and the signed price. Groups that net to
-- nothing are left untouched (no row lock taken); months and vendors are written in key order so that two bulk
-- writers take their row locks in the same order.
CREATE FUNCTION kpi_awards_add(p_month date[], p_vendor uuid[], p_awards integer[], p_fen bigint[]) RETURNS void
LANGUAGE sql AS $$
  WITH d AS (SELECT * FROM unnest(p_month, p_vendor, p_awards, p_fen) AS d(month, vendor_org_id, awards, fen)),
  m AS (
    INSERT INTO kpi_marketplace_months AS t (month, awards, awarded_fen)
    SELECT month, sum(awards), sum(fen) FROM d GROUP BY month HAVING sum(awards) <> 0 OR sum(fen) <> 0 ORDER BY month
    ON CONFLICT (month) DO UPDATE SET awards = t.awards + excluded.awards, awarded_fen = t.awarded_fen + excluded.awarded_fen
  )
  INSERT INTO kpi_vendor_awards AS t (vendor_org_id, awards, awarded_fen)
  SELECT vendor_org_id, sum(awards), sum(fen) FROM d GROUP BY vendor_org_id HAVING sum(awards) <> 0 OR sum(fen) <> 0
  ORDER BY vendor_org_id
  ON CONFLICT (vendor_org_id) DO UPDATE SET awards = t.awards + excluded.awards, awarded_fen = t.awarded_fen + excluded.awarded_fen
$$;

-- The award totals summed again from the rows. The migration fills the tables with it, and a deletion of awards
-- runs it: awards are deleted only with their order, whose bids (and so the prices to subtract) are gone by the time
-- this statement's trigger runs. The lock makes a concurrent award's upsert wait, and the sums then read what it
-- committed (each statement of a function in READ COMMITTED takes a fresh snapshot).
CREATE FUNCTION kpi_awards_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE kpi_marketplace_months, kpi_vendor_awards IN EXCLUSIVE MODE;
  UPDATE kpi_marketplace_months SET awards = 0, awarded_fen = 0 WHERE awards <> 0 OR awarded_fen <> 0;
  DELETE FROM kpi_vendor_awards;
  PERFORM kpi_awards_add(array_agg(shanghai_month(w.awarded_at)), array_agg(b.vendor_org_id), array_agg(1), array_agg(b.total_price_fen))
  FROM awards w JOIN bids b ON b.id = w.bid_id
  WHERE w.cancelled_at IS NULL;
END
$$;

-- New awards (a statement may insert many: the totals take one upsert per month and per vendor).
CREATE FUNCTION kpi_awards_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kpi_awards_add(array_agg(shanghai_month(w.awarded_at)), array_agg(b.vendor_org_id), array_agg(1), array_agg(b.total_price_fen))
  FROM new_awards w JOIN bids b ON b.id = w.bid_id
  WHERE w.cancelled_at IS NULL;
  RETURN NULL;
END
$$;
CREATE TRIGGER awards_kpi_inserted AFTER INSERT ON awards
  REFERENCING NEW TABLE AS new_awards FOR EACH STATEMENT EXECUTE FUNCTION kpi_awards_inserted();

-- An award cancelled (or, were it ever done, moved to another bid or date): its old part out, its new part in.
CREATE FUNCTION kpi_award_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kpi_awards_add(array_agg(x.month), array_agg(b.vendor_org_id), array_agg(x.sign), array_agg(x.sign * b.total_price_fen))
  FROM (VALUES (shanghai_month(OLD.awarded_at), OLD.bid_id, -1, OLD.cancelled_at IS NULL),
               (shanghai_month(NEW.awarded_at), NEW.bid_id, 1, NEW.cancelled_at IS NULL)) AS x(month, bid_id, sign, active)
  JOIN bids b ON b.id = x.bid_id
  WHERE x.active;
  RETURN NULL;
END
$$;
CREATE TRIGGER awards_kpi_changed AFTER UPDATE ON awards FOR EACH ROW
  WHEN ((OLD.cancelled_at IS NULL OR NEW.cancelled_at IS NULL)
        AND ((OLD.cancelled_at IS NULL) <> (NEW.cancelled_at IS NULL) OR OLD.bid_id <> NEW.bid_id OR OLD.awarded_at <> NEW.awarded_at))
  EXECUTE FUNCTION kpi_award_changed();

CREATE FUNCTION kpi_awards_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_awards WHERE cancelled_at IS NULL) THEN
    PERFORM kpi_awards_rebuild();
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER awards_kpi_deleted AFTER DELETE ON awards
  REFERENCING OLD TABLE AS old_awards FOR EACH STATEMENT EXECUTE FUNCTION kpi_awards_deleted();

-- A bid's price is fixed before its order can be awarded (bid_guard: only while the order is open); should an
-- awarded bid's price or vendor change all the same, its active award's part follows.
CREATE FUNCTION kpi_awarded_bid_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kpi_awards_add(ARRAY[m, m], ARRAY[OLD.vendor_org_id, NEW.vendor_org_id], ARRAY[-1, 1], ARRAY[-OLD.total_price_fen, NEW.total_price_fen])
  FROM (SELECT shanghai_month(w.awarded_at) AS m FROM awards w WHERE w.order_id = NEW.order_id AND w.bid_id = NEW.id AND w.cancelled_at IS NULL) a;
  RETURN NULL;
END
$$;
CREATE TRIGGER bids_kpi_awarded_changed AFTER UPDATE ON bids FOR EACH ROW
  WHEN (OLD.total_price_fen <> NEW.total_price_fen OR OLD.vendor_org_id <> NEW.vendor_org_id)
  EXECUTE FUNCTION kpi_awarded_bid_changed();

-- A contract completed (or a completed one changed or deleted with its order): its old part out, its new part in.
CREATE FUNCTION kpi_contract_completed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'completed' THEN
    INSERT INTO kpi_marketplace_months AS t (month, completions, completed_fen)
    VALUES (shanghai_month(OLD.completed_at), -1, -OLD.price_fen)
    ON CONFLICT (month) DO UPDATE SET completions = t.completions - 1, completed_fen = t.completed_fen - OLD.price_fen;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'completed' THEN
    INSERT INTO kpi_marketplace_months AS t (month, completions, completed_fen)
    VALUES (shanghai_month(NEW.completed_at), 1, NEW.price_fen)
    ON CONFLICT (month) DO UPDATE SET completions = t.completions + 1, completed_fen = t.completed_fen + NEW.price_fen;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER contracts_kpi_inserted AFTER INSERT ON contracts FOR EACH ROW
  WHEN (NEW.status = 'completed') EXECUTE FUNCTION kpi_contract_completed();
CREATE TRIGGER contracts_kpi_changed AFTER UPDATE ON contracts FOR EACH ROW
  WHEN ((OLD.status = 'completed' OR NEW.status = 'completed')
        AND (OLD.status, OLD.completed_at, OLD.price_fen) IS DISTINCT FROM (NEW.status, NEW.completed_at, NEW.price_fen))
  EXECUTE FUNCTION kpi_contract_completed();
CREATE TRIGGER contracts_kpi_deleted AFTER DELETE ON contracts FOR EACH ROW
  WHEN (OLD.status = 'completed') EXECUTE FUNCTION kpi_contract_completed();

-- Published orders per modality. An order counts from its publication on, whatever status it moves through after;
-- only entering or leaving the published statuses (or a change of modality while published) touches the counts.
CREATE FUNCTION kpi_published(status text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT status IN ('open', 'evaluation', 'awarded', 'in_progress', 'completed', 'terminated', 'unsuccessful')
$$;

CREATE FUNCTION kpi_orders_add(p_modality text[], p_orders integer[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO kpi_order_modalities AS t (modality, orders)
  SELECT modality, sum(n) FROM unnest(p_modality, p_orders) AS d(modality, n) GROUP BY modality HAVING sum(n) <> 0 ORDER BY modality
  ON CONFLICT (modality) DO UPDATE SET orders = t.orders + excluded.orders
$$;

CREATE FUNCTION kpi_orders_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kpi_orders_add(array_agg(modality), array_agg(1)) FROM new_orders WHERE kpi_published(status);
  RETURN NULL;
END
$$;
CREATE TRIGGER orders_kpi_inserted AFTER INSERT ON orders
  REFERENCING NEW TABLE AS new_orders FOR EACH STATEMENT EXECUTE FUNCTION kpi_orders_inserted();

CREATE FUNCTION kpi_order_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM kpi_orders_add(ARRAY[OLD.modality], ARRAY[-1]);
  ELSE
    PERFORM kpi_orders_add(ARRAY[OLD.modality, NEW.modality],
                           ARRAY[CASE WHEN kpi_published(OLD.status) THEN -1 ELSE 0 END, CASE WHEN kpi_published(NEW.status) THEN 1 ELSE 0 END]);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER orders_kpi_changed AFTER UPDATE ON orders FOR EACH ROW
  WHEN (kpi_published(OLD.status) <> kpi_published(NEW.status)
        OR (OLD.modality <> NEW.modality AND (kpi_published(OLD.status) OR kpi_published(NEW.status))))
  EXECUTE FUNCTION kpi_order_changed();
CREATE TRIGGER orders_kpi_deleted AFTER DELETE ON orders FOR EACH ROW
  WHEN (kpi_published(OLD.status)) EXECUTE FUNCTION kpi_order_changed();

-- What exists already.
SELECT kpi_awards_rebuild();
INSERT INTO kpi_marketplace_months AS t (month, completions, completed_fen)
SELECT shanghai_month(completed_at), count(*), sum(price_fen) FROM contracts WHERE status = 'completed' GROUP BY 1
ON CONFLICT (month) DO UPDATE SET completions = excluded.completions, completed_fen = excluded.completed_fen;
INSERT INTO kpi_order_modalities (modality, orders)
SELECT modality, count(*) FROM orders WHERE kpi_published(status) GROUP BY modality;
