import type { Audience, EventStatus, RegistrationStatus } from '@annex/domain';
import type { Db, Tx } from '../client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { isUuid } from '../ids.ts';

/** A stored event (交流研讨) with the counts of its seats and its queue. */
export type EventRow = {
  id: string;
  title: string;
  /** Markdown as written */
  description: string;
  startsAt: Date;
  endsAt: Date;
  placeKind: 'online' | 'onsite';
  /** the online link or the address */
  place: string;
  capacity: number;
  registrationDeadline: Date;
  audience: Audience;
  status: EventStatus;
  cancelReason: string | null;
  publishedAt: Date | null;
  cancelledAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  registered: number;
  waitlisted: number;
};

/** What the secretariat writes about an event. */
export type EventFields = Pick<
  EventRow, 'title' | 'description' | 'startsAt' | 'endsAt' | 'placeKind' | 'place' | 'capacity' | 'registrationDeadline' | 'audience'
>;

/** A registration: a user for their organisation, one seat each. `arrival` orders the queue. */
export type RegistrationRow = {
  id: string;
  eventId: string;
  userId: string;
  orgId: string;
  status: RegistrationStatus;
  arrival: number;
  requestedAt: Date;
  seatedAt: Date | null;
  promotedAt: Date | null;
  cancelledAt: Date | null;
  attended: boolean | null;
  updatedAt: Date;
};

/** A registration as the attendance list shows it. */
export type AttendeeRow = RegistrationRow & { userName: string; email: string; orgName: string; orgKind: string };

const selectEvents = (db: Db) => db`
  select e.*,
         (select count(*)::int from event_registrations r where r.event_id = e.id and r.status = 'registered') as registered,
         (select count(*)::int from event_registrations r where r.event_id = e.id and r.status = 'waitlisted') as waitlisted
  from alliance_events e`;

const REGISTRATION_COLUMNS = (db: Db) => db`
  id, event_id, user_id, org_id, status, arrival::float8 as arrival, requested_at, seated_at, promoted_at, cancelled_at, attended, updated_at`;

/** Events of the alliance and their registrations. */
export const allianceEvents = {
  async create(db: Db, f: EventFields, by: string | null): Promise<EventRow> {
    const [row] = await db<{ id: string }[]>`
      insert into alliance_events (title, description, starts_at, ends_at, place_kind, place, capacity, registration_deadline, audience, created_by)
      values (${f.title}, ${f.description}, ${f.startsAt}, ${f.endsAt}, ${f.placeKind}, ${f.place}, ${f.capacity},
              ${f.registrationDeadline}, ${f.audience}, ${by})
      returning id`;
    return (await allianceEvents.get(db, (row as { id: string }).id)) as EventRow;
  },

  /** An event with its counts, or null. */
  async get(db: Db, id: string): Promise<EventRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<EventRow[]>`${selectEvents(db)} where e.id = ${id}`;
    return row ?? null;
  },

  /**
   * Locks the event's row, which serialises every change of its registrations (the order of arrival is the order
   * of this lock), and returns it with its counts as they are under the lock. Read the clock after it (dbNow).
   */
  async lock(tx: Tx, id: string): Promise<EventRow | null> {
    if (!isUuid(id)) return null;
    const [locked] = await tx<{ id: string }[]>`select id from alliance_events where id = ${id} for update`;
    return locked ? allianceEvents.get(tx, id) : null;
  },

  /** Changes what it says (the times and the capacity checked by the caller). */
  async update(db: Db, id: string, f: Partial<EventFields>): Promise<EventRow> {
    await db`
      update alliance_events set
        title = coalesce(${f.title ?? null}, title), description = coalesce(${f.description ?? null}, description),
        starts_at = coalesce(${f.startsAt ?? null}::timestamptz, starts_at), ends_at = coalesce(${f.endsAt ?? null}::timestamptz, ends_at),
        place_kind = coalesce(${f.placeKind ?? null}, place_kind), place = coalesce(${f.place ?? null}, place),
        capacity = coalesce(${f.capacity ?? null}::int, capacity),
        registration_deadline = coalesce(${f.registrationDeadline ?? null}::timestamptz, registration_deadline),
        audience = coalesce(${f.audience ?? null}, audience), updated_at = clock_timestamp()
      where id = ${id}`;
    return (await allianceEvents.get(db, id)) as EventRow;
  },

  async publish(db: Db, id: string, at?: Date): Promise<EventRow> {
    await db`
      update alliance_events set status = 'published', published_at = coalesce(${at ?? null}::timestamptz, clock_timestamp()),
        updated_at = clock_timestamp()
      where id = ${id}`;
    return (await allianceEvents.get(db, id)) as EventRow;
  },

  async cancel(db: Db, id: string, reason: string): Promise<EventRow> {
    await db`
      update alliance_events set status = 'cancelled', cancel_reason = ${reason}, cancelled_at = clock_timestamp(), updated_at = clock_timestamp()
      where id = ${id}`;
    return (await allianceEvents.get(db, id)) as EventRow;
  },

  /**
   * One page of events: `upcoming` (not ended at `now`, soonest first) or `past` (latest first), for the given
   * audiences; drafts only with `drafts` (the secretariat).
   */
  async list(
    db: Db,
    opts: { audiences: readonly Audience[]; when: 'upcoming' | 'past'; now: Date; drafts?: boolean; cursor?: string | null; limit?: number },
  ): Promise<{ items: EventRow[]; nextCursor: string | null }> {
    const n = pageSize(opts.limit);
    const after = opts.cursor ? decodeCursor(opts.cursor) : null;
    const upcoming = opts.when === 'upcoming';
    const at = after ? db`'epoch'::timestamptz + ${after.us}::bigint * interval '1 microsecond'` : null;
    const rows = await db<(EventRow & { cursorUs: string })[]>`
      select x.*, (extract(epoch from x.starts_at) * 1000000)::bigint::text as cursor_us from (${selectEvents(db)}) x
      where x.audience = any(${db.array([...opts.audiences])}::text[])
        ${opts.drafts ? db`` : db`and x.status <> 'draft'`}
        ${upcoming ? db`and x.ends_at > ${opts.now}` : db`and x.ends_at <= ${opts.now}`}
        ${after && at ? (upcoming ? db`and (x.starts_at, x.id) > (${at}, ${after.id}::uuid)` : db`and (x.starts_at, x.id) < (${at}, ${after.id}::uuid)`) : db``}
      order by ${upcoming ? db`x.starts_at, x.id` : db`x.starts_at desc, x.id desc`}
      limit ${n + 1}`;
    const items = rows.slice(0, n);
    const last = items.at(-1);
    return {
      items: items.map(({ cursorUs: _, ...r }) => r as EventRow),
      nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.id }) : null,
    };
  },

  /** A user's registration for an event (in any status), or null. */
  async registrationOf(db: Db, eventId: string, userId: string): Promise<RegistrationRow | null> {
    if (!isUuid(eventId) || !isUuid(userId)) return null;
    const [row] = await db<RegistrationRow[]>`
      select ${REGISTRATION_COLUMNS(db)} from event_registrations where event_id = ${eventId} and user_id = ${userId}`;
    return row ?? null;
  },

  /** A user's registrations of some events, by event id. */
  async registrationsOfUser(db: Db, userId: string, eventIds: readonly string[]): Promise<Map<string, RegistrationRow>> {
    const ids = eventIds.filter(isUuid);
    if (ids.length === 0 || !isUuid(userId)) return new Map();
    const rows = await db<RegistrationRow[]>`
      select ${REGISTRATION_COLUMNS(db)} from event_registrations
      where user_id = ${userId} and event_id = any(${db.array(ids)}::uuid[])`;
    return new Map(rows.map((r) => [r.eventId, r]));
  },

  /** A registration by id within its event, or null. */
  async registration(db: Db, eventId: string, id: string): Promise<RegistrationRow | null> {
    if (!isUuid(eventId) || !isUuid(id)) return null;
    const [row] = await db<RegistrationRow[]>`
      select ${REGISTRATION_COLUMNS(db)} from event_registrations where event_id = ${eventId} and id = ${id}`;
    return row ?? null;
  },

  /**
   * Registers a user (a seat or the waitlist) with the next arrival number; a cancelled row of the same user is
   * taken again, at the back of the queue. Under the event's lock (lock()).
   */
  async register(tx: Tx, r: { eventId: string; userId: string; orgId: string; status: 'registered' | 'waitlisted' }): Promise<RegistrationRow> {
    const [row] = await tx<RegistrationRow[]>`
      insert into event_registrations (event_id, user_id, org_id, status, seated_at)
      values (${r.eventId}, ${r.userId}, ${r.orgId}, ${r.status}, ${r.status === 'registered' ? tx`clock_timestamp()` : null})
      on conflict (event_id, user_id) do update set
        org_id = excluded.org_id, status = excluded.status, arrival = nextval('event_registration_arrival_seq'),
        requested_at = clock_timestamp(), seated_at = excluded.seated_at, promoted_at = null, cancelled_at = null, attended = null,
        updated_at = clock_timestamp()
      returning ${REGISTRATION_COLUMNS(tx)}`;
    return row as RegistrationRow;
  },

  /** Cancels a registration (a seat given back or a place in the queue left). */
  async cancelRegistration(tx: Tx, id: string): Promise<void> {
    await tx`
      update event_registrations set status = 'cancelled', cancelled_at = clock_timestamp(), attended = null, updated_at = clock_timestamp()
      where id = ${id}`;
  },

  /** The queue of an event, first come first. */
  async waitlist(db: Db, eventId: string): Promise<RegistrationRow[]> {
    if (!isUuid(eventId)) return [];
    return await db<RegistrationRow[]>`
      select ${REGISTRATION_COLUMNS(db)} from event_registrations
      where event_id = ${eventId} and status = 'waitlisted' order by arrival`;
  },

  /** Gives seats to waiting registrations. */
  async promote(tx: Tx, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx`
      update event_registrations set status = 'registered', seated_at = clock_timestamp(), promoted_at = clock_timestamp(),
        updated_at = clock_timestamp()
      where id = any(${tx.array([...ids])}::uuid[]) and status = 'waitlisted'`;
  },

  /** Every registration of an event with the user's and organisation's names: seats first, then the queue, in arrival order. */
  async attendees(db: Db, eventId: string, opts: { withCancelled?: boolean } = {}): Promise<AttendeeRow[]> {
    if (!isUuid(eventId)) return [];
    return await db<AttendeeRow[]>`
      select r.id, r.event_id, r.user_id, r.org_id, r.status, r.arrival::float8 as arrival, r.requested_at, r.seated_at, r.promoted_at,
             r.cancelled_at, r.attended, r.updated_at, u.display_name as user_name, u.email, o.name as org_name, o.kind as org_kind
      from event_registrations r
      join users u on u.id = r.user_id
      join organisations o on o.id = r.org_id
      where r.event_id = ${eventId} ${opts.withCancelled ? db`` : db`and r.status <> 'cancelled'`}
      order by case r.status when 'registered' then 0 when 'waitlisted' then 1 else 2 end, r.arrival`;
  },

  /** Records whether a seat holder came. */
  async setAttendance(db: Db, id: string, attended: boolean | null): Promise<void> {
    await db`update event_registrations set attended = ${attended}, updated_at = clock_timestamp() where id = ${id} and status = 'registered'`;
  },

  /** The users holding a seat or waiting (told when the event is cancelled). */
  async activeUserIds(db: Db, eventId: string): Promise<string[]> {
    const rows = await db<{ userId: string }[]>`
      select user_id from event_registrations where event_id = ${eventId} and status in ('registered', 'waitlisted') order by arrival`;
    return rows.map((r) => r.userId);
  },
};
