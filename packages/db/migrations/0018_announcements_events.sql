-- 0018 announcements (通知公告) and events (交流研讨) of the alliance's secretariat (DESIGN §2.8, issue 10 item 4).
-- Both have an audience: everyone, the alliance's members (alliance_memberships.status = 'member'), or the members of
-- one kind (the organisation's kind). Forward-only: never edit this file once applied anywhere.

-- An announcement is a draft until it has a publish time; at that time it is published (scheduled before), until it
-- is taken down (unpublished_at). Its audience is told once (notified_at), at publication or by the scheduler when a
-- scheduled time comes.
CREATE TABLE announcements (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title          text NOT NULL CONSTRAINT announcements_title_check CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  -- Markdown, sanitised when rendered
  body           text NOT NULL DEFAULT '' CONSTRAINT announcements_body_check CHECK (length(body) <= 30000),
  pinned         boolean NOT NULL DEFAULT false,
  audience       text NOT NULL CONSTRAINT announcements_audience_check
                   CHECK (audience IN ('everyone', 'members', 'vendor', 'buyer', 'training_institution', 'base_operator')),
  publish_at     timestamptz NULL,
  unpublished_at timestamptz NULL,
  notified_at    timestamptz NULL,
  created_by     uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  updated_by     uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- the public list and the home page: live ones, pinned first, newest first
CREATE INDEX announcements_live_idx ON announcements (pinned DESC, publish_at DESC, id DESC)
  WHERE publish_at IS NOT NULL AND unpublished_at IS NULL;
-- the scheduler: published ones whose audience was not told yet
CREATE INDEX announcements_notice_due_idx ON announcements (publish_at)
  WHERE notified_at IS NULL AND publish_at IS NOT NULL AND unpublished_at IS NULL;

-- An event: a draft, published (registration until registration_deadline, which is no later than the start), or
-- cancelled with a reason. Its place is an online link or an address.
CREATE TABLE alliance_events (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title                 text NOT NULL CONSTRAINT alliance_events_title_check CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  description           text NOT NULL DEFAULT '' CONSTRAINT alliance_events_description_check CHECK (length(description) <= 30000),
  starts_at             timestamptz NOT NULL,
  ends_at               timestamptz NOT NULL,
  place_kind            text NOT NULL CONSTRAINT alliance_events_place_kind_check CHECK (place_kind IN ('online', 'onsite')),
  place                 text NOT NULL CONSTRAINT alliance_events_place_check CHECK (length(btrim(place)) BETWEEN 1 AND 500),
  capacity              integer NOT NULL CONSTRAINT alliance_events_capacity_check CHECK (capacity BETWEEN 1 AND 100000),
  registration_deadline timestamptz NOT NULL,
  audience              text NOT NULL CONSTRAINT alliance_events_audience_check
                          CHECK (audience IN ('everyone', 'members', 'vendor', 'buyer', 'training_institution', 'base_operator')),
  status                text NOT NULL DEFAULT 'draft' CONSTRAINT alliance_events_status_check
                          CHECK (status IN ('draft', 'published', 'cancelled')),
  cancel_reason         text NULL,
  published_at          timestamptz NULL,
  cancelled_at          timestamptz NULL,
  created_by            uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  created_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT alliance_events_times_check CHECK (ends_at > starts_at AND registration_deadline <= starts_at),
  CONSTRAINT alliance_events_cancel_reason_check CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
);
CREATE INDEX alliance_events_listed_idx ON alliance_events (starts_at, id) WHERE status <> 'draft';

-- Arrival order of registrations: taken under the event's row lock, so it is the order in which the lock was had.
CREATE SEQUENCE event_registration_arrival_seq;

-- One row per user and event: registered (a seat), waitlisted, or cancelled; registering again after cancelling
-- turns the row back with a new arrival number (the back of the queue). attended: marked by the secretariat.
CREATE TABLE event_registrations (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id     uuid NOT NULL REFERENCES alliance_events (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  org_id       uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  status       text NOT NULL CONSTRAINT event_registrations_status_check CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
  arrival      bigint NOT NULL DEFAULT nextval('event_registration_arrival_seq'),
  -- when the user asked (this time), got the seat (registering or promoted), cancelled
  requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  seated_at    timestamptz NULL,
  promoted_at  timestamptz NULL,
  cancelled_at timestamptz NULL,
  attended     boolean NULL,
  updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT event_registrations_one_per_user UNIQUE (event_id, user_id),
  CONSTRAINT event_registrations_attended_check CHECK (attended IS NULL OR status = 'registered')
);
-- seats and the queue of an event, in arrival order
CREATE INDEX event_registrations_event_idx ON event_registrations (event_id, status, arrival);
-- a user's registrations (the events page shows "registered" / "waitlisted")
CREATE INDEX event_registrations_user_idx ON event_registrations (user_id);
