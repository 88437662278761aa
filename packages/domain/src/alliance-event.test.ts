import { describe, expect, it } from 'vitest';
import {
  type EventState, decideCancellation, decideRegistration, eventActions, eventFieldProblems, eventPhase, mayMarkAttendance, mayRegisterAs,
  promotions, seatsLeft, waitlistPosition,
} from './alliance-event.ts';

const now = new Date('2026-12-07T02:00:00Z');
const days = (d: number) => new Date(now.getTime() + d * 86_400_000);
const event = (over: Partial<EventState> = {}): EventState => ({
  status: 'published', startsAt: days(10), endsAt: new Date(days(10).getTime() + 3 * 3_600_000), registrationDeadline: days(8),
  capacity: 2, audience: 'everyone', ...over,
});

describe('eventPhase', () => {
  // the event of `event()`: registration until day 8, starts day 10 for three hours
  it.each([
    ['a draft', event({ status: 'draft' }), now, 'draft'],
    ['cancelled', event({ status: 'cancelled' }), days(9), 'cancelled'],
    ['before the deadline', event(), days(7.9), 'registration_open'],
    ['at the deadline', event(), days(8), 'registration_closed'],
    ['between the deadline and the start', event(), days(9), 'registration_closed'],
    ['at the start', event(), days(10), 'in_progress'],
    ['at the end', event(), new Date(days(10).getTime() + 3 * 3_600_000), 'ended'],
  ] as const)('%s', (_, e, at, phase) => {
    expect(eventPhase(e, at)).toBe(phase);
  });
});

describe('registration state machine', () => {
  // [case, event, seats taken, the user's registration, now, outcome]
  it.each([
    ['a free seat: registered', event(), 0, null, now, { ok: true, value: 'registered' }],
    ['the last seat: registered', event(), 1, null, now, { ok: true, value: 'registered' }],
    ['full: waitlisted', event(), 2, null, now, { ok: true, value: 'waitlisted' }],
    ['registering again after cancelling: a new arrival', event(), 0, 'cancelled', now, { ok: true, value: 'registered' }],
    ['holding a seat already', event(), 1, 'registered', now, { ok: false, error: 'already_registered' }],
    ['waiting already', event(), 2, 'waitlisted', now, { ok: false, error: 'already_registered' }],
    ['at the deadline', event(), 0, null, days(8), { ok: false, error: 'registration_closed' }],
    ['a draft', event({ status: 'draft' }), 0, null, now, { ok: false, error: 'event_not_open' }],
    ['cancelled', event({ status: 'cancelled' }), 0, null, now, { ok: false, error: 'event_not_open' }],
  ] as const)('%s', (_, e, registered, current, at, outcome) => {
    expect(decideRegistration(e, registered, current, at)).toEqual(outcome);
  });

  it.each([
    ['a seat', 'registered', now, { ok: true, value: 'cancelled' }],
    ['a place on the waitlist', 'waitlisted', days(9), { ok: true, value: 'cancelled' }],
    ['nothing to cancel', null, now, { ok: false, error: 'not_registered' }],
    ['cancelled already', 'cancelled', now, { ok: false, error: 'not_registered' }],
    ['after the start', 'registered', days(10), { ok: false, error: 'event_started' }],
  ] as const)('cancelling %s', (_, current, at, outcome) => {
    expect(decideCancellation(event(), current, at)).toEqual(outcome);
  });

  it('marks attendance of seat holders from the start on', () => {
    expect(mayMarkAttendance(event(), 'registered', days(9))).toBe(false);
    expect(mayMarkAttendance(event(), 'registered', days(10))).toBe(true);
    expect(mayMarkAttendance(event(), 'waitlisted', days(11))).toBe(false);
    expect(mayMarkAttendance(event({ status: 'cancelled' }), 'registered', days(11))).toBe(false);
  });

  it('lets users of organisations in the audience register, not the secretariat or the public', () => {
    expect(mayRegisterAs(event(), { kind: 'org', orgKind: 'buyer', member: false })).toBe(true);
    expect(mayRegisterAs(event({ audience: 'members' }), { kind: 'org', orgKind: 'buyer', member: false })).toBe(false);
    expect(mayRegisterAs(event({ audience: 'vendor' }), { kind: 'org', orgKind: 'vendor', member: true })).toBe(true);
    expect(mayRegisterAs(event(), { kind: 'secretariat' })).toBe(false);
    expect(mayRegisterAs(event(), { kind: 'public' })).toBe(false);
  });
});

describe('waitlist promotion order', () => {
  const waiting = [{ id: 'c', arrival: 9 }, { id: 'a', arrival: 4 }, { id: 'b', arrival: 7 }];
  // [case, capacity, seats taken, who moves up]
  it.each([
    ['one seat given back: the first to arrive', 10, 9, ['a']],
    ['two seats: the first two, in arrival order', 10, 8, ['a', 'b']],
    ['capacity raised by five: everyone waiting, never more', 15, 10, ['a', 'b', 'c']],
    ['no seat free: nobody', 10, 10, []],
    ['over capacity (never happens): nobody', 10, 11, []],
  ] as const)('%s', (_, capacity, registered, ids) => {
    expect(promotions(capacity, registered, waiting).map((w) => w.id)).toEqual(ids);
  });

  it('counts a place in the queue from the lowest arrival', () => {
    expect(waitlistPosition(7, [9, 4, 7])).toBe(2);
    expect(waitlistPosition(4, [9, 4, 7])).toBe(1);
    expect(waitlistPosition(5, [9, 4, 7])).toBeNull();
    expect(seatsLeft(10, 12)).toBe(0);
  });
});

describe('event fields and actions', () => {
  it('refuses an end before the start, a deadline after the start, a capacity under the seats given', () => {
    expect(eventFieldProblems({ ...event(), endsAt: days(10) })).toEqual([{ path: 'endsAt', problem: 'ends_before_start' }]);
    expect(eventFieldProblems({ ...event(), registrationDeadline: days(11) })).toEqual([{ path: 'registrationDeadline', problem: 'deadline_after_start' }]);
    expect(eventFieldProblems({ ...event(), capacity: 3 }, 4)).toEqual([{ path: 'capacity', problem: 'capacity_below_registered' }]);
    expect(eventFieldProblems(event(), 2)).toEqual([]);
  });
  it.each([
    ['a draft', event({ status: 'draft' }), now, ['edit', 'publish', 'cancel']],
    ['published, before its end', event(), days(10), ['edit', 'cancel']],
    ['ended', event(), days(11), []],
    ['cancelled', event({ status: 'cancelled' }), now, []],
  ] as const)('%s', (_, e, at, actions) => {
    expect(eventActions(e, at)).toEqual(actions);
  });
});
