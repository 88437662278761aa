-- 0010 catalogue imports (issue 8): a file the secretariat uploaded, read and checked, waiting for confirmation.
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.
--
-- The preview is kept here between upload and confirm rather than asking for the file again: the web's form and
-- the CLI confirm by id, the confirmation applies exactly the rows the official saw, and a second confirmation
-- is refused under the row lock. A preview lives a day; older unconfirmed ones are deleted when a new one is made.

CREATE TABLE catalogue_imports (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- null: the platform's CLI
  created_by    uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  file_name     text NOT NULL CONSTRAINT catalogue_imports_file_name_check CHECK (length(file_name) BETWEEN 1 AND 255),
  format        text NOT NULL CONSTRAINT catalogue_imports_format_check CHECK (format IN ('csv', 'xlsx')),
  encoding      text NULL CONSTRAINT catalogue_imports_encoding_check CHECK (encoding IN ('utf-8', 'utf-8-bom', 'gb18030')),
  sha256        text NOT NULL CONSTRAINT catalogue_imports_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- rows, valid, invalid, created, updated, unchanged as previewed
  counts        jsonb NOT NULL,
  -- every problem: { row, column, code, zh, en }
  problems      jsonb NOT NULL,
  -- the valid rows: { row, code, title, outcome, fields, given, status }
  rows          jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  expires_at    timestamptz NOT NULL,
  confirmed_at  timestamptz NULL,
  confirmed_mode text NULL CONSTRAINT catalogue_imports_mode_check CHECK (confirmed_mode IN ('all', 'valid_only')),
  -- what the confirmation did: { created, updated, unchanged, skipped }
  result        jsonb NULL,
  CONSTRAINT catalogue_imports_confirmed_check CHECK ((confirmed_at IS NULL) = (confirmed_mode IS NULL))
);
CREATE INDEX catalogue_imports_pending_idx ON catalogue_imports (expires_at) WHERE confirmed_at IS NULL;
