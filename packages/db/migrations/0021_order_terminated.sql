-- 0021 an order whose contract ended early is `terminated` (DESIGN §2.2: in_progress --contract terminated--> terminated),
-- no longer `in_progress` for ever: lists, search, open data and the web then say what happened to it.
-- packages/domain ORDER_STEPS.terminate is the one home of the step; this migration only admits the status.
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.

ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('draft', 'pending_review', 'open', 'evaluation', 'awarded', 'in_progress', 'completed', 'terminated',
                    'cancelled', 'unsuccessful'));

-- published, as packages/domain PUBLISHED_STATUSES: listed, searchable
DROP INDEX orders_published_idx;
CREATE INDEX orders_published_idx ON orders (published_at DESC, id DESC)
  WHERE status IN ('open', 'evaluation', 'awarded', 'in_progress', 'completed', 'terminated', 'unsuccessful');

CREATE OR REPLACE FUNCTION orders_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  published constant text[] := ARRAY['open', 'evaluation', 'awarded', 'in_progress', 'completed', 'terminated', 'unsuccessful'];
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = ANY (published) THEN PERFORM search_touch('search.order', 'order', OLD.id::text); END IF;
    RETURN NULL;
  END IF;
  IF NEW.status = ANY (published) OR (TG_OP = 'UPDATE' AND OLD.status = ANY (published)) THEN
    PERFORM search_touch('search.order', 'order', NEW.id::text);
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION organisations_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.name IS DISTINCT FROM NEW.name OR OLD.county IS DISTINCT FROM NEW.county OR OLD.kind IS DISTINCT FROM NEW.kind THEN
    IF EXISTS (SELECT 1 FROM vendor_profiles WHERE org_id = NEW.id) THEN
      PERFORM search_touch('search.vendor', 'organisation', NEW.id::text);
    END IF;
    PERFORM search_touch('search.order', 'order', o.id::text)
    FROM orders o
    WHERE o.buyer_org_id = NEW.id
      AND o.status IN ('open', 'evaluation', 'awarded', 'in_progress', 'completed', 'terminated', 'unsuccessful');
  END IF;
  RETURN NULL;
END;
$$;

-- Orders whose contract was terminated before this migration follow it now, each with its audit record (the
-- trigger above queues the search update).
WITH ended AS (
  UPDATE orders o SET status = 'terminated', version = o.version + 1, updated_at = c.terminated_at
  FROM contracts c
  WHERE c.order_id = o.id AND c.status = 'terminated' AND o.status = 'in_progress'
  RETURNING o.id, c.id AS contract_id, c.terminated_at
)
INSERT INTO audit_log (actor_user_id, actor_org_id, entity_type, entity_id, action, before, after, at)
SELECT NULL, NULL, 'order', e.id::text, 'order.terminated', '{"status": "in_progress"}'::jsonb,
       jsonb_build_object('status', 'terminated', 'contractId', e.contract_id), e.terminated_at
FROM ended e;
