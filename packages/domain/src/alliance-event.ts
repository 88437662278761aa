import { type AudienceViewer, type Audience, inAudience } from './audience.ts';
import { type Result, fail, ok } from './result.ts';

// Events of the alliance (交流研讨): the secretariat drafts, publishes and may cancel one; users register for
// their organisation, one seat each, until the registration deadline. Past the capacity they wait in arrival order;
// a seat given back goes to the first who waits. Every change of an event's registrations is decided here and
// applied under the event's row lock, so the order of arrival is the order of the lock.

export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** Where an event stands now, for lists and badges. */
export const EVENT_PHASES = ['draft', 'registration_open', 'registration_closed', 'in_progress', 'ended', 'cancelled'] as const;
export type EventPhase = (typeof EVENT_PHASES)[number];

export const REGISTRATION_STATUSES = ['registered', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** What the rules look at about an event. */
export type EventState = {
  status: EventStatus;
  startsAt: Date;
  endsAt: Date;
  registrationDeadline: Date;
  capacity: number;
  audience: Audience;
};

/** The phase now: registration runs until its deadline, then the event starts, runs and ends. */
export function eventPhase(e: EventState, now: Date): EventPhase {
  if (e.status === 'draft' || e.status === 'cancelled') return e.status;
  const t = now.getTime();
  if (t >= e.endsAt.getTime()) return 'ended';
  if (t >= e.startsAt.getTime()) return 'in_progress';
  return t < e.registrationDeadline.getTime() ? 'registration_open' : 'registration_closed';
}

export type EventFieldProblem = 'ends_before_start' | 'deadline_after_start' | 'capacity_below_registered';

/**
 * What an event's times and capacity must satisfy: it ends after it starts, registration closes no later than the
 * start, and the capacity never drops below the seats already given (nobody is moved off a seat).
 */
export function eventFieldProblems(
  e: Pick<EventState, 'startsAt' | 'endsAt' | 'registrationDeadline' | 'capacity'>, registered = 0,
): { path: 'endsAt' | 'registrationDeadline' | 'capacity'; problem: EventFieldProblem }[] {
  const out: { path: 'endsAt' | 'registrationDeadline' | 'capacity'; problem: EventFieldProblem }[] = [];
  if (e.endsAt.getTime() <= e.startsAt.getTime()) out.push({ path: 'endsAt', problem: 'ends_before_start' });
  if (e.registrationDeadline.getTime() > e.startsAt.getTime()) out.push({ path: 'registrationDeadline', problem: 'deadline_after_start' });
  if (e.capacity < registered) out.push({ path: 'capacity', problem: 'capacity_below_registered' });
  return out;
}

export type EventAction = 'edit' | 'publish' | 'cancel';

/** What the secretariat may do with an event: edit and publish a draft; edit or cancel a published one before it ends. */
export function eventActions(e: EventState, now: Date): EventAction[] {
  const phase = eventPhase(e, now);
  if (phase === 'draft') return ['edit', 'publish', 'cancel'];
  if (phase === 'cancelled' || phase === 'ended') return [];
  return ['edit', 'cancel'];
}

/** Whether the viewer may register at all (in the audience, and a user of an organisation other than the secretariat). */
export const mayRegisterAs = (e: Pick<EventState, 'audience'>, viewer: AudienceViewer): boolean =>
  viewer.kind === 'org' && inAudience(e.audience, viewer);

export type RegisterError = 'event_not_open' | 'registration_closed' | 'already_registered';

/**
 * A registration: a seat while `registered` < capacity, else a place on the waitlist. Refused when the event is
 * not published, at or after the registration deadline, and for a user who holds a seat or waits already.
 * (`now` is the database's clock, read under the event's lock.)
 */
export function decideRegistration(
  e: EventState, registered: number, current: RegistrationStatus | null, now: Date,
): Result<'registered' | 'waitlisted', RegisterError> {
  if (e.status !== 'published') return fail('event_not_open');
  if (now.getTime() >= e.registrationDeadline.getTime() || now.getTime() >= e.startsAt.getTime()) return fail('registration_closed');
  if (current === 'registered' || current === 'waitlisted') return fail('already_registered');
  return ok(registered < e.capacity ? 'registered' : 'waitlisted');
}

export type CancelRegistrationError = 'not_registered' | 'event_started';

/** A user gives back a seat or leaves the waitlist, until the event starts. */
export function decideCancellation(e: EventState, current: RegistrationStatus | null, now: Date): Result<'cancelled', CancelRegistrationError> {
  if (current !== 'registered' && current !== 'waitlisted') return fail('not_registered');
  if (e.status === 'published' && now.getTime() >= e.startsAt.getTime()) return fail('event_started');
  return ok('cancelled');
}

/**
 * Who moves from the waitlist to a seat: as many as there are free seats, first come first served (the lowest
 * arrival numbers). Never more than the capacity, also when the capacity was raised.
 */
export function promotions<T extends { arrival: number }>(capacity: number, registered: number, waitlist: readonly T[]): T[] {
  const free = Math.max(0, capacity - registered);
  return [...waitlist].sort((a, b) => a.arrival - b.arrival).slice(0, free);
}

/** A waiting user's place in the queue (1 = next to get a seat); null when not waiting. */
export function waitlistPosition(arrival: number, waitlistArrivals: readonly number[]): number | null {
  if (!waitlistArrivals.includes(arrival)) return null;
  return waitlistArrivals.filter((a) => a < arrival).length + 1;
}

/** Seats still free. */
export const seatsLeft = (capacity: number, registered: number): number => Math.max(0, capacity - registered);

/** Attendance is marked for a seat holder of a published event from its start on. */
export const mayMarkAttendance = (e: EventState, current: RegistrationStatus, now: Date): boolean =>
  e.status === 'published' && current === 'registered' && now.getTime() >= e.startsAt.getTime();
