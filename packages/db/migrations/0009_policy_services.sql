-- 0009 policy services (政策代办, DESIGN §2.7): services in the shape of a 办事指南 with versions, the cases firms
-- open for them (checklist of materials with files, messages; the audit log is their timeline), the working-day
-- calendar their clock runs on, and the organisation facts the services' conditions look at.
-- Forward-only: never edit this file once applied anywhere; add 0010_… instead.

-- ---------------------------------------------------------------------------------------------------------
-- What a firm tells about itself for eligibility (null: not said). Revenue bands as packages/domain REVENUE_BANDS.
ALTER TABLE organisations
  ADD COLUMN founded_on date NULL,
  ADD COLUMN revenue_band text NULL
    CONSTRAINT organisations_revenue_band_check CHECK (revenue_band IN ('lt1m', '1m_5m', '5m_20m', '20m_50m', 'gte50m')),
  ADD COLUMN above_designated_size boolean NULL,
  ADD COLUMN high_tech_certificate boolean NULL,
  ADD COLUMN high_tech_valid_until date NULL,
  ADD COLUMN practitioners integer NULL CONSTRAINT organisations_practitioners_check CHECK (practitioners BETWEEN 0 AND 1000000),
  ADD COLUMN local_practitioners integer NULL CONSTRAINT organisations_local_practitioners_check CHECK (local_practitioners >= 0),
  ADD COLUMN facts_updated_at timestamptz NULL,
  ADD CONSTRAINT organisations_local_within_practitioners CHECK (local_practitioners <= practitioners),
  ADD CONSTRAINT organisations_high_tech_valid_until CHECK (high_tech_valid_until IS NULL OR high_tech_certificate);

-- ---------------------------------------------------------------------------------------------------------
-- A service and its versions. Editing a draft changes its one version; editing a published service adds a
-- version (effective from a date) and moves current_version to it. A case keeps the version it was opened under.
CREATE TABLE policy_services (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- stable, readable key (seed upserts by it; links may use it)
  code            text NOT NULL CONSTRAINT policy_services_code_key UNIQUE
    CONSTRAINT policy_services_code_check CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  status          text NOT NULL DEFAULT 'draft'
    CONSTRAINT policy_services_status_check CHECK (status IN ('draft', 'published', 'archived')),
  current_version integer NOT NULL DEFAULT 1 CONSTRAINT policy_services_current_version_check CHECK (current_version >= 1),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  published_at    timestamptz NULL,
  CONSTRAINT policy_services_published_at CHECK (status = 'draft' OR published_at IS NOT NULL)
);
CREATE INDEX policy_services_status_idx ON policy_services (status, created_at, id);

CREATE TABLE policy_service_versions (
  service_id      uuid NOT NULL REFERENCES policy_services (id) ON DELETE CASCADE,
  version         integer NOT NULL CONSTRAINT policy_service_versions_version_check CHECK (version >= 1),
  name            text NOT NULL CONSTRAINT policy_service_versions_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  -- packages/domain POLICY_CATEGORIES
  category        text NOT NULL CONSTRAINT policy_service_versions_category_check CHECK (category IN (
                    'corpus_voucher', 'data_voucher', 'algorithm_voucher', 'compute_voucher', 'subsidy', 'skills_subsidy',
                    'employment', 'above_size', 'high_tech', 'tax', 'financing', 'talent', 'settlement', 'compliance', 'membership')),
  summary         text NOT NULL DEFAULT '',
  -- [{documentNumber, title, article, excerpt}]
  policy_basis    jsonb NOT NULL DEFAULT '[]'::jsonb CONSTRAINT policy_service_versions_basis_array CHECK (jsonb_typeof(policy_basis) = 'array'),
  agencies        text[] NOT NULL DEFAULT '{}',
  -- who may apply (申请对象), as written
  applicants      text NOT NULL DEFAULT '',
  -- structured conditions (packages/domain PolicyCondition) and free-text ones (reviewed by the secretariat)
  conditions      jsonb NOT NULL DEFAULT '[]'::jsonb CONSTRAINT policy_service_versions_conditions_array CHECK (jsonb_typeof(conditions) = 'array'),
  free_conditions text[] NOT NULL DEFAULT '{}',
  -- [{id, name, form, copies, required, formats, templateFileId, note}]
  materials       jsonb NOT NULL DEFAULT '[]'::jsonb CONSTRAINT policy_service_versions_materials_array CHECK (jsonb_typeof(materials) = 'array'),
  steps           text[] NOT NULL DEFAULT '{}',
  time_limit_days integer NULL CONSTRAINT policy_service_versions_time_limit_check CHECK (time_limit_days BETWEEN 1 AND 365),
  fee             text NOT NULL DEFAULT '',
  contact         text NOT NULL DEFAULT '',
  -- [{question, answer}]
  faq             jsonb NOT NULL DEFAULT '[]'::jsonb CONSTRAINT policy_service_versions_faq_array CHECK (jsonb_typeof(faq) = 'array'),
  effective_from  date NOT NULL,
  created_by      uuid NULL,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (service_id, version)
);

-- Templates the secretariat offers for a material (a form to fill in). The bytes live in the file storage.
CREATE TABLE policy_service_files (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id   uuid NOT NULL REFERENCES policy_services (id) ON DELETE CASCADE,
  file_name    text NOT NULL CONSTRAINT policy_service_files_file_name_check CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes   bigint NOT NULL CONSTRAINT policy_service_files_size_check CHECK (size_bytes >= 0),
  sha256       text NOT NULL CONSTRAINT policy_service_files_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key  text NOT NULL CONSTRAINT policy_service_files_storage_key_key UNIQUE,
  uploaded_by  uuid NULL,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX policy_service_files_service_idx ON policy_service_files (service_id, created_at, id);

-- ---------------------------------------------------------------------------------------------------------
-- Cases (代办事项): packages/domain CASE_STEPS is the machine; the repository's updates are guarded by it.
CREATE TABLE policy_cases (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id      uuid NOT NULL,
  service_version integer NOT NULL,
  org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
  opened_by       uuid NULL,
  status          text NOT NULL DEFAULT 'submitted' CONSTRAINT policy_cases_status_check CHECK (status IN (
                    'submitted', 'accepted', 'collecting_materials', 'filed', 'approved', 'rejected', 'closed', 'withdrawn')),
  note            text NOT NULL DEFAULT '',
  reject_reason   text NULL,
  withdraw_reason text NULL,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  accepted_at     timestamptz NULL,
  filed_at        timestamptz NULL,
  decided_at      timestamptz NULL,
  closed_at       timestamptz NULL,
  CONSTRAINT policy_cases_version_fkey FOREIGN KEY (service_id, service_version)
    REFERENCES policy_service_versions (service_id, version) ON DELETE RESTRICT,
  CONSTRAINT policy_cases_reject_reason CHECK (status <> 'rejected' OR reject_reason IS NOT NULL),
  CONSTRAINT policy_cases_accepted_at CHECK (status IN ('submitted', 'withdrawn') OR reject_reason IS NOT NULL OR accepted_at IS NOT NULL),
  CONSTRAINT policy_cases_filed_at CHECK (status NOT IN ('filed', 'approved') OR filed_at IS NOT NULL)
);
CREATE INDEX policy_cases_org_idx ON policy_cases (org_id, created_at DESC, id DESC);
-- the secretariat's queue: cases still worked
CREATE INDEX policy_cases_queue_idx ON policy_cases (created_at, id) WHERE status IN ('submitted', 'accepted', 'collecting_materials', 'filed');
-- a firm works one case per service at a time
CREATE UNIQUE INDEX policy_cases_one_open_per_service ON policy_cases (org_id, service_id)
  WHERE status IN ('submitted', 'accepted', 'collecting_materials', 'filed');

-- The checklist: one row per material of the case's service version (name and required copied for the queue).
CREATE TABLE policy_case_materials (
  case_id       uuid NOT NULL REFERENCES policy_cases (id) ON DELETE CASCADE,
  material_id   text NOT NULL,
  name          text NOT NULL,
  required      boolean NOT NULL,
  position      integer NOT NULL,
  status        text NOT NULL DEFAULT 'missing'
    CONSTRAINT policy_case_materials_status_check CHECK (status IN ('missing', 'submitted', 'accepted', 'needs_correction')),
  review_reason text NULL,
  reviewed_by   uuid NULL,
  reviewed_at   timestamptz NULL,
  updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (case_id, material_id),
  CONSTRAINT policy_case_materials_reason CHECK (status <> 'needs_correction' OR review_reason IS NOT NULL)
);

-- Files handed in for a material; every upload is kept (the latest is the one under review).
CREATE TABLE policy_case_files (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id      uuid NOT NULL,
  material_id  text NOT NULL,
  file_name    text NOT NULL CONSTRAINT policy_case_files_file_name_check CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes   bigint NOT NULL CONSTRAINT policy_case_files_size_check CHECK (size_bytes >= 0),
  sha256       text NOT NULL CONSTRAINT policy_case_files_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key  text NOT NULL CONSTRAINT policy_case_files_storage_key_key UNIQUE,
  uploaded_by  uuid NULL,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT policy_case_files_material_fkey FOREIGN KEY (case_id, material_id)
    REFERENCES policy_case_materials (case_id, material_id) ON DELETE CASCADE
);
CREATE INDEX policy_case_files_case_idx ON policy_case_files (case_id, created_at, id);

-- The message thread between the firm and the secretariat. Append-only like the audit log.
CREATE TABLE policy_case_messages (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id          uuid NOT NULL REFERENCES policy_cases (id) ON DELETE CASCADE,
  author_user_id   uuid NULL,
  author_org_id    uuid NULL,
  from_secretariat boolean NOT NULL,
  body             text NOT NULL CONSTRAINT policy_case_messages_body_check CHECK (length(btrim(body)) BETWEEN 1 AND 5000),
  created_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX policy_case_messages_case_idx ON policy_case_messages (case_id, id);

-- ---------------------------------------------------------------------------------------------------------
-- The working-day calendar: only the days that differ from Monday–Friday (holidays on weekdays, make-up working
-- days on weekends). Years are seeded from the chinese-days library where it knows them and corrected by the
-- secretariat; a year counts as confirmed once the secretariat says the State Council's notice is entered.
CREATE TABLE working_calendar_years (
  year            integer PRIMARY KEY CONSTRAINT working_calendar_years_year_check CHECK (year BETWEEN 2000 AND 2100),
  confirmed       boolean NOT NULL DEFAULT false,
  -- which library version seeded it (null: entered by hand)
  library_version text NULL,
  confirmed_at    timestamptz NULL,
  confirmed_by    uuid NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT working_calendar_years_confirmed_at CHECK (NOT confirmed OR confirmed_at IS NOT NULL)
);

CREATE TABLE working_calendar_days (
  day        date PRIMARY KEY,
  kind       text NOT NULL CONSTRAINT working_calendar_days_kind_check CHECK (kind IN ('holiday', 'workday')),
  -- e.g. 国庆节, 春节 (a make-up working day carries the name of the holiday it makes up for)
  name       text NOT NULL DEFAULT '',
  source     text NOT NULL CONSTRAINT working_calendar_days_source_check CHECK (source IN ('library', 'secretariat')),
  updated_by uuid NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------------------------------------
-- Search: published services are indexed (policy_services); a new version moves current_version, so it reaches
-- the index through the same trigger.
CREATE FUNCTION policy_services_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'published' THEN PERFORM search_touch('search.policy_service', 'policy_service', OLD.id::text); END IF;
    RETURN NULL;
  END IF;
  IF NEW.status = 'published' OR (TG_OP = 'UPDATE' AND OLD.status = 'published') THEN
    PERFORM search_touch('search.policy_service', 'policy_service', NEW.id::text);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER policy_services_search_touch AFTER INSERT OR UPDATE OR DELETE ON policy_services
  FOR EACH ROW EXECUTE FUNCTION policy_services_search_touch();
