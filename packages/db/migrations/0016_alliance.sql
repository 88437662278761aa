-- 0016 the alliance (DESIGN §2.8, issue 10 item 1): membership of the 数据标注产业联盟 and the city's industrial bases.
-- Two more kinds of organisation register: training institutions (院校/培训机构) and industrial-base operators
-- (园区运营方). A membership's kind is its organisation's kind: vendor = annotation firm, buyer = AI company.
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.

ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check
  CHECK (kind IN ('buyer', 'vendor', 'secretariat', 'training_institution', 'base_operator'));

-- Member numbers are handed out in approval order and never reused, also after a rejection or a suspension.
CREATE SEQUENCE alliance_member_no_seq START 1;

-- One membership per organisation: an application (applied), decided by the secretariat (member | rejected with a
-- reason), a member suspended with a reason (suspended) and reinstated. A rejected organisation may apply again,
-- which turns the same row back into an application. Every change is also in the audit log with before/after.
CREATE TABLE alliance_memberships (
  org_id        uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  status        text NOT NULL CONSTRAINT alliance_memberships_status_check
                  CHECK (status IN ('applied', 'member', 'rejected', 'suspended')),
  -- 理事单位 (council) or 会员单位 (member): asked for in the application, set by the secretariat on approval
  tier          text NOT NULL CONSTRAINT alliance_memberships_tier_check CHECK (tier IN ('council', 'member')),
  -- what the applicant wrote: why it joins, what it brings
  statement     text NOT NULL DEFAULT ''
                  CONSTRAINT alliance_memberships_statement_check CHECK (length(statement) <= 2000),
  member_no     integer NULL CONSTRAINT alliance_memberships_member_no_key UNIQUE,
  joined_on     date NULL,
  reason        text NULL,
  applied_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  applied_by    uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  decided_at    timestamptz NULL,
  decided_by    uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT alliance_memberships_number_once_member CHECK (
    status NOT IN ('member', 'suspended') OR (member_no IS NOT NULL AND joined_on IS NOT NULL)),
  CONSTRAINT alliance_memberships_reason_required CHECK (status NOT IN ('rejected', 'suspended') OR reason IS NOT NULL)
);
-- the secretariat's queue: applications, oldest first
CREATE INDEX alliance_memberships_queue_idx ON alliance_memberships (applied_at, org_id) WHERE status = 'applied';
-- the directory and the statistics: current members
CREATE INDEX alliance_memberships_members_idx ON alliance_memberships (member_no) WHERE status = 'member';

-- The city's annotation industrial bases (数据标注产业基地/园区). The policy's target "≥ 3 benchmark bases in the main
-- urban area by the end of 2026" counts the rows with benchmark_status = 'benchmark' (benchmark_since says when).
CREATE TABLE industrial_bases (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name             text NOT NULL CONSTRAINT industrial_bases_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  county           text NOT NULL,
  operator_org_id  uuid NULL REFERENCES organisations (id) ON DELETE SET NULL,
  address          text NOT NULL DEFAULT '' CONSTRAINT industrial_bases_address_check CHECK (length(address) <= 300),
  floor_area_m2    integer NOT NULL CONSTRAINT industrial_bases_area_check CHECK (floor_area_m2 >= 0),
  seats            integer NOT NULL CONSTRAINT industrial_bases_seats_check CHECK (seats >= 0),
  occupied_seats   integer NOT NULL DEFAULT 0,
  opened_on        date NULL,
  benchmark_status text NOT NULL DEFAULT 'none' CONSTRAINT industrial_bases_benchmark_check
                     CHECK (benchmark_status IN ('none', 'candidate', 'benchmark')),
  benchmark_since  date NULL,
  created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT industrial_bases_occupied_check CHECK (occupied_seats BETWEEN 0 AND seats),
  CONSTRAINT industrial_bases_benchmark_since CHECK ((benchmark_status = 'benchmark') = (benchmark_since IS NOT NULL))
);
CREATE INDEX industrial_bases_operator_idx ON industrial_bases (operator_org_id) WHERE operator_org_id IS NOT NULL;
