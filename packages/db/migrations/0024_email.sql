-- 0024 E-mail (issue 11): every notification can also go by e-mail — per user and kind off, immediately or in a
-- daily digest; an outbox the API's sender works through; the user's e-mail language and the key that signs their
-- unsubscribe links.
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.
--
-- A trigger on notifications queues the e-mails in the writer's transaction, whatever code wrote the notification
-- (as 0003 does for search): a message exists exactly when its notification does. The subject and bodies are
-- written by the sender at the first attempt (templates live in the API) and kept, so retries send the same text.

-- What a user who has not chosen receives; the same list as EMAIL_IMMEDIATE_BY_DEFAULT in packages/domain
-- (a test compares them). Kinds not listed are off.
CREATE TABLE email_default_modes (
  kind text PRIMARY KEY,
  mode text NOT NULL CONSTRAINT email_default_modes_mode_check CHECK (mode IN ('off', 'immediate', 'digest'))
);
INSERT INTO email_default_modes (kind, mode) VALUES
  ('deadline_soon', 'immediate'),
  ('bidding_closed', 'immediate'),
  ('award_made', 'immediate'),
  ('bid_awarded', 'immediate'),
  ('bid_not_awarded', 'immediate'),
  ('bid_disqualified', 'immediate'),
  ('objection_filed', 'immediate'),
  ('objection_decided', 'immediate'),
  ('award_final', 'immediate'),
  ('contract_proposed', 'immediate'),
  ('contract_changes_requested', 'immediate'),
  ('contract_active', 'immediate'),
  ('change_order_proposed', 'immediate'),
  ('change_order_decided', 'immediate'),
  ('termination_proposed', 'immediate'),
  ('termination_decided', 'immediate'),
  ('contract_terminated', 'immediate'),
  ('batch_delivered', 'immediate'),
  ('batch_rejected', 'immediate'),
  ('batch_auto_accept_soon', 'immediate'),
  ('batch_disputed', 'immediate'),
  ('batch_dispute_decided', 'immediate'),
  ('payment_invoiced', 'immediate'),
  ('payment_paid', 'immediate'),
  ('payment_confirmed', 'immediate'),
  ('payment_due_soon', 'immediate'),
  ('payment_overdue', 'immediate'),
  ('payment_disputed', 'immediate'),
  ('payment_dispute_decided', 'immediate');

-- A user's choices; a kind without a row follows email_default_modes.
CREATE TABLE email_preferences (
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       text NOT NULL CONSTRAINT email_preferences_kind_check CHECK (kind ~ '^[a-z_]{1,60}$'),
  mode       text NOT NULL CONSTRAINT email_preferences_mode_check CHECK (mode IN ('off', 'immediate', 'digest')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind)
);

-- Per user: the language of their e-mails, and the random key their unsubscribe links are signed with (an HMAC of
-- user and kind under it: the link works without signing in, and replacing the key voids every link sent before).
CREATE TABLE email_settings (
  user_id         uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  language        text NOT NULL DEFAULT 'zh-CN' CONSTRAINT email_settings_language_check CHECK (language IN ('zh-CN', 'en')),
  unsubscribe_key text NOT NULL
    DEFAULT encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- One row per e-mail. status: digest (waits for the daily digest) → digested (carried by the digest message
-- digest_id); pending → sent | failed (a 5xx reply, or the retries ran out).
CREATE TABLE email_outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- the address when queued: a later change of address does not redirect mail already written
  recipient       text NOT NULL,
  -- the notification's kind, or 'digest'
  kind            text NOT NULL,
  notification_id bigint NULL REFERENCES notifications (id) ON DELETE SET NULL,
  language        text NOT NULL CONSTRAINT email_outbox_language_check CHECK (language IN ('zh-CN', 'en')),
  subject         text NULL,
  text_body       text NULL,
  html_body       text NULL,
  status          text NOT NULL
    CONSTRAINT email_outbox_status_check CHECK (status IN ('digest', 'digested', 'pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0 CONSTRAINT email_outbox_attempts_check CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- a sender's lease: another process skips the row until then (a crashed sender's row comes back)
  locked_until    timestamptz NULL,
  last_error      text NULL,
  -- the Message-ID the SMTP server accepted
  message_id      text NULL,
  digest_id       bigint NULL REFERENCES email_outbox (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz NULL,
  CONSTRAINT email_outbox_sent_check CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX email_outbox_digest_idx ON email_outbox (user_id, id) WHERE status = 'digest';
CREATE INDEX email_outbox_recent_idx ON email_outbox (id DESC);
CREATE INDEX email_outbox_notification_idx ON email_outbox (notification_id) WHERE notification_id IS NOT NULL;

-- Queues the e-mail copies of new notifications by each recipient's choice. Notifications written as records of
-- the past (demo history, `at` in the past) are not mailed: news of last week is noise.
CREATE FUNCTION email_outbox_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO email_outbox (user_id, recipient, kind, notification_id, language, status)
  SELECT n.user_id, u.email, n.kind, n.id, coalesce(s.language, 'zh-CN'),
         CASE coalesce(p.mode, d.mode, 'off') WHEN 'immediate' THEN 'pending' ELSE 'digest' END
  FROM new_notifications n
  JOIN users u ON u.id = n.user_id
  LEFT JOIN email_settings s ON s.user_id = n.user_id
  LEFT JOIN email_preferences p ON p.user_id = n.user_id AND p.kind = n.kind
  LEFT JOIN email_default_modes d ON d.kind = n.kind
  WHERE coalesce(p.mode, d.mode, 'off') <> 'off'
    AND n.created_at > now() - interval '1 hour'
  ORDER BY n.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER notifications_email_outbox AFTER INSERT ON notifications
  REFERENCING NEW TABLE AS new_notifications FOR EACH STATEMENT EXECUTE FUNCTION email_outbox_enqueue();
