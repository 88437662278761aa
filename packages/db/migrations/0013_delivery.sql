-- 0013 delivery, acceptance by sampling and payment tracking (DESIGN §2.5): the batches a vendor delivers for a
-- contract milestone, the buyer's inspection of a drawn sample, the one decision each batch gets, disputes to the
-- secretariat, and each milestone's payment (tracked, never processed).
-- Forward-only: never edit this file once applied anywhere; add 0014_… instead.
--
-- The rules live in packages/domain (delivery.ts, payment.ts); the constraints here hold whatever code writes:
-- a batch is decided once (delivery_decisions is keyed by the batch), a milestone has at most one batch waiting
-- for a decision or a dispute and at most one accepted batch, attempts are numbered 1, 2, … per milestone.

-- ---------------------------------------------------------------------------------------------------------
-- One delivered batch: one attempt of a milestone (attempt 2 and later are rework after a rejection).
CREATE TABLE milestone_deliveries (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  milestone_id       uuid NOT NULL REFERENCES contract_milestones (id) ON DELETE CASCADE,
  order_id           uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  attempt            integer NOT NULL CONSTRAINT milestone_deliveries_attempt_check CHECK (attempt >= 1),
  status             text NOT NULL DEFAULT 'delivered' CONSTRAINT milestone_deliveries_status_check
    CHECK (status IN ('delivered', 'under_inspection', 'accepted', 'rejected', 'disputed', 'auto_accepted')),
  -- the manifest
  item_count         integer NOT NULL CONSTRAINT milestone_deliveries_item_count_check CHECK (item_count >= 1),
  link               text NULL CONSTRAINT milestone_deliveries_link_check CHECK (link ~ '^https?://' AND length(link) <= 2000),
  checksum           text NULL CONSTRAINT milestone_deliveries_checksum_check
    CHECK (checksum ~ '^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}|md5:[0-9a-f]{32})$'),
  notes              text NOT NULL DEFAULT '' CONSTRAINT milestone_deliveries_notes_check CHECK (length(notes) <= 5000),
  vendor_qa_accuracy numeric(5,2) NULL CONSTRAINT milestone_deliveries_qa_check CHECK (vendor_qa_accuracy BETWEEN 0 AND 100),
  delivered_by       uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  delivered_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- computed from the working-day calendar when delivered; the buyer decides before, the clock at or after it
  review_ends_at     timestamptz NOT NULL,
  -- both sides were told (a day before) that silence will accept the batch
  notice_sent_at     timestamptz NULL,
  -- when the state last changed: accepted_at for the payment's due date
  status_changed_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  version            integer NOT NULL DEFAULT 1,
  CONSTRAINT milestone_deliveries_attempt_key UNIQUE (milestone_id, attempt),
  CONSTRAINT milestone_deliveries_link_checksum CHECK (link IS NULL OR checksum IS NOT NULL),
  CONSTRAINT milestone_deliveries_review_after_delivery CHECK (review_ends_at > delivered_at)
);
-- one batch at a time in review or in dispute: rework waits for the decision
CREATE UNIQUE INDEX milestone_deliveries_one_open ON milestone_deliveries (milestone_id)
  WHERE status IN ('delivered', 'under_inspection', 'disputed');
-- a milestone is accepted once
CREATE UNIQUE INDEX milestone_deliveries_one_accepted ON milestone_deliveries (milestone_id)
  WHERE status IN ('accepted', 'auto_accepted');
CREATE INDEX milestone_deliveries_order_idx ON milestone_deliveries (order_id);
-- the scheduler's scan for windows ending
CREATE INDEX milestone_deliveries_review_idx ON milestone_deliveries (review_ends_at) WHERE status IN ('delivered', 'under_inspection');

-- ---------------------------------------------------------------------------------------------------------
-- Files of a batch: uploaded to the milestone first (delivery_id null), bound to the batch when it is delivered.
CREATE TABLE delivery_files (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  milestone_id uuid NOT NULL REFERENCES contract_milestones (id) ON DELETE CASCADE,
  delivery_id  uuid NULL REFERENCES milestone_deliveries (id) ON DELETE CASCADE,
  file_name    text NOT NULL CONSTRAINT delivery_files_file_name_check CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes   bigint NOT NULL CONSTRAINT delivery_files_size_check CHECK (size_bytes >= 0),
  sha256       text NOT NULL CONSTRAINT delivery_files_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key  text NOT NULL CONSTRAINT delivery_files_storage_key_key UNIQUE,
  uploaded_by  uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX delivery_files_milestone_idx ON delivery_files (milestone_id, created_at, id);
CREATE INDEX delivery_files_delivery_idx ON delivery_files (delivery_id);

-- ---------------------------------------------------------------------------------------------------------
-- The buyer's inspection of a batch: the seed Annex drew the sample with (so anyone can draw it again), the rule
-- and the plan it followed, the item numbers drawn. One per batch.
CREATE TABLE delivery_inspections (
  delivery_id  uuid PRIMARY KEY REFERENCES milestone_deliveries (id) ON DELETE CASCADE,
  seed         text NOT NULL CONSTRAINT delivery_inspections_seed_check CHECK (length(seed) BETWEEN 16 AND 128),
  rule         jsonb NOT NULL CONSTRAINT delivery_inspections_rule_check CHECK (jsonb_typeof(rule) = 'object'),
  plan         jsonb NOT NULL CONSTRAINT delivery_inspections_plan_check CHECK (jsonb_typeof(plan) = 'object'),
  sample_items integer[] NOT NULL CONSTRAINT delivery_inspections_sample_check CHECK (cardinality(sample_items) >= 1),
  started_by   uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  started_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- An error found in a sampled item, with a note; each item at most once.
CREATE TABLE inspection_errors (
  delivery_id uuid NOT NULL REFERENCES delivery_inspections (delivery_id) ON DELETE CASCADE,
  item_number integer NOT NULL CONSTRAINT inspection_errors_item_check CHECK (item_number >= 1),
  note        text NOT NULL DEFAULT '' CONSTRAINT inspection_errors_note_check CHECK (length(note) <= 1000),
  recorded_by uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (delivery_id, item_number)
);

-- ---------------------------------------------------------------------------------------------------------
-- The one decision of a batch: the buyer's (with the measured figures it saw) or the review window's. Keyed by
-- the batch, so a second decision — a racing accept and reject, or the clock against a late buyer — fails here.
CREATE TABLE delivery_decisions (
  delivery_id   uuid PRIMARY KEY REFERENCES milestone_deliveries (id) ON DELETE CASCADE,
  outcome       text NOT NULL CONSTRAINT delivery_decisions_outcome_check CHECK (outcome IN ('accepted', 'rejected')),
  decided_how   text NOT NULL CONSTRAINT delivery_decisions_how_check CHECK (decided_how IN ('buyer', 'review_window')),
  decided_by    uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  decided_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  reasons       text NOT NULL DEFAULT '' CONSTRAINT delivery_decisions_reasons_check CHECK (length(reasons) <= 5000),
  -- what the inspection measured (null without one)
  sample_size   integer NULL,
  errors        integer NULL,
  accuracy      double precision NULL,
  interval_low  double precision NULL,
  interval_high double precision NULL,
  suggested     text NULL CONSTRAINT delivery_decisions_suggested_check CHECK (suggested IN ('accept', 'reject')),
  CONSTRAINT delivery_decisions_reject_reasons CHECK (outcome = 'accepted' OR length(btrim(reasons)) > 0),
  CONSTRAINT delivery_decisions_clock_accepts CHECK (decided_how = 'buyer' OR outcome = 'accepted')
);

-- ---------------------------------------------------------------------------------------------------------
-- Disputes to the secretariat: the vendor's of a rejection, or either side's about a payment.
CREATE TABLE implementation_disputes (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id        uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  milestone_id    uuid NOT NULL REFERENCES contract_milestones (id) ON DELETE CASCADE,
  subject         text NOT NULL CONSTRAINT implementation_disputes_subject_check CHECK (subject IN ('rejection', 'payment')),
  delivery_id     uuid NULL REFERENCES milestone_deliveries (id) ON DELETE CASCADE,
  raised_by_role  text NOT NULL CONSTRAINT implementation_disputes_role_check CHECK (raised_by_role IN ('buyer', 'vendor')),
  raised_by_org   uuid NOT NULL REFERENCES organisations (id),
  raised_by       uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  reason          text NOT NULL CONSTRAINT implementation_disputes_reason_check CHECK (length(btrim(reason)) BETWEEN 1 AND 5000),
  status          text NOT NULL DEFAULT 'pending' CONSTRAINT implementation_disputes_status_check
    CHECK (status IN ('pending', 'upheld', 'overturned', 'dismissed')),
  decision_reason text NULL,
  decided_by      uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  decided_at      timestamptz NULL,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT implementation_disputes_rejection_names_batch CHECK ((subject = 'rejection') = (delivery_id IS NOT NULL)),
  CONSTRAINT implementation_disputes_rejection_by_vendor CHECK (subject = 'payment' OR raised_by_role = 'vendor'),
  -- a rejection is upheld or overturned; a payment dispute upheld or dismissed
  CONSTRAINT implementation_disputes_outcomes CHECK (
    status = 'pending' OR (subject = 'rejection' AND status IN ('upheld', 'overturned'))
    OR (subject = 'payment' AND status IN ('upheld', 'dismissed'))),
  CONSTRAINT implementation_disputes_decided CHECK ((status = 'pending') = (decided_at IS NULL))
);
-- a rejection is disputed once
CREATE UNIQUE INDEX implementation_disputes_one_per_rejection ON implementation_disputes (delivery_id) WHERE subject = 'rejection';
-- one payment dispute at a time per milestone
CREATE UNIQUE INDEX implementation_disputes_one_pending_payment ON implementation_disputes (milestone_id)
  WHERE subject = 'payment' AND status = 'pending';
CREATE INDEX implementation_disputes_pending_idx ON implementation_disputes (created_at, id) WHERE status = 'pending';
CREATE INDEX implementation_disputes_milestone_idx ON implementation_disputes (milestone_id, created_at);

-- ---------------------------------------------------------------------------------------------------------
-- The payment of a milestone, from its acceptance: 待开票 unpaid → 已开票 invoiced → 已付款 paid → 已确认收款
-- confirmed. The parties are copied from the contract (they never change) for the buyer's payment record.
CREATE TABLE milestone_payments (
  milestone_id        uuid PRIMARY KEY REFERENCES contract_milestones (id) ON DELETE CASCADE,
  order_id            uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  buyer_org_id        uuid NOT NULL REFERENCES organisations (id),
  vendor_org_id       uuid NOT NULL REFERENCES organisations (id),
  amount_fen          bigint NOT NULL CONSTRAINT milestone_payments_amount_check CHECK (amount_fen >= 0),
  status              text NOT NULL DEFAULT 'unpaid' CONSTRAINT milestone_payments_status_check
    CHECK (status IN ('unpaid', 'invoiced', 'paid', 'confirmed')),
  accepted_on         date NOT NULL,
  due_on              date NOT NULL,
  invoice_number      text NULL CONSTRAINT milestone_payments_invoice_number_check CHECK (length(btrim(invoice_number)) BETWEEN 1 AND 64),
  invoice_date        date NULL,
  invoiced_by         uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  invoiced_at         timestamptz NULL,
  paid_on             date NULL,
  paid_by             uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  marked_paid_at      timestamptz NULL,
  confirmed_by        uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  confirmed_at        timestamptz NULL,
  -- the overdue flag: the first day the scheduler found it unpaid past its due date (cleared when paid)
  overdue_since       date NULL,
  -- reminders sent, as days relative to the due date (packages/domain PAYMENT_REMINDER_OFFSETS)
  reminders_sent      integer[] NOT NULL DEFAULT '{}',
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT milestone_payments_due_after_acceptance CHECK (due_on >= accepted_on),
  CONSTRAINT milestone_payments_invoiced CHECK (status = 'unpaid' OR (invoice_number IS NOT NULL AND invoice_date IS NOT NULL)),
  CONSTRAINT milestone_payments_paid CHECK (status IN ('unpaid', 'invoiced') OR paid_on IS NOT NULL),
  CONSTRAINT milestone_payments_confirmed CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL)),
  CONSTRAINT milestone_payments_parties CHECK (buyer_org_id <> vendor_org_id)
);
CREATE INDEX milestone_payments_buyer_idx ON milestone_payments (buyer_org_id);
CREATE INDEX milestone_payments_order_idx ON milestone_payments (order_id);
CREATE INDEX milestone_payments_open_idx ON milestone_payments (due_on) WHERE status IN ('unpaid', 'invoiced');
