-- 0001 foundation: organisations, vendor verification, users, sessions, throttling, audit, outbox, orders.
-- Forward-only: never edit this file once applied anywhere; add 0002_… instead.

CREATE TABLE organisations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind          text NOT NULL CONSTRAINT organisations_kind_check CHECK (kind IN ('buyer', 'vendor', 'secretariat')),
  name          text NOT NULL CONSTRAINT organisations_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  uscc          text NULL,
  contact_name  text NULL,
  contact_phone text NULL,
  county        text NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT organisations_uscc_key UNIQUE (uscc),
  -- the GB 32100-2015 alphabet; the check character itself is validated in packages/domain
  CONSTRAINT organisations_uscc_format CHECK (uscc ~ '^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$'),
  CONSTRAINT organisations_uscc_required CHECK (kind = 'secretariat' OR uscc IS NOT NULL),
  CONSTRAINT organisations_vendor_county CHECK (kind <> 'vendor' OR county IS NOT NULL)
);

CREATE TABLE vendor_profiles (
  org_id                  uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  verification_status     text NOT NULL DEFAULT 'pending'
    CONSTRAINT vendor_profiles_status_check CHECK (verification_status IN ('pending', 'verified', 'rejected', 'suspended')),
  verified_until          timestamptz NULL,
  verification_reason     text NULL,
  verification_updated_at timestamptz NOT NULL DEFAULT now(),
  -- when the vendor (re-)entered the queue; the queue is ordered by (submitted_at, org_id)
  submitted_at            timestamptz NOT NULL DEFAULT now(),
  capabilities            jsonb NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT vendor_profiles_capabilities_object CHECK (jsonb_typeof(capabilities) = 'object'),
  CONSTRAINT vendor_profiles_verified_until CHECK (verification_status <> 'verified' OR verified_until IS NOT NULL),
  CONSTRAINT vendor_profiles_reason_required CHECK (
    verification_status NOT IN ('rejected', 'suspended') OR verification_reason IS NOT NULL)
);
CREATE INDEX vendor_profiles_queue_idx ON vendor_profiles (verification_status, submitted_at, org_id);

CREATE TABLE users (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email               text NOT NULL,
  password_hash       text NOT NULL,
  display_name        text NOT NULL CONSTRAINT users_display_name_check CHECK (length(btrim(display_name)) BETWEEN 1 AND 100),
  created_at          timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_key UNIQUE (email),
  -- stored lower-cased so the unique constraint is case-insensitive
  CONSTRAINT users_email_lower CHECK (email = lower(email) AND email LIKE '_%@_%')
);

CREATE TABLE memberships (
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  org_id     uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  role       text NOT NULL CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'member')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, org_id),
  -- a user belongs to one organisation
  CONSTRAINT memberships_user_key UNIQUE (user_id)
);
CREATE INDEX memberships_org_idx ON memberships (org_id, role);

CREATE TABLE sessions (
  -- hex SHA-256 of the session token; the token itself is never stored
  id                  text PRIMARY KEY CONSTRAINT sessions_id_sha256_hex CHECK (id ~ '^[0-9a-f]{64}$'),
  user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at          timestamptz NOT NULL DEFAULT now(),
  last_seen_at        timestamptz NOT NULL DEFAULT now(),
  idle_expires_at     timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  user_agent          text NULL,
  ip                  text NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id, last_seen_at DESC);
CREATE INDEX sessions_expiry_idx ON sessions ((LEAST(idle_expires_at, absolute_expires_at)));

CREATE TABLE login_failures (
  id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  ip    text NOT NULL,
  at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_idx ON login_failures (email, at DESC);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at DESC);
CREATE INDEX login_failures_at_idx ON login_failures (at);

-- Append-only. Actor ids carry no foreign keys on purpose: the record outlives the actor.
CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid NULL,
  actor_org_id  uuid NULL,
  entity_type   text NOT NULL,
  entity_id     text NOT NULL,
  action        text NOT NULL,
  before        jsonb NULL,
  after         jsonb NULL,
  request_id    text NULL
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id);
CREATE INDEX audit_log_actor_org_idx ON audit_log (actor_org_id, id) WHERE actor_org_id IS NOT NULL;

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE outbox (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic          text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id   text NOT NULL,
  payload        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  available_at   timestamptz NOT NULL DEFAULT now(),
  attempts       integer NOT NULL DEFAULT 0 CONSTRAINT outbox_attempts_check CHECK (attempts >= 0),
  processed_at   timestamptz NULL,
  last_error     text NULL
);
-- workers only ever look at unprocessed rows; processed ones are history
CREATE INDEX outbox_pending_idx ON outbox (available_at, id) WHERE processed_at IS NULL;
CREATE INDEX outbox_aggregate_idx ON outbox (aggregate_type, aggregate_id);

CREATE TABLE orders (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  buyer_org_id     uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
  title            text NOT NULL CONSTRAINT orders_title_check CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  description      text NOT NULL DEFAULT '',
  modality         text NOT NULL
    CONSTRAINT orders_modality_check CHECK (modality IN ('image', 'video', 'point_cloud', 'text', 'audio', 'multimodal')),
  task_types       text[] NOT NULL DEFAULT '{}',
  status           text NOT NULL DEFAULT 'draft'
    CONSTRAINT orders_status_check CHECK (status IN ('draft', 'pending_review', 'open', 'evaluation', 'awarded',
                                                     'in_progress', 'completed', 'cancelled', 'unsuccessful')),
  budget_total_fen bigint NULL CONSTRAINT orders_budget_check CHECK (budget_total_fen >= 0),
  bid_deadline     timestamptz NULL,
  published_at     timestamptz NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orders_published_at_check CHECK (
    status NOT IN ('open', 'evaluation', 'awarded', 'in_progress', 'completed') OR published_at IS NOT NULL)
);
CREATE INDEX orders_buyer_idx ON orders (buyer_org_id, created_at DESC);
-- the public listing: published statuses only, newest first
CREATE INDEX orders_published_idx ON orders (published_at DESC, id DESC)
  WHERE status IN ('open', 'evaluation', 'awarded', 'in_progress', 'completed');
