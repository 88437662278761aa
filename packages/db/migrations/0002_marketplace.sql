-- 0002 marketplace: the full order (DESIGN §2.2), attachments, amendments, questions, bids with revisions,
-- awards, objections, notifications, idempotency keys and scheduled jobs.
-- Forward-only: never edit this file once applied anywhere; add 0003_… instead.

-- ---------------------------------------------------------------------------------------------------------
-- Orders: every term nullable or defaulted, so a draft can be saved half-filled; packages/domain validates
-- the terms on submit and on amendment. The table still refuses values no rule could ever accept.
ALTER TABLE orders
  ADD COLUMN volume_quantity         bigint NULL CONSTRAINT orders_volume_quantity_check CHECK (volume_quantity > 0),
  ADD COLUMN volume_unit             text NULL
    CONSTRAINT orders_volume_unit_check CHECK (volume_unit IN ('images', 'frames', 'hours', 'items', 'tokens')),
  ADD COLUMN unit_price_ceiling_fen  bigint NULL
    CONSTRAINT orders_unit_price_ceiling_check CHECK (unit_price_ceiling_fen BETWEEN 0 AND 1000000000000),
  ADD COLUMN currency                text NOT NULL DEFAULT 'CNY' CONSTRAINT orders_currency_check CHECK (currency = 'CNY'),
  -- sealed unless the buyer says otherwise: the safer default never shows an amount early
  ADD COLUMN bidding_mode            text NOT NULL DEFAULT 'sealed'
    CONSTRAINT orders_bidding_mode_check CHECK (bidding_mode IN ('open', 'sealed')),
  ADD COLUMN questions_close_at      timestamptz NULL,
  ADD COLUMN delivery_deadline       timestamptz NULL,
  ADD COLUMN accuracy_target         numeric(5,2) NULL
    CONSTRAINT orders_accuracy_target_check CHECK (accuracy_target > 0 AND accuracy_target <= 100),
  ADD COLUMN sampling_rule           jsonb NULL
    CONSTRAINT orders_sampling_rule_object CHECK (jsonb_typeof(sampling_rule) = 'object'),
  ADD COLUMN security_level          text NOT NULL DEFAULT 'internal'
    CONSTRAINT orders_security_level_check CHECK (security_level IN ('public', 'internal', 'confidential')),
  ADD COLUMN contains_personal_info  boolean NOT NULL DEFAULT false,
  ADD COLUMN work_location           text NOT NULL DEFAULT 'remote'
    CONSTRAINT orders_work_location_check CHECK (work_location IN ('remote', 'vendor_secure_room', 'buyer_site')),
  ADD COLUMN required_certifications text[] NOT NULL DEFAULT '{}',
  ADD COLUMN min_headcount           integer NOT NULL DEFAULT 0 CONSTRAINT orders_min_headcount_check CHECK (min_headcount >= 0),
  ADD COLUMN requires_secure_room    boolean NOT NULL DEFAULT false,
  ADD COLUMN tags                    text[] NOT NULL DEFAULT '{}',
  -- the public-data catalogue arrives with a later issue; no foreign key until its table exists
  ADD COLUMN catalogue_entry_id      uuid NULL,
  ADD COLUMN review_reason           text NULL,
  ADD COLUMN cancel_reason           text NULL,
  ADD COLUMN cancelled_at            timestamptz NULL,
  ADD COLUMN publicity_ends_at       timestamptz NULL,
  ADD COLUMN award_window_ends_at    timestamptz NULL,
  -- optimistic concurrency: every change of the row bumps it
  ADD COLUMN version                 integer NOT NULL DEFAULT 1,
  ADD COLUMN submitted_at            timestamptz NULL,
  ADD COLUMN created_by_user_id      uuid NULL,
  ADD CONSTRAINT orders_volume_pair CHECK ((volume_quantity IS NULL) = (volume_unit IS NULL)),
  ADD CONSTRAINT orders_budget_max CHECK (budget_total_fen <= 1000000000000),
  ADD CONSTRAINT orders_deadline_order CHECK (
    (questions_close_at IS NULL OR bid_deadline IS NULL OR questions_close_at <= bid_deadline)
    AND (bid_deadline IS NULL OR delivery_deadline IS NULL OR bid_deadline < delivery_deadline)),
  -- an awarded order knows when its publicity window ends (the scheduler looks for it)
  ADD CONSTRAINT orders_publicity_required CHECK (status <> 'awarded' OR publicity_ends_at IS NOT NULL);

-- the public listing now includes unsuccessful orders, as packages/domain PUBLISHED_STATUSES does
DROP INDEX orders_published_idx;
CREATE INDEX orders_published_idx ON orders (published_at DESC, id DESC)
  WHERE status IN ('open', 'evaluation', 'awarded', 'in_progress', 'completed', 'unsuccessful');
-- the scheduler's three questions, each answered from a small partial index
CREATE INDEX orders_open_deadline_idx ON orders (bid_deadline) WHERE status = 'open';
CREATE INDEX orders_publicity_idx ON orders (publicity_ends_at) WHERE status = 'awarded';
CREATE INDEX orders_award_window_idx ON orders (award_window_ends_at) WHERE status = 'evaluation';
CREATE INDEX orders_review_queue_idx ON orders (submitted_at, id) WHERE status = 'pending_review';

CREATE TABLE order_attachments (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id     uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  kind         text NOT NULL CONSTRAINT order_attachments_kind_check CHECK (kind IN ('guideline', 'sample', 'other')),
  file_name    text NOT NULL CONSTRAINT order_attachments_file_name_check CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes   bigint NOT NULL CONSTRAINT order_attachments_size_check CHECK (size_bytes >= 0),
  sha256       text NOT NULL CONSTRAINT order_attachments_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key  text NOT NULL CONSTRAINT order_attachments_storage_key_key UNIQUE,
  uploaded_by  uuid NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_attachments_order_idx ON order_attachments (order_id, created_at, id);

-- Amendments of open orders. Append-only like the audit log.
CREATE TABLE order_amendments (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id   uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  by_user_id uuid NULL,
  reason     text NULL,
  -- { fieldName: { from, to } } in the API's camelCase
  changes    jsonb NOT NULL CONSTRAINT order_amendments_changes_object CHECK (jsonb_typeof(changes) = 'object')
);
CREATE INDEX order_amendments_order_idx ON order_amendments (order_id, id);

CREATE TABLE questions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id      uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  asker_org_id  uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
  asker_user_id uuid NULL,
  body          text NOT NULL CONSTRAINT questions_body_check CHECK (length(btrim(body)) >= 1),
  answer        text NULL,
  answered_at   timestamptz NULL,
  answered_by   uuid NULL,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT questions_answer_pair CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX questions_order_idx ON questions (order_id, created_at, id);

-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE bids (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id            uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  vendor_org_id       uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
  status              text NOT NULL DEFAULT 'active'
    CONSTRAINT bids_status_check CHECK (status IN ('active', 'needs_reconfirm', 'withdrawn', 'awarded', 'not_awarded',
                                                   'disqualified')),
  total_price_fen     bigint NOT NULL CONSTRAINT bids_total_price_check CHECK (total_price_fen BETWEEN 1 AND 1000000000000),
  unit_price_fen      bigint NOT NULL CONSTRAINT bids_unit_price_check CHECK (unit_price_fen BETWEEN 1 AND 1000000000000),
  delivery_days       integer NOT NULL CONSTRAINT bids_delivery_days_check CHECK (delivery_days >= 1),
  team_size           integer NOT NULL CONSTRAINT bids_team_size_check CHECK (team_size >= 1),
  committed_accuracy  numeric(5,2) NOT NULL
    CONSTRAINT bids_committed_accuracy_check CHECK (committed_accuracy > 0 AND committed_accuracy <= 100),
  proposal            text NOT NULL DEFAULT '',
  quote_lines         jsonb NOT NULL DEFAULT '[]'::jsonb CONSTRAINT bids_quote_lines_array CHECK (jsonb_typeof(quote_lines) = 'array'),
  revision            integer NOT NULL DEFAULT 1 CONSTRAINT bids_revision_check CHECK (revision >= 1),
  -- clock_timestamp() at which the database accepted the bid (checked against the deadline at that instant)
  submitted_at        timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  reconfirmed_at      timestamptz NULL,
  withdrawn_at        timestamptz NULL,
  disqualified_reason text NULL,
  disqualified_at     timestamptz NULL,
  disqualified_by     uuid NULL,
  submitted_by        uuid NULL,
  CONSTRAINT bids_id_order_key UNIQUE (id, order_id),
  CONSTRAINT bids_withdrawn_pair CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL)),
  CONSTRAINT bids_disqualified_reason CHECK (status <> 'disqualified' OR disqualified_reason IS NOT NULL)
);
-- one live bid per vendor per order; withdrawn bids stay as history
CREATE UNIQUE INDEX bids_one_live_per_vendor ON bids (order_id, vendor_org_id) WHERE status <> 'withdrawn';
CREATE INDEX bids_order_idx ON bids (order_id, submitted_at, id);
CREATE INDEX bids_vendor_idx ON bids (vendor_org_id, submitted_at DESC, id DESC);

CREATE TABLE bid_revisions (
  bid_id     uuid NOT NULL REFERENCES bids (id) ON DELETE CASCADE,
  revision   integer NOT NULL,
  -- the offer as it stood at that revision, camelCase keys
  snapshot   jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (bid_id, revision)
);

-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE awards (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id      uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  bid_id        uuid NOT NULL,
  reason        text NOT NULL CONSTRAINT awards_reason_check CHECK (length(btrim(reason)) >= 1),
  awarded_by    uuid NULL,
  awarded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  cancelled_at  timestamptz NULL,
  cancel_reason text NULL,
  cancelled_by  uuid NULL,
  CONSTRAINT awards_id_order_key UNIQUE (id, order_id),
  -- the awarded bid belongs to the awarded order
  CONSTRAINT awards_bid_fkey FOREIGN KEY (bid_id, order_id) REFERENCES bids (id, order_id),
  CONSTRAINT awards_cancel_pair CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))
);
-- at most one active award per order, guaranteed here and not only by code
CREATE UNIQUE INDEX awards_one_active_per_order ON awards (order_id) WHERE cancelled_at IS NULL;

CREATE TABLE objections (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  award_id         uuid NOT NULL,
  order_id         uuid NOT NULL,
  objector_org_id  uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
  objector_user_id uuid NULL,
  body             text NOT NULL CONSTRAINT objections_body_check CHECK (length(btrim(body)) >= 1),
  status           text NOT NULL DEFAULT 'pending'
    CONSTRAINT objections_status_check CHECK (status IN ('pending', 'upheld', 'rejected')),
  decision_reason  text NULL,
  decided_by       uuid NULL,
  decided_at       timestamptz NULL,
  created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT objections_award_fkey FOREIGN KEY (award_id, order_id) REFERENCES awards (id, order_id) ON DELETE CASCADE,
  CONSTRAINT objections_decision_pair CHECK ((status = 'pending') = (decided_at IS NULL)),
  CONSTRAINT objections_decision_reason CHECK (status = 'pending' OR decision_reason IS NOT NULL)
);
CREATE UNIQUE INDEX objections_one_pending_per_org ON objections (award_id, objector_org_id) WHERE status = 'pending';
CREATE INDEX objections_order_idx ON objections (order_id, created_at, id);
CREATE INDEX objections_queue_idx ON objections (created_at, id) WHERE status = 'pending';

-- ---------------------------------------------------------------------------------------------------------
-- One row per recipient user: notifications to an organisation are fanned out to its members on insert,
-- so read state and the unread count are per user.
CREATE TABLE notifications (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  org_id     uuid NULL,
  kind       text NOT NULL,
  payload    jsonb NOT NULL DEFAULT '{}'::jsonb,
  order_id   uuid NULL REFERENCES orders (id) ON DELETE SET NULL,
  read_at    timestamptz NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id, id) WHERE read_at IS NULL;

-- Idempotency-Key records (Stripe semantics), kept at least 24 hours.
CREATE TABLE idempotency_keys (
  -- whose key: e.g. 'user:<uuid>' — keys of different callers never collide
  scope           text NOT NULL,
  key             text NOT NULL CONSTRAINT idempotency_keys_key_check CHECK (length(key) BETWEEN 1 AND 255),
  method          text NOT NULL,
  path            text NOT NULL,
  request_hash    text NOT NULL,
  response_status integer NULL,
  response_body   jsonb NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz NULL,
  -- while a request executes outside a held transaction: replays before this time are told it is in progress
  locked_until    timestamptz NULL,
  PRIMARY KEY (scope, key),
  CONSTRAINT idempotency_keys_completion CHECK ((response_status IS NULL) = (completed_at IS NULL))
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Time-driven work (deadline transitions, reminders). Claimed with FOR UPDATE SKIP LOCKED by any API process.
CREATE TABLE jobs (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind       text NOT NULL,
  -- at most one pending job per (kind, dedupe_key): scheduling again moves it
  dedupe_key text NULL,
  payload    jsonb NOT NULL DEFAULT '{}'::jsonb,
  run_at     timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz NULL,
  attempts   integer NOT NULL DEFAULT 0 CONSTRAINT jobs_attempts_check CHECK (attempts >= 0),
  last_error text NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at    timestamptz NULL,
  failed_at  timestamptz NULL
);
CREATE UNIQUE INDEX jobs_pending_dedupe_key ON jobs (kind, dedupe_key)
  WHERE dedupe_key IS NOT NULL AND done_at IS NULL AND failed_at IS NULL;
CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE done_at IS NULL AND failed_at IS NULL;
