-- 0004 bid guard: the deadline check of a bid write in the same statement as the write.
-- Forward-only: never edit this file once applied anywhere; add 0005_… instead.
--
-- A bid is accepted only if the order is open and clock_timestamp() < bid_deadline, the clock read AFTER the
-- order row is locked (DESIGN §2.3). Inside one plain statement that cannot be had: its snapshot is taken
-- before it waits for the lock, so a cancellation or amendment committed meanwhile would go unseen. A
-- VOLATILE plpgsql function takes a fresh snapshot for each statement it runs, so this one locks the row,
-- then reads the clock and the order as they are once the lock is held. bids.repo calls it from the first
-- CTE of each bid write; the write runs only when `go` is true — one statement, one round trip.
--
-- FOR SHARE lets bids on one order proceed side by side while still excluding every status change and
-- amendment (those take FOR UPDATE); FOR UPDATE serialises them as well.

CREATE FUNCTION bid_guard(p_order_id uuid, p_lock text, p_expected_version integer)
RETURNS TABLE (
  t                  timestamptz,
  order_status       text,
  order_bid_deadline timestamptz,
  order_version      integer,
  open               boolean,
  version_ok         boolean,
  go                 boolean
)
LANGUAGE plpgsql VOLATILE
-- one row at most: without this the planner assumes 1000 and the bid write's cost estimate would start JIT
ROWS 1
AS $$
BEGIN
  IF p_lock = 'share' THEN
    PERFORM 1 FROM orders WHERE id = p_order_id FOR SHARE;
  ELSIF p_lock = 'update' THEN
    PERFORM 1 FROM orders WHERE id = p_order_id FOR UPDATE;
  ELSE
    RAISE EXCEPTION 'bid_guard: lock must be share or update, not %', p_lock USING ERRCODE = 'invalid_parameter_value';
  END IF;
  t := clock_timestamp();
  RETURN QUERY
    SELECT t, o.status, o.bid_deadline, o.version,
           coalesce(o.status = 'open' AND t < o.bid_deadline, false),
           p_expected_version IS NULL OR o.version = p_expected_version,
           coalesce(o.status = 'open' AND t < o.bid_deadline, false)
             AND (p_expected_version IS NULL OR o.version = p_expected_version)
    FROM orders o
    WHERE o.id = p_order_id;
END;
$$;
