-- 0020 API tokens (issue 11): bearer tokens of an organisation for machine clients, their per-minute rate
-- windows and their usage log.
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.
--
-- The token's text is `annex_<id>_<secret>`; only the hex SHA-256 of the secret is stored (the secret has 256
-- random bits, so a fast hash is enough: there is nothing to guess). A revoked token keeps its row (the owner
-- sees it in the list, the usage log keeps its requests) and is refused from the moment of revocation.

CREATE TABLE api_tokens (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  -- the owner who created it: the token acts as this user (with a member's rights) while they belong to org_id
  created_by      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name            text NOT NULL CONSTRAINT api_tokens_name_check CHECK (name = btrim(name) AND length(name) BETWEEN 1 AND 80),
  secret_sha256   text NOT NULL CONSTRAINT api_tokens_secret_check CHECK (secret_sha256 ~ '^[0-9a-f]{64}$'),
  scopes          text[] NOT NULL CONSTRAINT api_tokens_scopes_check CHECK (cardinality(scopes) BETWEEN 1 AND 32),
  -- CIDR ranges requests must come from (empty: anywhere), as typed and checked by the API
  allowed_sources text[] NOT NULL DEFAULT '{}' CONSTRAINT api_tokens_sources_check CHECK (cardinality(allowed_sources) <= 20),
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  expires_at      timestamptz NOT NULL,
  -- written at most once a minute
  last_used_at    timestamptz NULL,
  last_used_from  text NULL,
  revoked_at      timestamptz NULL,
  revoked_by      uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT api_tokens_expiry_check CHECK (expires_at > created_at)
);
CREATE INDEX api_tokens_org_idx ON api_tokens (org_id, created_at DESC, id DESC);

-- Requests per token per fixed minute: one upsert per request counts across every API process.
CREATE TABLE api_token_rate_windows (
  token_id     uuid NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
  window_start timestamptz NOT NULL,
  requests     integer NOT NULL,
  PRIMARY KEY (token_id, window_start)
);
CREATE INDEX api_token_rate_windows_start_idx ON api_token_rate_windows (window_start);

-- What each token did: one row per request it authenticated (route pattern, not the concrete path, so no ids of
-- other resources pile up here), kept 90 days.
CREATE TABLE api_token_usage (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_id  uuid NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
  at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  method    text NOT NULL CONSTRAINT api_token_usage_method_check CHECK (length(method) BETWEEN 1 AND 10),
  route     text NOT NULL CONSTRAINT api_token_usage_route_check CHECK (length(route) BETWEEN 1 AND 300),
  status    smallint NOT NULL,
  source    text NULL
);
CREATE INDEX api_token_usage_token_idx ON api_token_usage (token_id, id DESC);
CREATE INDEX api_token_usage_at_idx ON api_token_usage (at);
