-- 0015 reviews (DESIGN §2.5, issue 9 item 6): when a contract ends (completed or terminated) each side reviews the
-- other within 14 days. The buyer rates the vendor on quality, timeliness and communication; the vendor rates the
-- buyer on the clarity of the spec, payment timeliness and communication; 1–5 stars each, and a text. Reviews are
-- double-blind (packages/domain review.ts decides who may read one); the side a review is about may reply once.
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.

CREATE TABLE contract_reviews (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_id        uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  -- the side that wrote it; the review is about the other side
  author_side        text NOT NULL CONSTRAINT contract_reviews_side_check CHECK (author_side IN ('buyer', 'vendor')),
  author_org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
  subject_org_id     uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
  author_user_id     uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  -- the vendor's dimensions (rated by the buyer)
  quality            smallint NULL,
  timeliness         smallint NULL,
  -- the buyer's dimensions (rated by the vendor)
  clarity            smallint NULL,
  payment_timeliness smallint NULL,
  -- both
  communication      smallint NOT NULL,
  -- the mean of the three, kept for the track records' sums
  stars              numeric(3,2) NOT NULL,
  body               text NOT NULL CONSTRAINT contract_reviews_body_check CHECK (length(btrim(body)) BETWEEN 1 AND 4000),
  submitted_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- one review per side per contract: two submissions racing end in one row, the other in a unique violation
  CONSTRAINT contract_reviews_one_per_side UNIQUE (contract_id, author_side),
  CONSTRAINT contract_reviews_parties_differ CHECK (author_org_id <> subject_org_id),
  CONSTRAINT contract_reviews_dimensions CHECK (
    CASE author_side
      WHEN 'buyer' THEN quality IS NOT NULL AND timeliness IS NOT NULL AND clarity IS NULL AND payment_timeliness IS NULL
      ELSE clarity IS NOT NULL AND payment_timeliness IS NOT NULL AND quality IS NULL AND timeliness IS NULL
    END),
  CONSTRAINT contract_reviews_stars_range CHECK (
    communication BETWEEN 1 AND 5 AND coalesce(quality, 1) BETWEEN 1 AND 5 AND coalesce(timeliness, 1) BETWEEN 1 AND 5
    AND coalesce(clarity, 1) BETWEEN 1 AND 5 AND coalesce(payment_timeliness, 1) BETWEEN 1 AND 5 AND stars BETWEEN 1 AND 5)
);
-- the reviews about an organisation (its track record), newest first
CREATE INDEX contract_reviews_subject_idx ON contract_reviews (subject_org_id, submitted_at DESC, id DESC);

-- The reviewed side's one reply to a review: the primary key makes a second reply (or two racing) impossible.
CREATE TABLE contract_review_replies (
  review_id     uuid PRIMARY KEY REFERENCES contract_reviews (id) ON DELETE CASCADE,
  author_org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
  author_user_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  body          text NOT NULL CONSTRAINT contract_review_replies_body_check CHECK (length(btrim(body)) BETWEEN 1 AND 2000),
  replied_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The review window's notices sent (packages/domain dueReviewNotices): asked to review, reminded before the close.
-- The key makes each notice go out once, however many scheduler ticks race for it.
CREATE TABLE contract_review_notices (
  contract_id uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  side        text NOT NULL CONSTRAINT contract_review_notices_side_check CHECK (side IN ('buyer', 'vendor')),
  kind        text NOT NULL CONSTRAINT contract_review_notices_kind_check CHECK (kind IN ('review_requested', 'review_window_closing')),
  sent_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (contract_id, side, kind)
);

-- ended contracts, for the track records and the notices' scan
CREATE INDEX contracts_ended_vendor_idx ON contracts (vendor_org_id) WHERE status IN ('completed', 'terminated');
CREATE INDEX contracts_ended_buyer_idx ON contracts (buyer_org_id) WHERE status IN ('completed', 'terminated');
