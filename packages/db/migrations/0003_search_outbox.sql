-- 0003 search outbox: every change to an indexed entity writes its outbox row in the same transaction,
-- from triggers, so no code path (API, CLI, seed, a hand-written UPDATE) can forget it.
-- Forward-only: never edit this file once applied anywhere; add 0004_… instead.
--
-- Each indexed aggregate has a version in search_versions, bumped by every change. The search worker reads
-- the current state together with that version in one statement, sends it to Meilisearch and marks the
-- outbox row done only if the version is still current once the Meilisearch task has succeeded — so a
-- worker that read an older state and wrote it late never has the last word.
--
-- Later indexed tables (catalogue, policy services) add a trigger that calls
--   search_touch('search.catalogue', 'catalogue_entry', id::text)  /  search_touch('search.policy_service', 'policy_service', id::text)

CREATE SEQUENCE search_version_seq;

CREATE TABLE search_versions (
  aggregate_type text NOT NULL,
  aggregate_id   text NOT NULL,
  version        bigint NOT NULL,
  changed_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (aggregate_type, aggregate_id)
);

-- Bumps the aggregate's version and queues it for the search worker; returns the new version.
CREATE FUNCTION search_touch(p_topic text, p_type text, p_id text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v bigint;
BEGIN
  -- nextval in DO UPDATE runs after the row lock is taken: versions of one aggregate grow in commit order
  INSERT INTO search_versions AS s (aggregate_type, aggregate_id, version)
  VALUES (p_type, p_id, nextval('search_version_seq'))
  ON CONFLICT (aggregate_type, aggregate_id)
    DO UPDATE SET version = nextval('search_version_seq'), changed_at = clock_timestamp()
  RETURNING s.version INTO v;
  INSERT INTO outbox (topic, aggregate_type, aggregate_id, payload)
  VALUES (p_topic, p_type, p_id, jsonb_build_object('version', v));
  RETURN v;
END;
$$;

-- At most one unclaimed pending row per search aggregate: a new one replaces it, keeping its age (so the lag
-- shows and the queue order stays fair). Rows a worker has claimed (attempts > 0) are left alone: the worker
-- may have read the state before this change, so the new row must be processed after it.
CREATE FUNCTION outbox_search_coalesce() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev_created timestamptz;
  prev_available timestamptz;
BEGIN
  WITH gone AS (
    DELETE FROM outbox o
    WHERE o.aggregate_type = NEW.aggregate_type AND o.aggregate_id = NEW.aggregate_id AND o.topic = NEW.topic
      AND o.processed_at IS NULL AND o.attempts = 0
    RETURNING o.created_at, o.available_at
  )
  SELECT min(created_at), min(available_at) INTO prev_created, prev_available FROM gone;
  IF prev_created IS NOT NULL THEN
    NEW.created_at := least(NEW.created_at, prev_created);
    NEW.available_at := least(NEW.available_at, prev_available);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER outbox_search_coalesce BEFORE INSERT ON outbox
  FOR EACH ROW WHEN (NEW.topic LIKE 'search.%') EXECUTE FUNCTION outbox_search_coalesce();

-- Orders are indexed while published (as packages/domain PUBLISHED_STATUSES); a change of a draft is not.
CREATE FUNCTION orders_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  published constant text[] := ARRAY['open', 'evaluation', 'awarded', 'in_progress', 'completed', 'unsuccessful'];
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
CREATE TRIGGER orders_search_touch AFTER INSERT OR UPDATE OR DELETE ON orders
  FOR EACH ROW EXECUTE FUNCTION orders_search_touch();

-- A vendor's document comes from its organisation and its profile; an order's shows its buyer's name and county.
CREATE FUNCTION organisations_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.name IS DISTINCT FROM NEW.name OR OLD.county IS DISTINCT FROM NEW.county OR OLD.kind IS DISTINCT FROM NEW.kind THEN
    IF EXISTS (SELECT 1 FROM vendor_profiles WHERE org_id = NEW.id) THEN
      PERFORM search_touch('search.vendor', 'organisation', NEW.id::text);
    END IF;
    PERFORM search_touch('search.order', 'order', o.id::text)
    FROM orders o
    WHERE o.buyer_org_id = NEW.id
      AND o.status IN ('open', 'evaluation', 'awarded', 'in_progress', 'completed', 'unsuccessful');
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER organisations_search_touch AFTER UPDATE ON organisations
  FOR EACH ROW EXECUTE FUNCTION organisations_search_touch();

CREATE FUNCTION vendor_profiles_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_touch('search.vendor', 'organisation', (CASE WHEN TG_OP = 'DELETE' THEN OLD.org_id ELSE NEW.org_id END)::text);
  RETURN NULL;
END;
$$;
CREATE TRIGGER vendor_profiles_search_touch AFTER INSERT OR UPDATE OR DELETE ON vendor_profiles
  FOR EACH ROW EXECUTE FUNCTION vendor_profiles_search_touch();

-- What existed before this migration reaches the index too.
SELECT search_touch('search.order', 'order', id::text) FROM orders
WHERE status IN ('open', 'evaluation', 'awarded', 'in_progress', 'completed', 'unsuccessful');
SELECT search_touch('search.vendor', 'organisation', org_id::text) FROM vendor_profiles;

-- the sync lag (/readyz) asks for the oldest pending search row
CREATE INDEX outbox_search_pending_idx ON outbox (created_at) WHERE processed_at IS NULL AND topic LIKE 'search.%';
