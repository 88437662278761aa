-- 0017 quarterly member statistics (统计填报, DESIGN §2.8, issue 10 item 2). The secretariat opens a reporting period
-- for a quarter with a due date; the members who must file (annotation firms and training institutions that are members
-- when it opens) are written down as its filers; each filing and each correction is a new version of the member's
-- report; closing locks the period, reopening (with a reason) unlocks it. The rules are in packages/domain statistics/.
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.

CREATE TABLE statistics_periods (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the quarter's identity, e.g. 2026Q3; one period per quarter
  quarter        text NOT NULL CONSTRAINT statistics_periods_quarter_key UNIQUE
                   CONSTRAINT statistics_periods_quarter_check CHECK (quarter ~ '^[0-9]{4}Q[1-4]$'),
  -- the quarter's last day (the day the figures are taken at), kept for ordering and for the dashboard's time axis
  quarter_end    date NOT NULL,
  -- filings after the end of this day (Asia/Shanghai) are late
  due_on         date NOT NULL,
  status         text NOT NULL DEFAULT 'open'
                   CONSTRAINT statistics_periods_status_check CHECK (status IN ('open', 'closed', 'reopened')),
  -- why the secretariat reopened it last (kept after it is closed again; every reopening is in the audit log)
  reopen_reason  text NULL,
  opened_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  opened_by      uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  closed_at      timestamptz NULL,
  reopened_at    timestamptz NULL,
  updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT statistics_periods_due_after_quarter CHECK (due_on > quarter_end),
  CONSTRAINT statistics_periods_reopen_reason CHECK (status <> 'reopened' OR reopen_reason IS NOT NULL)
);
CREATE INDEX statistics_periods_quarter_end_idx ON statistics_periods (quarter_end DESC);

-- Who must file in a period: taken from alliance_memberships (status 'member') and the organisation's kind when the
-- period opens, so that later joins and suspensions do not change what a past period asked for.
CREATE TABLE statistics_filers (
  period_id   uuid NOT NULL REFERENCES statistics_periods (id) ON DELETE CASCADE,
  org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  filer_kind  text NOT NULL CONSTRAINT statistics_filers_kind_check CHECK (filer_kind IN ('annotation_firm', 'training_institution')),
  PRIMARY KEY (period_id, org_id)
);
CREATE INDEX statistics_filers_org_idx ON statistics_filers (org_id, period_id);

-- Every version of a member's report for a period: version 1 is the filing, each later one a correction with its
-- reason; earlier versions are kept. `is_latest` marks the version that counts; the filing use case moves it in the
-- transaction that adds the version (under the filer row's lock), and the partial unique index below guarantees one
-- latest version per (period, organisation) — so aggregates read `WHERE is_latest` straight off that index.
CREATE TABLE statistics_reports (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  period_id               uuid NOT NULL,
  org_id                  uuid NOT NULL,
  version                 integer NOT NULL CONSTRAINT statistics_reports_version_check CHECK (version >= 1),
  is_latest               boolean NOT NULL DEFAULT true,
  filer_kind              text NOT NULL CONSTRAINT statistics_reports_kind_check CHECK (filer_kind IN ('annotation_firm', 'training_institution')),
  practitioners           integer NULL CONSTRAINT statistics_reports_practitioners_check CHECK (practitioners BETWEEN 0 AND 1000000),
  practitioners_in_city   integer NULL CONSTRAINT statistics_reports_in_city_check CHECK (practitioners_in_city BETWEEN 0 AND 1000000),
  local_practitioners     integer NULL CONSTRAINT statistics_reports_local_check CHECK (local_practitioners BETWEEN 0 AND 1000000),
  revenue_fen             bigint NULL CONSTRAINT statistics_reports_revenue_check CHECK (revenue_fen BETWEEN 0 AND 1000000000000),
  annotation_revenue_fen  bigint NULL CONSTRAINT statistics_reports_annotation_revenue_check CHECK (annotation_revenue_fen BETWEEN 0 AND 1000000000000),
  trained_pre_job         integer NULL CONSTRAINT statistics_reports_pre_job_check CHECK (trained_pre_job BETWEEN 0 AND 1000000),
  trained_certified       integer NULL CONSTRAINT statistics_reports_certified_check CHECK (trained_certified BETWEEN 0 AND 1000000),
  above_designated_size   boolean NULL,
  -- the correction's reason (null on version 1)
  reason                  text NULL CONSTRAINT statistics_reports_reason_check CHECK (reason IS NULL OR length(btrim(reason)) BETWEEN 1 AND 500),
  -- the plausibility warnings shown when this version was filed (codes and numbers), for the secretariat's review
  warnings                jsonb NOT NULL DEFAULT '[]'::jsonb,
  submitted_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
  submitted_by            uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT statistics_reports_filer_fkey FOREIGN KEY (period_id, org_id) REFERENCES statistics_filers (period_id, org_id) ON DELETE CASCADE,
  CONSTRAINT statistics_reports_version_key UNIQUE (period_id, org_id, version),
  CONSTRAINT statistics_reports_correction_reason CHECK (version = 1 OR reason IS NOT NULL),
  -- the "of which" rules, also here (the domain checks them first and says which field)
  CONSTRAINT statistics_reports_in_city_of_total CHECK (practitioners_in_city <= practitioners),
  CONSTRAINT statistics_reports_local_of_in_city CHECK (local_practitioners <= practitioners_in_city),
  CONSTRAINT statistics_reports_annotation_of_revenue CHECK (annotation_revenue_fen <= revenue_fen)
);
CREATE UNIQUE INDEX statistics_reports_one_latest ON statistics_reports (period_id, org_id) WHERE is_latest;
-- a member's own reports and their versions, newest first
CREATE INDEX statistics_reports_org_idx ON statistics_reports (org_id, period_id, version DESC);

-- The filing reminders sent (packages/domain dueFilingReminders): before the due date to those who have not filed,
-- after it to those who are late. The key makes each go out once, however many scheduler ticks race for it.
CREATE TABLE statistics_notices (
  period_id uuid NOT NULL REFERENCES statistics_periods (id) ON DELETE CASCADE,
  org_id    uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  kind      text NOT NULL CONSTRAINT statistics_notices_kind_check CHECK (kind IN ('statistics_due_soon', 'statistics_overdue')),
  sent_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (period_id, org_id, kind)
);

-- the marketplace's own quarterly figures read awards by date and completed contracts by date
CREATE INDEX IF NOT EXISTS awards_active_awarded_at_idx ON awards (awarded_at) WHERE cancelled_at IS NULL;
CREATE INDEX IF NOT EXISTS contracts_completed_at_idx ON contracts (completed_at) WHERE status = 'completed';
