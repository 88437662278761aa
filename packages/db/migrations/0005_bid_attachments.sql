-- 0005 bid attachments: files a vendor adds to its bid (technical proposal, quote, certificates; DESIGN §2.3).
-- Forward-only: never edit this file once applied anywhere; add 0006_… instead.
--
-- Files belong to one bid (a bid made again after a withdrawal starts without files). They are added and removed
-- only while bidding is open, under bid_guard like every other change of a bid, and are shown to whom the bid's
-- amounts are shown: a quote is an amount. The bytes live in the file storage under storage_key.

CREATE TABLE bid_attachments (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bid_id       uuid NOT NULL,
  order_id     uuid NOT NULL,
  file_name    text NOT NULL CONSTRAINT bid_attachments_file_name_check CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes   bigint NOT NULL CONSTRAINT bid_attachments_size_check CHECK (size_bytes >= 0),
  sha256       text NOT NULL CONSTRAINT bid_attachments_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key  text NOT NULL CONSTRAINT bid_attachments_storage_key_key UNIQUE,
  uploaded_by  uuid NULL,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- the file's order is its bid's order
  CONSTRAINT bid_attachments_bid_fkey FOREIGN KEY (bid_id, order_id) REFERENCES bids (id, order_id) ON DELETE CASCADE
);
CREATE INDEX bid_attachments_bid_idx ON bid_attachments (bid_id, created_at, id);
CREATE INDEX bid_attachments_order_idx ON bid_attachments (order_id);
