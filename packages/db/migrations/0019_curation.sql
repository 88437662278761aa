-- 0019 curation, the secretariat's desk and the full audit log (DESIGN §2.8, issue 10 items 5 and 6).
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.

-- The secretariat features or hides a public listing, always with a reason (packages/domain curation.ts decides
-- which changes are allowed). One row per listing that was ever curated; no row = neither featured nor hidden.
-- One table for the four kinds rather than columns on each: the home page's featured strip, the sitemap and the
-- public lists ask one place, and a fifth kind of listing needs no migration of its own. No foreign key: the
-- listing ids live in four tables, and the row (like the audit log) may outlive its listing.
CREATE TABLE listing_curation (
  kind        text NOT NULL CONSTRAINT listing_curation_kind_check
                CHECK (kind IN ('order', 'vendor', 'catalogue_entry', 'policy_service')),
  listing_id  uuid NOT NULL,
  featured    boolean NOT NULL DEFAULT false,
  hidden      boolean NOT NULL DEFAULT false,
  -- the reason of the last change (the audit log keeps every earlier one)
  reason      text NOT NULL CONSTRAINT listing_curation_reason_check CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
  -- when it was featured last: the home page shows the most recently featured first
  featured_at timestamptz NULL,
  updated_by  uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (kind, listing_id),
  -- a hidden listing is shown nowhere, so it cannot be shown first either
  CONSTRAINT listing_curation_not_both CHECK (NOT (featured AND hidden)),
  CONSTRAINT listing_curation_featured_at CHECK (NOT featured OR featured_at IS NOT NULL)
);
CREATE INDEX listing_curation_featured_idx ON listing_curation (kind, featured_at DESC) WHERE featured;
CREATE INDEX listing_curation_hidden_idx ON listing_curation (kind, listing_id) WHERE hidden;

-- A listing's search document carries `hidden` and `featured`: a change re-indexes it (the same path as 0003).
CREATE FUNCTION listing_curation_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r listing_curation;
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  CASE r.kind
    WHEN 'order' THEN PERFORM search_touch('search.order', 'order', r.listing_id::text);
    WHEN 'vendor' THEN PERFORM search_touch('search.vendor', 'organisation', r.listing_id::text);
    WHEN 'catalogue_entry' THEN PERFORM search_touch('search.catalogue', 'catalogue_entry', r.listing_id::text);
    WHEN 'policy_service' THEN PERFORM search_touch('search.policy_service', 'policy_service', r.listing_id::text);
  END CASE;
  RETURN NULL;
END;
$$;
CREATE TRIGGER listing_curation_search_touch AFTER INSERT OR UPDATE OR DELETE ON listing_curation
  FOR EACH ROW EXECUTE FUNCTION listing_curation_search_touch();

-- The desk's service-level targets: hours an item may wait in a queue before it shows late, set by the secretariat.
-- Only the targets it changed are stored; the others are the defaults of packages/domain desk.ts, so a queue added
-- later needs no row here.
CREATE TABLE desk_service_levels (
  queue        text PRIMARY KEY CONSTRAINT desk_service_levels_queue_check CHECK (queue ~ '^[a-z_]{1,40}$'),
  target_hours integer NOT NULL CONSTRAINT desk_service_levels_hours_check CHECK (target_hours BETWEEN 1 AND 8760),
  updated_by   uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  updated_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The full audit log's filters (newest first, paged by id): by person, by action, by time.
CREATE INDEX audit_log_actor_user_idx ON audit_log (actor_user_id, id) WHERE actor_user_id IS NOT NULL;
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_at_idx ON audit_log (at);
