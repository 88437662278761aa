import {
  AllianceEvent,
  Announcement,
  AnnouncementList,
  type AnnouncementListQuery,
  AttendeeList,
  type CancelEventRequest,
  type CreateAnnouncementRequest,
  type CreateEventRequest,
  EventAttendee,
  EventList,
  type EventListQuery,
  type UpdateAnnouncementRequest,
  type UpdateEventRequest,
} from '@annex/contracts';
import type { CallFn } from './index.ts';

const id = (s: string) => encodeURIComponent(s);
/** A list page: where to start (null: the first page) and how many. */
type PageQuery = { cursor?: string | null; limit?: number };

/** The calls of the alliance's announcements and events. */
export function allianceNewsCalls(call: CallFn) {
  return {
    /** GET /announcements — published ones of the caller's audience, pinned first; scope=all for the secretariat. */
    announcements: (q: Partial<Omit<AnnouncementListQuery, 'cursor'>> & PageQuery = {}) =>
      call({ method: 'GET', path: '/announcements', query: { scope: q.scope, pinned: q.pinned === undefined ? undefined : String(q.pinned), cursor: q.cursor, limit: q.limit }, schema: AnnouncementList }),
    /** GET /announcements/{id} */
    announcement: (announcementId: string) => call({ method: 'GET', path: `/announcements/${id(announcementId)}`, schema: Announcement }),
    /** POST /announcements — a draft (the secretariat); `key` makes a repeated post create nothing new. */
    createAnnouncement: (body: CreateAnnouncementRequest, key?: string) =>
      call({ method: 'POST', path: '/announcements', body, schema: Announcement, headers: key ? { 'idempotency-key': key } : undefined }),
    /** PATCH /announcements/{id} */
    updateAnnouncement: (announcementId: string, body: UpdateAnnouncementRequest) =>
      call({ method: 'PATCH', path: `/announcements/${id(announcementId)}`, body, schema: Announcement }),
    /** POST /announcements/{id}/publish — now (`at` null) or at a later time. */
    publishAnnouncement: (announcementId: string, at: string | null) =>
      call({ method: 'POST', path: `/announcements/${id(announcementId)}/publish`, body: { at }, schema: Announcement }),
    /** POST /announcements/{id}/unpublish */
    unpublishAnnouncement: (announcementId: string) =>
      call({ method: 'POST', path: `/announcements/${id(announcementId)}/unpublish`, schema: Announcement }),

    /** GET /events — upcoming or past events of the caller's audience; drafts for the secretariat. */
    events: (q: Partial<Omit<EventListQuery, 'cursor'>> & PageQuery = {}) =>
      call({ method: 'GET', path: '/events', query: { when: q.when, drafts: q.drafts === undefined ? undefined : String(q.drafts), cursor: q.cursor, limit: q.limit }, schema: EventList }),
    /** GET /events/{id} */
    event: (eventId: string) => call({ method: 'GET', path: `/events/${id(eventId)}`, schema: AllianceEvent }),
    /** POST /events — a draft (the secretariat); `key` makes a repeated post create nothing new. */
    createEvent: (body: CreateEventRequest, key?: string) =>
      call({ method: 'POST', path: '/events', body, schema: AllianceEvent, headers: key ? { 'idempotency-key': key } : undefined }),
    /** PATCH /events/{id} */
    updateEvent: (eventId: string, body: UpdateEventRequest) => call({ method: 'PATCH', path: `/events/${id(eventId)}`, body, schema: AllianceEvent }),
    /** POST /events/{id}/publish */
    publishEvent: (eventId: string) => call({ method: 'POST', path: `/events/${id(eventId)}/publish`, schema: AllianceEvent }),
    /** POST /events/{id}/cancel — with a reason; who registered or waited is told. */
    cancelEvent: (eventId: string, body: CancelEventRequest) => call({ method: 'POST', path: `/events/${id(eventId)}/cancel`, body, schema: AllianceEvent }),
    /** POST /events/{id}/registration — a seat, or the waitlist when full. */
    registerForEvent: (eventId: string) => call({ method: 'POST', path: `/events/${id(eventId)}/registration`, schema: AllianceEvent }),
    /** DELETE /events/{id}/registration — the seat given back (the first who waits gets it) or the queue left. */
    cancelEventRegistration: (eventId: string) => call({ method: 'DELETE', path: `/events/${id(eventId)}/registration`, schema: AllianceEvent }),
    /** GET /events/{id}/registrations — the attendance list (the secretariat). */
    eventAttendees: (eventId: string) => call({ method: 'GET', path: `/events/${id(eventId)}/registrations`, schema: AttendeeList }),
    /** POST /events/{id}/registrations/{rid}/attendance */
    markAttendance: (eventId: string, registrationId: string, attended: boolean | null) =>
      call({ method: 'POST', path: `/events/${id(eventId)}/registrations/${id(registrationId)}/attendance`, body: { attended }, schema: EventAttendee }),
  };
}
