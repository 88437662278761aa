import type { Db } from '../client.ts';
import type { EventFields, EventRow, RegistrationRow } from './alliance-events.repo.ts';
import { allianceEvents } from './alliance-events.repo.ts';
import type { AnnouncementFields, AnnouncementRow } from './announcements.repo.ts';

/**
 * Announcements, events and registrations as past steps left them, each at its own time (the demo's history), like
 * `history` does for orders: for callers that checked the domain's rules at those times themselves.
 */
export const allianceHistory = {
  /** An announcement written at `createdAt`, published at `publishAt` (or a draft) and its audience told at `notifiedAt`. */
  async announcement(
    db: Db, a: AnnouncementFields & { by: string | null; createdAt: Date; publishAt: Date | null; notifiedAt: Date | null },
  ): Promise<AnnouncementRow> {
    const [row] = await db<AnnouncementRow[]>`
      insert into announcements (title, body, pinned, audience, publish_at, notified_at, created_by, updated_by, created_at, updated_at)
      values (${a.title}, ${a.body}, ${a.pinned}, ${a.audience}, ${a.publishAt}, ${a.notifiedAt}, ${a.by}, ${a.by}, ${a.createdAt},
              ${a.publishAt ?? a.createdAt})
      returning *`;
    return row as AnnouncementRow;
  },

  /** An event drafted at `createdAt` and published at `publishedAt`. */
  async event(db: Db, e: EventFields & { by: string | null; createdAt: Date; publishedAt: Date }): Promise<EventRow> {
    const [row] = await db<{ id: string }[]>`
      insert into alliance_events (title, description, starts_at, ends_at, place_kind, place, capacity, registration_deadline, audience,
                                   status, published_at, created_by, created_at, updated_at)
      values (${e.title}, ${e.description}, ${e.startsAt}, ${e.endsAt}, ${e.placeKind}, ${e.place}, ${e.capacity},
              ${e.registrationDeadline}, ${e.audience}, 'published', ${e.publishedAt}, ${e.by}, ${e.createdAt}, ${e.publishedAt})
      returning id`;
    return (await allianceEvents.get(db, (row as { id: string }).id)) as EventRow;
  },

  /** A registration made at `requestedAt` (arrival numbers follow the calls' order: make them in time order). */
  async registration(
    db: Db,
    r: { eventId: string; userId: string; orgId: string; status: 'registered' | 'waitlisted'; requestedAt: Date; seatedAt: Date | null; attended: boolean | null },
  ): Promise<RegistrationRow> {
    const [row] = await db<RegistrationRow[]>`
      insert into event_registrations (event_id, user_id, org_id, status, requested_at, seated_at, attended, updated_at)
      values (${r.eventId}, ${r.userId}, ${r.orgId}, ${r.status}, ${r.requestedAt}, ${r.seatedAt}, ${r.attended}, ${r.seatedAt ?? r.requestedAt})
      returning id, event_id, user_id, org_id, status, arrival::float8 as arrival, requested_at, seated_at, promoted_at, cancelled_at, attended, updated_at`;
    return row as RegistrationRow;
  },
};
