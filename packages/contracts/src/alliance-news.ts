import {
  ANNOUNCEMENT_STATUSES, AUDIENCES, EVENT_PHASES, EVENT_STATUSES, REGISTRATION_STATUSES, type AnnouncementAction, type EventAction,
} from '@annex/domain';
import { z } from 'zod';
import { Cursor, Id, IsoDateTime, Limit, Page } from './common.ts';
import { longText, multiLine, singleLine } from './text.ts';
import { MAX_DESCRIPTION_CHARS } from './vocabulary.ts';

// Announcements (通知公告) and events (交流研讨) of the alliance's secretariat (DESIGN §2.8): each for an audience
// (everyone, the members, the members of one kind); events take registrations, a waitlist past their capacity.

export const Audience = z.enum(AUDIENCES);
const ANNOUNCEMENT_ACTIONS = ['edit', 'publish', 'unpublish'] as const satisfies readonly AnnouncementAction[];
const EVENT_ACTIONS = ['edit', 'publish', 'cancel'] as const satisfies readonly EventAction[];

// --- announcements -------------------------------------------------------------------------------------------

/** What the secretariat writes: the body is Markdown, sanitised when shown. */
export const AnnouncementFields = z.strictObject({
  title: singleLine(1, 200),
  body: longText(MAX_DESCRIPTION_CHARS),
  pinned: z.boolean().default(false),
  audience: Audience,
});
export const CreateAnnouncementRequest = AnnouncementFields;
export type CreateAnnouncementRequest = z.infer<typeof CreateAnnouncementRequest>;
export const UpdateAnnouncementRequest = z
  .strictObject({ title: singleLine(1, 200), body: longText(MAX_DESCRIPTION_CHARS), pinned: z.boolean(), audience: Audience })
  .partial()
  .refine((o) => Object.keys(o).length > 0, { message: 'nothing to change' });
export type UpdateAnnouncementRequest = z.infer<typeof UpdateAnnouncementRequest>;
/** POST /announcements/{id}/publish: at once (no `at`), or at a later time. */
export const PublishAnnouncementRequest = z.strictObject({ at: IsoDateTime.nullable().default(null) });
export type PublishAnnouncementRequest = z.infer<typeof PublishAnnouncementRequest>;

/** An announcement in a list. */
export const AnnouncementListItem = z.object({
  id: Id,
  title: z.string(),
  pinned: z.boolean(),
  audience: Audience,
  status: z.enum(ANNOUNCEMENT_STATUSES),
  /** when it is (or was) published; null for a draft */
  publishAt: IsoDateTime.nullable(),
  /** the first words of the body, as plain text */
  excerpt: z.string(),
});
export type AnnouncementListItem = z.infer<typeof AnnouncementListItem>;
export const AnnouncementList = Page(AnnouncementListItem);
export type AnnouncementList = z.infer<typeof AnnouncementList>;

/** An announcement: its Markdown and the sanitised HTML; the secretariat also gets what it may do. */
export const Announcement = AnnouncementListItem.extend({
  body: z.string(),
  html: z.string(),
  unpublishedAt: IsoDateTime.nullable(),
  notifiedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  actions: z.array(z.enum(ANNOUNCEMENT_ACTIONS)),
});
export type Announcement = z.infer<typeof Announcement>;

/** GET /announcements: what the caller may see, pinned first then the newest; `scope=all`: every status (the secretariat). */
export const AnnouncementListQuery = z.object({
  scope: z.enum(['live', 'all']).default('live'),
  pinned: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type AnnouncementListQuery = z.infer<typeof AnnouncementListQuery>;

// --- events --------------------------------------------------------------------------------------------------

export const PLACE_KINDS = ['online', 'onsite'] as const;
const eventFields = {
  title: singleLine(1, 200),
  description: longText(MAX_DESCRIPTION_CHARS),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  placeKind: z.enum(PLACE_KINDS),
  /** the meeting link (https) of an online event, the address of one on site */
  place: singleLine(1, 500),
  capacity: z.number().int().min(1).max(100_000),
  registrationDeadline: IsoDateTime,
  audience: Audience,
};
const isLink = (s: string) => /^https?:\/\/\S+$/i.test(s);
const onlineHasLink = (o: { placeKind?: string; place?: string }) => o.placeKind !== 'online' || o.place === undefined || isLink(o.place);
const LINK_MESSAGE = { message: 'an online event needs its meeting link (https://…)', path: ['place'] };

export const CreateEventRequest = z.strictObject(eventFields).refine(onlineHasLink, LINK_MESSAGE);
export type CreateEventRequest = z.infer<typeof CreateEventRequest>;
/** A change (the times, place and capacity checked against the event as stored). */
export const UpdateEventRequest = z
  .strictObject(eventFields)
  .partial()
  .refine((o) => Object.keys(o).length > 0, { message: 'nothing to change' })
  .refine(onlineHasLink, LINK_MESSAGE);
export type UpdateEventRequest = z.infer<typeof UpdateEventRequest>;
export const CancelEventRequest = z.strictObject({ reason: multiLine(2, 500) });
export type CancelEventRequest = z.infer<typeof CancelEventRequest>;

/** The caller's own registration of an event. */
export const MyRegistration = z.object({
  id: Id,
  status: z.enum(REGISTRATION_STATUSES),
  /** the place in the queue while waiting (1 = next to get a seat) */
  waitlistPosition: z.number().int().nullable(),
  requestedAt: IsoDateTime,
  attended: z.boolean().nullable(),
});
export type MyRegistration = z.infer<typeof MyRegistration>;

/** An event in a list. */
export const EventListItem = z.object({
  id: Id,
  title: z.string(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  placeKind: z.enum(PLACE_KINDS),
  place: z.string(),
  capacity: z.number().int(),
  registrationDeadline: IsoDateTime,
  audience: Audience,
  status: z.enum(EVENT_STATUSES),
  phase: z.enum(EVENT_PHASES),
  registered: z.number().int(),
  waitlisted: z.number().int(),
  seatsLeft: z.number().int(),
  /** the caller's registration (null: none, or signed out) */
  mine: MyRegistration.nullable(),
});
export type EventListItem = z.infer<typeof EventListItem>;
export const EventList = Page(EventListItem);
export type EventList = z.infer<typeof EventList>;

/** An event: its description rendered, what the caller may do, and for the secretariat its actions. */
export const AllianceEvent = EventListItem.extend({
  description: z.string(),
  html: z.string(),
  cancelReason: z.string().nullable(),
  publishedAt: IsoDateTime.nullable(),
  cancelledAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  /** the caller may register now (a seat, or the waitlist when full) */
  canRegister: z.boolean(),
  /** the caller may give back the seat or leave the queue */
  canCancel: z.boolean(),
  actions: z.array(z.enum(EVENT_ACTIONS)),
});
export type AllianceEvent = z.infer<typeof AllianceEvent>;

/** GET /events: upcoming ones (soonest first) or past ones (latest first); `drafts=true` adds drafts (the secretariat). */
export const EventListQuery = z.object({
  when: z.enum(['upcoming', 'past']).default('upcoming'),
  drafts: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type EventListQuery = z.infer<typeof EventListQuery>;

/** A line of the attendance list. */
export const EventAttendee = z.object({
  id: Id,
  userName: z.string(),
  email: z.string(),
  orgName: z.string(),
  orgKind: z.string(),
  status: z.enum(REGISTRATION_STATUSES),
  waitlistPosition: z.number().int().nullable(),
  requestedAt: IsoDateTime,
  seatedAt: IsoDateTime.nullable(),
  promotedAt: IsoDateTime.nullable(),
  attended: z.boolean().nullable(),
});
export type EventAttendee = z.infer<typeof EventAttendee>;
export const AttendeeList = z.object({ items: z.array(EventAttendee), registered: z.number().int(), waitlisted: z.number().int() });
export type AttendeeList = z.infer<typeof AttendeeList>;
/** POST …/attendance: came (true), did not (false), not known (null). */
export const MarkAttendanceRequest = z.strictObject({ attended: z.boolean().nullable() });
export type MarkAttendanceRequest = z.infer<typeof MarkAttendanceRequest>;
