-- 0011 contracts (DESIGN §2.5, issue 9 item 1): when an award's publicity window ends the awarded bid becomes a
-- contract between the buyer and the vendor. The buyer proposes the terms with milestones, the vendor accepts or
-- asks for changes; agreed terms are kept as numbered versions with the hash each side accepted; change orders
-- make new versions; a contract ends completed or terminated (by agreement, or by the secretariat on a dispute).
-- Forward-only: never edit this file once applied anywhere; add 0012_… instead.

-- ---------------------------------------------------------------------------------------------------------
-- One contract per order. Its columns hold the terms in force (those of version current_version) or, before the
-- parties agree, the terms the award started it with; every version's full terms are in contract_versions.
CREATE TABLE contracts (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id             uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE CONSTRAINT contracts_order_key UNIQUE,
  award_id             uuid NOT NULL,
  buyer_org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
  vendor_org_id        uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
  -- packages/domain CONTRACT_STATUSES
  status               text NOT NULL DEFAULT 'draft'
    CONSTRAINT contracts_status_check CHECK (status IN ('draft', 'proposed', 'changes_requested', 'active', 'completed', 'terminated')),
  price_fen            bigint NOT NULL CONSTRAINT contracts_price_check CHECK (price_fen BETWEEN 0 AND 1000000000000),
  currency             text NOT NULL DEFAULT 'CNY' CONSTRAINT contracts_currency_check CHECK (currency = 'CNY'),
  volume_quantity      bigint NOT NULL CONSTRAINT contracts_volume_quantity_check CHECK (volume_quantity > 0),
  volume_unit          text NOT NULL
    CONSTRAINT contracts_volume_unit_check CHECK (volume_unit IN ('images', 'frames', 'hours', 'items', 'tokens')),
  accuracy_target      numeric(5,2) NOT NULL
    CONSTRAINT contracts_accuracy_target_check CHECK (accuracy_target > 0 AND accuracy_target <= 100),
  -- the order's sampling_rule as it stood at award (packages/contracts SamplingRule), carried by the versions after
  acceptance_rule      jsonb NULL CONSTRAINT contracts_acceptance_rule_object CHECK (jsonb_typeof(acceptance_rule) = 'object'),
  delivery_deadline    timestamptz NOT NULL,
  -- 账期: days after a milestone's acceptance within which the buyer pays
  payment_terms_days   integer NOT NULL DEFAULT 30 CONSTRAINT contracts_payment_terms_check CHECK (payment_terms_days BETWEEN 0 AND 365),
  guideline_attachment_id uuid NULL REFERENCES order_attachments (id) ON DELETE SET NULL,
  -- the number of the version in force; null until both parties accepted one
  current_version      integer NULL CONSTRAINT contracts_current_version_check CHECK (current_version >= 1),
  -- optimistic concurrency: every change of the contract (or of its versions, change orders, terminations) bumps it
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  activated_at         timestamptz NULL,
  completed_at         timestamptz NULL,
  terminated_at        timestamptz NULL,
  CONSTRAINT contracts_award_fkey FOREIGN KEY (award_id, order_id) REFERENCES awards (id, order_id),
  CONSTRAINT contracts_parties_differ CHECK (buyer_org_id <> vendor_org_id),
  CONSTRAINT contracts_in_force CHECK (status NOT IN ('active', 'completed') OR current_version IS NOT NULL),
  CONSTRAINT contracts_completed_at CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
  CONSTRAINT contracts_terminated_at CHECK ((status = 'terminated') = (terminated_at IS NOT NULL))
);
CREATE INDEX contracts_buyer_idx ON contracts (buyer_org_id, created_at DESC, id DESC);
CREATE INDEX contracts_vendor_idx ON contracts (vendor_org_id, created_at DESC, id DESC);

-- Every proposal of terms is a version: the buyer's proposals before agreement (the buyer accepts its own
-- proposal by making it), and the versions accepted change orders make. A version is agreed when both sides
-- accepted it; each acceptance keeps the hash of the terms it was given (packages/domain canonicalTerms).
CREATE TABLE contract_versions (
  contract_id        uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  number             integer NOT NULL CONSTRAINT contract_versions_number_check CHECK (number >= 1),
  -- packages/domain ContractTerms, camelCase keys
  terms              jsonb NOT NULL CONSTRAINT contract_versions_terms_object CHECK (jsonb_typeof(terms) = 'object'),
  terms_hash         text NOT NULL CONSTRAINT contract_versions_terms_hash_check CHECK (terms_hash ~ '^[0-9a-f]{64}$'),
  status             text NOT NULL DEFAULT 'proposed'
    CONSTRAINT contract_versions_status_check CHECK (status IN ('proposed', 'changes_requested', 'accepted', 'superseded')),
  -- the change order that made it (null: a proposal before agreement)
  change_order_id    uuid NULL,
  proposed_by        uuid NULL,
  proposed_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  buyer_accepted_by  uuid NULL,
  buyer_accepted_at  timestamptz NULL,
  buyer_accepted_hash text NULL,
  vendor_accepted_by uuid NULL,
  vendor_accepted_at timestamptz NULL,
  vendor_accepted_hash text NULL,
  -- the vendor's request for changes
  changes_message    text NULL,
  changes_requested_by uuid NULL,
  changes_requested_at timestamptz NULL,
  PRIMARY KEY (contract_id, number),
  CONSTRAINT contract_versions_buyer_acceptance CHECK ((buyer_accepted_at IS NULL) = (buyer_accepted_hash IS NULL)),
  CONSTRAINT contract_versions_vendor_acceptance CHECK ((vendor_accepted_at IS NULL) = (vendor_accepted_hash IS NULL)),
  -- accepted (or superseded after it) means both sides accepted these very terms
  CONSTRAINT contract_versions_agreed CHECK (status NOT IN ('accepted', 'superseded') OR (
    buyer_accepted_hash = terms_hash AND vendor_accepted_hash = terms_hash)),
  CONSTRAINT contract_versions_changes_message CHECK (status <> 'changes_requested' OR length(btrim(changes_message)) >= 1)
);
-- one proposal waiting for an answer, and one version in force, per contract
CREATE UNIQUE INDEX contract_versions_one_proposed ON contract_versions (contract_id) WHERE status = 'proposed';
CREATE UNIQUE INDEX contract_versions_one_accepted ON contract_versions (contract_id) WHERE status = 'accepted';

-- The milestones (batches) of the terms in force, one row per batch with a stable id: deliveries, inspections and
-- payments refer to it. Created when the contract becomes active; a change order updates them in place by seq
-- (a batch it drops is cancelled, not deleted).
CREATE TABLE contract_milestones (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_id uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  seq         integer NOT NULL CONSTRAINT contract_milestones_seq_check CHECK (seq >= 1),
  title       text NOT NULL CONSTRAINT contract_milestones_title_check CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  quantity    bigint NOT NULL CONSTRAINT contract_milestones_quantity_check CHECK (quantity > 0),
  due_at      timestamptz NOT NULL,
  amount_fen  bigint NOT NULL CONSTRAINT contract_milestones_amount_check CHECK (amount_fen BETWEEN 0 AND 1000000000000),
  -- planned: part of the terms in force; cancelled: dropped by a change order or ended by a termination
  status      text NOT NULL DEFAULT 'planned' CONSTRAINT contract_milestones_status_check CHECK (status IN ('planned', 'cancelled')),
  -- the contract version that last set this batch
  since_version integer NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT contract_milestones_seq_key UNIQUE (contract_id, seq),
  CONSTRAINT contract_milestones_id_contract_key UNIQUE (id, contract_id)
);

-- A change of the terms in force, proposed by one party and answered by the other. `changes` holds the new
-- values of the terms it changes (packages/domain ChangeOrderChanges); accepting it makes version result_version.
CREATE TABLE change_orders (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_id      uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  -- the version in force it changes
  base_version     integer NOT NULL,
  proposed_by_side text NOT NULL CONSTRAINT change_orders_side_check CHECK (proposed_by_side IN ('buyer', 'vendor')),
  proposed_by      uuid NULL,
  proposed_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  changes          jsonb NOT NULL CONSTRAINT change_orders_changes_object CHECK (jsonb_typeof(changes) = 'object'),
  reason           text NOT NULL CONSTRAINT change_orders_reason_check CHECK (length(btrim(reason)) >= 1),
  status           text NOT NULL DEFAULT 'proposed'
    CONSTRAINT change_orders_status_check CHECK (status IN ('proposed', 'accepted', 'declined', 'withdrawn')),
  decided_by       uuid NULL,
  decided_at       timestamptz NULL,
  decision_message text NULL,
  result_version   integer NULL,
  CONSTRAINT change_orders_decision_pair CHECK ((status = 'proposed') = (decided_at IS NULL)),
  CONSTRAINT change_orders_result CHECK ((status = 'accepted') = (result_version IS NOT NULL)),
  CONSTRAINT change_orders_base_fkey FOREIGN KEY (contract_id, base_version) REFERENCES contract_versions (contract_id, number),
  CONSTRAINT change_orders_result_fkey FOREIGN KEY (contract_id, result_version) REFERENCES contract_versions (contract_id, number)
);
-- one open change order per contract: the next one is proposed against what the answer to this one makes
CREATE UNIQUE INDEX change_orders_one_open ON change_orders (contract_id) WHERE status = 'proposed';
CREATE INDEX change_orders_contract_idx ON change_orders (contract_id, proposed_at, id);
ALTER TABLE contract_versions
  ADD CONSTRAINT contract_versions_change_order_fkey FOREIGN KEY (change_order_id) REFERENCES change_orders (id);

-- Early termination: by agreement (one party proposes, the other accepts) or by the secretariat on a dispute.
CREATE TABLE contract_terminations (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_id      uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  kind             text NOT NULL CONSTRAINT contract_terminations_kind_check CHECK (kind IN ('agreement', 'secretariat')),
  -- who proposed it: a party, or the secretariat (which terminates at once)
  proposed_by_side text NOT NULL
    CONSTRAINT contract_terminations_side_check CHECK (proposed_by_side IN ('buyer', 'vendor', 'secretariat')),
  proposed_by      uuid NULL,
  proposed_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  reason           text NOT NULL CONSTRAINT contract_terminations_reason_check CHECK (length(btrim(reason)) >= 1),
  status           text NOT NULL DEFAULT 'proposed'
    CONSTRAINT contract_terminations_status_check CHECK (status IN ('proposed', 'accepted', 'declined', 'withdrawn')),
  decided_by       uuid NULL,
  decided_at       timestamptz NULL,
  decision_message text NULL,
  CONSTRAINT contract_terminations_decision_pair CHECK ((status = 'proposed') = (decided_at IS NULL)),
  CONSTRAINT contract_terminations_kind_side CHECK ((kind = 'secretariat') = (proposed_by_side = 'secretariat')),
  CONSTRAINT contract_terminations_secretariat_final CHECK (kind <> 'secretariat' OR status = 'accepted')
);
CREATE UNIQUE INDEX contract_terminations_one_open ON contract_terminations (contract_id) WHERE status = 'proposed';
-- a contract is terminated once
CREATE UNIQUE INDEX contract_terminations_one_accepted ON contract_terminations (contract_id) WHERE status = 'accepted';
CREATE INDEX contract_terminations_contract_idx ON contract_terminations (contract_id, proposed_at, id);

-- ---------------------------------------------------------------------------------------------------------
-- Orders already in progress when this migration runs get their contract now, from their active award, as the
-- end of publicity makes it from now on (packages/db contracts.createForOrder runs the same insert).
INSERT INTO contracts (order_id, award_id, buyer_org_id, vendor_org_id, price_fen, volume_quantity, volume_unit,
                       accuracy_target, acceptance_rule, delivery_deadline)
SELECT o.id, a.id, o.buyer_org_id, b.vendor_org_id, b.total_price_fen, o.volume_quantity, o.volume_unit,
       o.accuracy_target, o.sampling_rule, o.delivery_deadline
FROM orders o
JOIN awards a ON a.order_id = o.id AND a.cancelled_at IS NULL
JOIN bids b ON b.id = a.bid_id
WHERE o.status IN ('in_progress', 'completed')
  AND o.volume_quantity IS NOT NULL AND o.accuracy_target IS NOT NULL AND o.delivery_deadline IS NOT NULL
ON CONFLICT (order_id) DO NOTHING;
