-- 0025 Webhooks (issue 11): an organisation's subscriptions (a URL, event types, a signing secret), one delivery per
-- event and subscription, and each attempt's outcome.
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.
--
-- An event is a notification addressed to an organisation: a trigger on notifications writes the deliveries in the
-- writer's own transaction, whatever code wrote the notification (as 0003 does for search and 0024 for e-mail), so
-- a delivery exists exactly when the change it tells of does. webhook_deliveries is the webhooks' outbox: senders in
-- every API process claim due rows with FOR UPDATE SKIP LOCKED and a lease, so each attempt is made once.

CREATE TABLE webhook_subscriptions (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  url                   text NOT NULL CONSTRAINT webhook_subscriptions_url_check CHECK (length(url) BETWEEN 8 AND 2000),
  description           text NOT NULL DEFAULT '' CONSTRAINT webhook_subscriptions_description_check CHECK (length(description) <= 200),
  -- what the organisation asked for (WEBHOOK_EVENTS in packages/domain) and the notification kinds they stand for,
  -- which the trigger matches (written together by the API)
  event_types           text[] NOT NULL CONSTRAINT webhook_subscriptions_event_types_check CHECK (cardinality(event_types) >= 1),
  notification_kinds    text[] NOT NULL,
  active                boolean NOT NULL DEFAULT true,
  -- why it is not active: its owner turned it off, or it kept failing and was disabled
  disabled_reason       text NULL CONSTRAINT webhook_subscriptions_disabled_reason_check CHECK (disabled_reason IN ('owner', 'failing')),
  disabled_at           timestamptz NULL,
  -- the signing secret is needed in clear to sign; it is shown to the owner once and never returned again
  secret                text NOT NULL,
  -- after a rotation the previous secret signs too (a second v1=) until previous_secret_until
  previous_secret       text NULL,
  previous_secret_until timestamptz NULL,
  -- failed attempts in a row, and since when (both reset by a success)
  consecutive_failures  integer NOT NULL DEFAULT 0,
  failing_since         timestamptz NULL,
  created_by            uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_subscriptions_active_check CHECK (active = (disabled_reason IS NULL))
);
CREATE INDEX webhook_subscriptions_org_idx ON webhook_subscriptions (org_id, created_at DESC);

-- One row per event and subscription. status: pending → succeeded | failed (the retries ran out). A redelivery asked
-- for by the owner is a new row with the same event id (receivers may deduplicate by it).
CREATE TABLE webhook_deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  org_id           uuid NOT NULL,
  event_id         uuid NOT NULL,
  -- the notification's kind; its event type follows from it (packages/domain webhookEventOf)
  kind             text NOT NULL,
  order_id         uuid NULL,
  -- the notification's payload: the facts the organisation's inbox shows (never a sealed amount)
  payload          jsonb NOT NULL,
  occurred_at      timestamptz NOT NULL,
  redelivery_of    bigint NULL REFERENCES webhook_deliveries (id) ON DELETE SET NULL,
  status           text NOT NULL DEFAULT 'pending'
    CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts         integer NOT NULL DEFAULT 0 CONSTRAINT webhook_deliveries_attempts_check CHECK (attempts >= 0),
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  -- a sender's lease: other processes skip the row until then (a crashed sender's row comes back)
  locked_until     timestamptz NULL,
  last_status      integer NULL,
  last_error       text NULL,
  last_duration_ms integer NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz NULL
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, id DESC);

-- Every attempt: the delivery log (response code, duration, what went wrong).
CREATE TABLE webhook_attempts (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id     bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt         integer NOT NULL,
  at              timestamptz NOT NULL DEFAULT now(),
  response_status integer NULL,
  duration_ms     integer NOT NULL,
  error           text NULL,
  UNIQUE (delivery_id, attempt)
);

-- Writes the deliveries of new notifications. Notifications to an organisation are fanned out to its members (one
-- row each): an event is one (organisation, kind, order, payload) of the statement, whatever the number of members.
-- Records of the past (demo history) are not sent. Without any active subscription this is one index probe.
CREATE FUNCTION webhook_deliveries_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE active) THEN
    RETURN NULL;
  END IF;
  INSERT INTO webhook_deliveries (subscription_id, org_id, event_id, kind, order_id, payload, occurred_at)
  SELECT s.id, e.org_id, e.event_id, e.kind, e.order_id, e.payload, e.created_at
  FROM (
    SELECT d.*, gen_random_uuid() AS event_id
    FROM (
      SELECT DISTINCT ON (n.org_id, n.kind, n.order_id, n.payload) n.org_id, n.kind, n.order_id, n.payload, n.created_at, n.id
      FROM new_notifications n
      WHERE n.org_id IS NOT NULL AND n.created_at > now() - interval '1 hour'
      ORDER BY n.org_id, n.kind, n.order_id, n.payload, n.id
    ) d
  ) e
  JOIN webhook_subscriptions s ON s.org_id = e.org_id AND s.active AND e.kind = ANY (s.notification_kinds)
  ORDER BY e.id, s.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER notifications_webhook_deliveries AFTER INSERT ON notifications
  REFERENCING NEW TABLE AS new_notifications FOR EACH STATEMENT EXECUTE FUNCTION webhook_deliveries_enqueue();
