-- Registrations per source address, for the registration throttle (kept in PostgreSQL so that every
-- API process counts the same). `source` is an IPv4 address or an IPv6 /64, as for login_failures.ip.
CREATE TABLE registration_attempts (
  id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  at     timestamptz NOT NULL
);
CREATE INDEX registration_attempts_source_idx ON registration_attempts (source, at DESC);
CREATE INDEX registration_attempts_at_idx ON registration_attempts (at);

-- Login throttling now counts failures per (account, source) pair as well.
CREATE INDEX login_failures_pair_idx ON login_failures (email, ip, at DESC);
