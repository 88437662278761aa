import type { AllianceEvent, AttendeeList, EventAttendee, MarkAttendanceRequest } from '@annex/contracts';
import { type AttendeeRow, type EventRow, allianceEvents, dbNow, withTransaction } from '@annex/db';
import { type CancelRegistrationError, type RegisterError, decideCancellation, decideRegistration, mayMarkAttendance, mayRegisterAs, waitlistPosition } from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { CSV_TYPE, writeCsv } from '../../lib/sheet-file.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { requireMembership } from '../guards.ts';
import { audienceViewerOf, iso, isoOrNull, requireSecretariat } from './audience.ts';
import { auditEvent, loadVisibleEvent, presentEvent, promoteFromWaitlist } from './events.ts';

// Registrations for events: a user registers for their organisation (one seat each), or waits when the event is
// full; giving a seat back seats the first who waits. Every change takes the event's row lock first and decides
// with the database clock read after it, so concurrent requests queue on the lock in the order they get it:
// never more seats than the capacity, and the waitlist in that order.

const REGISTER_ERRORS: Record<RegisterError, () => AppError> = {
  event_not_open: () => new AppError('invalid_transition', 'this event does not take registrations'),
  registration_closed: () => new AppError('registration_closed', 'registration for this event has closed'),
  already_registered: () => new AppError('already_registered', 'you are registered for this event already (or on its waitlist)'),
};
const CANCEL_ERRORS: Record<CancelRegistrationError, () => AppError> = {
  not_registered: () => new AppError('not_registered', 'you have no registration for this event to cancel'),
  event_started: () => new AppError('event_started', 'the event has started: a registration can no longer be cancelled'),
};

/** POST /events/{id}/registration: a seat while there is one, else the waitlist. */
export async function register(deps: Deps, auth: AuthContext, id: string, meta: RequestMeta): Promise<AllianceEvent> {
  const viewer = await audienceViewerOf(db(deps), auth);
  const seen = await loadVisibleEvent(deps, viewer, id);
  if (!mayRegisterAs(seen, viewer)) throw new AppError('forbidden', 'only users of member organisations in the audience register for events; the secretariat runs them');
  const org = requireMembership(auth);
  const row = await withTransaction(db(deps), async (tx) => {
    const e = (await allianceEvents.lock(tx, id)) as EventRow;
    const now = await dbNow(tx);
    const current = await allianceEvents.registrationOf(tx, id, auth.user.id);
    const decided = decideRegistration(e, e.registered, current?.status ?? null, now);
    if (!decided.ok) throw REGISTER_ERRORS[decided.error]();
    const r = await allianceEvents.register(tx, { eventId: id, userId: auth.user.id, orgId: org.orgId, status: decided.value });
    await auditEvent(tx, auth, meta, id, decided.value === 'registered' ? 'event.registered' : 'event.waitlisted',
      current ? { registrationId: current.id, status: current.status } : null,
      { registrationId: r.id, userId: auth.user.id, orgId: org.orgId, status: r.status, arrival: r.arrival });
    return (await allianceEvents.get(tx, id)) as EventRow;
  });
  return presentEvent(deps, auth, viewer, row);
}

/** DELETE /events/{id}/registration: gives the seat back (the first who waits gets it, and is told) or leaves the queue. */
export async function cancelRegistration(deps: Deps, auth: AuthContext, id: string, meta: RequestMeta): Promise<AllianceEvent> {
  const viewer = await audienceViewerOf(db(deps), auth);
  await loadVisibleEvent(deps, viewer, id);
  const row = await withTransaction(db(deps), async (tx) => {
    const e = (await allianceEvents.lock(tx, id)) as EventRow;
    const now = await dbNow(tx);
    const current = await allianceEvents.registrationOf(tx, id, auth.user.id);
    const decided = decideCancellation(e, current?.status ?? null, now);
    if (!decided.ok || !current) throw CANCEL_ERRORS[decided.ok ? 'not_registered' : decided.error]();
    await allianceEvents.cancelRegistration(tx, current.id);
    await auditEvent(tx, auth, meta, id, 'event.registration_cancelled', { registrationId: current.id, status: current.status },
      { registrationId: current.id, status: 'cancelled' });
    if (current.status === 'registered' && e.status === 'published') await promoteFromWaitlist(tx, e, e.registered - 1);
    return (await allianceEvents.get(tx, id)) as EventRow;
  });
  return presentEvent(deps, auth, viewer, row);
}

function toAttendee(a: AttendeeRow, queue: readonly number[]): EventAttendee {
  return {
    id: a.id, userName: a.userName, email: a.email, orgName: a.orgName, orgKind: a.orgKind, status: a.status,
    waitlistPosition: a.status === 'waitlisted' ? waitlistPosition(a.arrival, queue) : null, requestedAt: iso(a.requestedAt),
    seatedAt: isoOrNull(a.seatedAt), promotedAt: isoOrNull(a.promotedAt), attended: a.attended,
  };
}

/** The secretariat's event with its registrations (seats first, then the queue). */
async function attendeesOf(deps: Deps, auth: AuthContext, id: string): Promise<{ event: EventRow; items: EventAttendee[] }> {
  const viewer = await audienceViewerOf(db(deps), auth);
  requireSecretariat(viewer, 'see who registered');
  const event = await loadVisibleEvent(deps, viewer, id);
  const rows = await allianceEvents.attendees(db(deps), id);
  const queue = rows.filter((r) => r.status === 'waitlisted').map((r) => r.arrival);
  return { event, items: rows.map((r) => toAttendee(r, queue)) };
}

/** GET /events/{id}/registrations: the attendance list (the secretariat). */
export async function listAttendees(deps: Deps, auth: AuthContext, id: string): Promise<AttendeeList> {
  const { event, items } = await attendeesOf(deps, auth, id);
  return { items, registered: event.registered, waitlisted: event.waitlisted };
}

const STATUS_ZH = { registered: '已报名', waitlisted: '候补', cancelled: '已取消' } as const;
const ATTENDED_ZH = (a: boolean | null) => (a === null ? '' : a ? '已签到' : '缺席');
const shanghai = (s: string | null) =>
  s ? new Date(Date.parse(s) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';

/** GET /events/{id}/registrations/export: the attendance list as CSV (UTF-8 with BOM, times in Beijing time). */
export async function exportAttendees(deps: Deps, auth: AuthContext, id: string): Promise<{ bytes: Uint8Array; fileName: string; contentType: string }> {
  const { event, items } = await attendeesOf(deps, auth, id);
  const header = ['序号', '姓名', '邮箱', '单位', '状态', '候补顺位', '报名时间', '入座时间', '签到'];
  const rows = items.map((a, i) => [
    String(i + 1), a.userName, a.email, a.orgName, STATUS_ZH[a.status], a.waitlistPosition === null ? '' : String(a.waitlistPosition),
    shanghai(a.requestedAt), shanghai(a.seatedAt), ATTENDED_ZH(a.attended),
  ]);
  const day = shanghai(iso(event.startsAt)).slice(0, 10);
  return { bytes: writeCsv(header, rows), fileName: `报名名单-${event.title.slice(0, 40)}-${day}.csv`, contentType: CSV_TYPE };
}

/** POST /events/{id}/registrations/{registrationId}/attendance: whether a seat holder came (the secretariat, from the start on). */
export async function markAttendance(
  deps: Deps, auth: AuthContext, id: string, registrationId: string, body: MarkAttendanceRequest, meta: RequestMeta,
): Promise<EventAttendee> {
  const viewer = await audienceViewerOf(db(deps), auth);
  requireSecretariat(viewer, 'mark attendance');
  const event = await loadVisibleEvent(deps, viewer, id);
  const reg = await allianceEvents.registration(db(deps), id, registrationId);
  if (!reg) throw new AppError('not_found', 'no registration with this id for this event');
  if (!mayMarkAttendance(event, reg.status, deps.now())) {
    throw new AppError('invalid_transition', 'attendance is marked for those holding a seat, once the event has started');
  }
  await withTransaction(db(deps), async (tx) => {
    await allianceEvents.setAttendance(tx, reg.id, body.attended);
    await auditEvent(tx, auth, meta, id, 'event.attendance_marked', { registrationId: reg.id, attended: reg.attended },
      { registrationId: reg.id, attended: body.attended });
  });
  const rows = await allianceEvents.attendees(db(deps), id);
  const queue = rows.filter((r) => r.status === 'waitlisted').map((r) => r.arrival);
  return toAttendee(rows.find((r) => r.id === reg.id) as AttendeeRow, queue);
}
