-- 0006 saved searches and matching speed (issue 4).
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.
--
-- A saved search is one user's order search kept under a name (criteria: the typed filters and text of the order
-- search, as JSON); with `notify` the user is told when a newly published order shows up in it. Whether it does
-- is decided by Meilisearch (the alert job), and recorded once per (saved search, order) in saved_search_hits,
-- whether or not a notification was sent for it.

CREATE TABLE saved_searches (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- the vendor organisation the user belonged to when saving it
  org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name            text NOT NULL CONSTRAINT saved_searches_name_check CHECK (name = btrim(name) AND length(name) BETWEEN 1 AND 60),
  criteria        jsonb NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT saved_searches_criteria_object CHECK (jsonb_typeof(criteria) = 'object'),
  notify          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  last_matched_at timestamptz NULL
);
-- one name per user, whatever the letter case
CREATE UNIQUE INDEX saved_searches_user_name_key ON saved_searches (user_id, lower(name));
CREATE INDEX saved_searches_user_idx ON saved_searches (user_id, created_at DESC, id DESC);
-- the alert job reads the searches that want alerts
CREATE INDEX saved_searches_notify_idx ON saved_searches (id) WHERE notify;

CREATE TABLE saved_search_hits (
  saved_search_id uuid NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
  order_id        uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  -- whether this hit sent the user a notification (one per user and order; see the alert job)
  notified        boolean NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (saved_search_id, order_id)
);
CREATE INDEX saved_search_hits_order_idx ON saved_search_hits (order_id);

-- Matching reads the verified vendors whose profile covers an order's modality and task types
-- (capabilities @> {"modalities": [m], "taskTypes": [t…]}). Not partial: the planner then combines it with the
-- status index even before statistics exist (a freshly loaded table), instead of filtering every profile.
-- fastupdate off: profiles change rarely and are read on every match; with the pending list on, entries of
-- recent writes wait unsorted until a vacuum and the planner prices the index as a full scan of that list.
CREATE INDEX vendor_profiles_capabilities_gin ON vendor_profiles USING gin (capabilities jsonb_path_ops)
  WITH (fastupdate = off);

-- who was told about an order (the alert job skips users already told by order_match)
CREATE INDEX notifications_order_idx ON notifications (order_id, kind) WHERE order_id IS NOT NULL;
