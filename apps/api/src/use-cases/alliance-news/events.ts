import type {
  AllianceEvent, CancelEventRequest, CreateEventRequest, EventList, EventListItem, EventListQuery, MyRegistration, UpdateEventRequest,
} from '@annex/contracts';
import { type EventFields, type EventRow, type RegistrationRow, type Tx, InvalidCursorError, allianceEvents, audit, withTransaction } from '@annex/db';
import {
  type AudienceViewer, type EventState, audiencesVisibleTo, eventActions, eventFieldProblems, eventPhase, inAudience, mayRegisterAs, promotions,
  seatsLeft, waitlistPosition, decideCancellation,
} from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { notify } from '../notify.ts';
import { audienceViewerOf, iso, isoOrNull, requireSecretariat, tellAudience } from './audience.ts';

// Events (交流研讨): the secretariat drafts, publishes, changes and cancels them; users of the audience register
// (registrations.ts). Who may see one is the audience rule of packages/domain; drafts are the secretariat's.

const FIELD_MESSAGES = {
  ends_before_start: 'the event must end after it starts',
  deadline_after_start: 'registration must close no later than the start',
  capacity_below_registered: 'the capacity cannot be less than the seats already given',
} as const;

/** The caller's registration as the event shows it (with the place in the queue). */
export function mineOf(r: RegistrationRow | null | undefined, queue: readonly number[]): MyRegistration | null {
  if (!r) return null;
  return {
    id: r.id, status: r.status, waitlistPosition: r.status === 'waitlisted' ? waitlistPosition(r.arrival, queue) : null,
    requestedAt: iso(r.requestedAt), attended: r.attended,
  };
}

function toItem(e: EventRow, mine: MyRegistration | null, now: Date): EventListItem {
  return {
    id: e.id, title: e.title, startsAt: iso(e.startsAt), endsAt: iso(e.endsAt), placeKind: e.placeKind, place: e.place, capacity: e.capacity,
    registrationDeadline: iso(e.registrationDeadline), audience: e.audience, status: e.status, phase: eventPhase(e, now),
    registered: e.registered, waitlisted: e.waitlisted, seatsLeft: seatsLeft(e.capacity, e.registered), mine,
  };
}

/** The event page for a viewer: what it says, the caller's registration and what the caller may do now. */
export async function presentEvent(deps: Deps, auth: AuthContext | null, viewer: AudienceViewer, e: EventRow): Promise<AllianceEvent> {
  const d = db(deps);
  const now = deps.now();
  const reg = auth ? await allianceEvents.registrationOf(d, e.id, auth.user.id) : null;
  const queue = reg?.status === 'waitlisted' ? (await allianceEvents.waitlist(d, e.id)).map((r) => r.arrival) : [];
  const live = reg?.status === 'registered' || reg?.status === 'waitlisted';
  const phase = eventPhase(e, now);
  return {
    ...toItem(e, mineOf(reg, queue), now),
    description: e.description, html: renderMarkdown(e.description), cancelReason: e.cancelReason, publishedAt: isoOrNull(e.publishedAt),
    cancelledAt: isoOrNull(e.cancelledAt), createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt),
    canRegister: phase === 'registration_open' && !live && mayRegisterAs(e, viewer),
    canCancel: live && decideCancellation(e, reg?.status ?? null, now).ok,
    actions: viewer.kind === 'secretariat' ? eventActions(e, now) : [],
  };
}

/** An event the viewer may see: the secretariat every one; others one that is not a draft and is for their audience (404 otherwise). */
export async function loadVisibleEvent(deps: Deps, viewer: AudienceViewer, id: string): Promise<EventRow> {
  const e = await allianceEvents.get(db(deps), id);
  if (!e || !canSeeEvent(e, viewer)) throw new AppError('not_found', 'no event with this id');
  return e;
}

const canSeeEvent = (e: EventState, v: AudienceViewer) => v.kind === 'secretariat' || (e.status !== 'draft' && inAudience(e.audience, v));

/** GET /events: upcoming or past events of the caller's audience, with the caller's registration. */
export async function listEvents(deps: Deps, auth: AuthContext | null, q: EventListQuery): Promise<EventList> {
  const d = db(deps);
  const viewer = await audienceViewerOf(d, auth);
  if (q.drafts) requireSecretariat(viewer, 'list draft events');
  const now = deps.now();
  try {
    const page = await allianceEvents.list(d, { audiences: audiencesVisibleTo(viewer), when: q.when, now, drafts: q.drafts, cursor: q.cursor, limit: q.limit });
    const mine = auth ? await allianceEvents.registrationsOfUser(d, auth.user.id, page.items.map((e) => e.id)) : new Map<string, RegistrationRow>();
    const items = await Promise.all(page.items.map(async (e) => {
      const r = mine.get(e.id);
      const queue = r?.status === 'waitlisted' ? (await allianceEvents.waitlist(d, e.id)).map((x) => x.arrival) : [];
      return toItem(e, mineOf(r, queue), now);
    }));
    return { items, nextCursor: page.nextCursor };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}

/** GET /events/{id}. */
export async function getEvent(deps: Deps, auth: AuthContext | null, id: string): Promise<AllianceEvent> {
  const viewer = await audienceViewerOf(db(deps), auth);
  return presentEvent(deps, auth, viewer, await loadVisibleEvent(deps, viewer, id));
}

/** 400 for times that do not fit together, 422 for a capacity under the seats given. */
function checkFields(f: Pick<EventFields, 'startsAt' | 'endsAt' | 'registrationDeadline' | 'capacity'>, registered: number): void {
  const problems = eventFieldProblems(f, registered);
  if (problems.length === 0) return;
  const errors = problems.map((p) => ({ path: p.path, message: FIELD_MESSAGES[p.problem] }));
  const code = problems.some((p) => p.problem === 'capacity_below_registered') ? 'rule_violation' : 'validation_failed';
  throw new AppError(code, errors.map((e) => e.message).join('; '), { errors });
}

const fieldsOf = (b: CreateEventRequest): EventFields => ({
  ...b, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt), registrationDeadline: new Date(b.registrationDeadline),
});

/** POST /events: a draft event (the secretariat). */
export async function createEvent(deps: Deps, auth: AuthContext, body: CreateEventRequest, meta: RequestMeta): Promise<AllianceEvent> {
  const viewer = await audienceViewerOf(db(deps), auth);
  requireSecretariat(viewer, 'create events');
  const f = fieldsOf(body);
  checkFields(f, 0);
  const row = await withTransaction(db(deps), async (tx) => {
    const e = await allianceEvents.create(tx, f, auth.user.id);
    await auditEvent(tx, auth, meta, e.id, 'event.created', null, { title: e.title, startsAt: iso(e.startsAt), capacity: e.capacity, audience: e.audience });
    return e;
  });
  return presentEvent(deps, auth, viewer, row);
}

/** An audit row of an event, by the caller. */
export const auditEvent = (tx: Tx, auth: AuthContext, meta: RequestMeta, eventId: string, action: string, before: unknown, after: unknown) =>
  audit.append(tx, {
    actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId ?? null, entityType: 'alliance_event', entityId: eventId, action, before, after,
    requestId: meta.requestId,
  });

/**
 * Gives free seats to the first who wait (a seat given back, the capacity raised), telling each; returns them.
 * Under the event's lock.
 */
export async function promoteFromWaitlist(tx: Tx, e: EventRow, registered: number): Promise<RegistrationRow[]> {
  const moved = promotions(e.capacity, registered, await allianceEvents.waitlist(tx, e.id));
  await allianceEvents.promote(tx, moved.map((r) => r.id));
  await notify(tx, moved.map((r) => ({
    to: { userId: r.userId }, kind: 'event_promoted' as const, orderId: null, payload: { eventId: e.id, title: e.title, startsAt: iso(e.startsAt) },
  })));
  for (const r of moved) {
    await audit.append(tx, {
      actorUserId: null, actorOrgId: null, entityType: 'alliance_event', entityId: e.id, action: 'event.promoted',
      before: { registrationId: r.id, userId: r.userId, status: 'waitlisted' }, after: { registrationId: r.id, userId: r.userId, status: 'registered' },
    });
  }
  return moved;
}

/** Loads the event under its lock for a step of the secretariat that its actions allow. */
async function lockForStep(tx: Tx, id: string, now: Date, action: 'edit' | 'publish' | 'cancel'): Promise<EventRow> {
  const e = await allianceEvents.lock(tx, id);
  if (!e) throw new AppError('not_found', 'no event with this id');
  if (!eventActions(e, now).includes(action)) throw new AppError('invalid_transition', `the event is ${eventPhase(e, now)}: it cannot be ${action === 'edit' ? 'changed' : `${action}ed`}`);
  return e;
}

const EDITABLE = ['title', 'description', 'startsAt', 'endsAt', 'placeKind', 'place', 'capacity', 'registrationDeadline', 'audience'] as const;
const plain = (v: unknown) => (v instanceof Date ? iso(v) : v);

/** PATCH /events/{id}: changes a draft or a published event before it ends; a raised capacity seats the first who wait. */
export async function updateEvent(deps: Deps, auth: AuthContext, id: string, body: UpdateEventRequest, meta: RequestMeta): Promise<AllianceEvent> {
  const viewer = await audienceViewerOf(db(deps), auth);
  requireSecretariat(viewer, 'change events');
  const row = await withTransaction(db(deps), async (tx) => {
    const e = await lockForStep(tx, id, deps.now(), 'edit');
    const { startsAt, endsAt, registrationDeadline, ...rest } = body;
    const patch: Partial<EventFields> = {
      ...rest,
      ...(startsAt ? { startsAt: new Date(startsAt) } : {}),
      ...(endsAt ? { endsAt: new Date(endsAt) } : {}),
      ...(registrationDeadline ? { registrationDeadline: new Date(registrationDeadline) } : {}),
    };
    const merged = { ...e, ...patch };
    if (merged.placeKind === 'online' && !/^https?:\/\/\S+$/i.test(merged.place)) {
      throw new AppError('validation_failed', 'an online event needs its meeting link (https://…)', { errors: [{ path: 'place', message: 'a link' }] });
    }
    checkFields(merged, e.registered);
    let updated = await allianceEvents.update(tx, id, patch);
    if (updated.status === 'published' && updated.capacity > e.capacity) {
      await promoteFromWaitlist(tx, updated, updated.registered);
      updated = (await allianceEvents.get(tx, id)) as EventRow;
    }
    const keys = EDITABLE.filter((k) => k in body);
    await auditEvent(tx, auth, meta, id, 'event.updated', Object.fromEntries(keys.map((k) => [k, plain(e[k])])),
      Object.fromEntries(keys.map((k) => [k, plain(updated[k])])));
    return updated;
  });
  return presentEvent(deps, auth, viewer, row);
}

/** POST /events/{id}/publish: the draft is listed and takes registrations; its audience is told. */
export async function publishEvent(deps: Deps, auth: AuthContext, id: string, meta: RequestMeta): Promise<AllianceEvent> {
  const viewer = await audienceViewerOf(db(deps), auth);
  requireSecretariat(viewer, 'publish events');
  const row = await withTransaction(db(deps), async (tx) => {
    const e = await lockForStep(tx, id, deps.now(), 'publish');
    if (e.endsAt.getTime() <= deps.now().getTime()) throw new AppError('invalid_transition', 'the event has already ended: change its times first');
    const published = await allianceEvents.publish(tx, id);
    await auditEvent(tx, auth, meta, id, 'event.published', { status: e.status }, { status: published.status });
    await tellAudience(tx, published.audience, 'event_published', { eventId: id, title: published.title, startsAt: iso(published.startsAt) });
    return published;
  });
  return presentEvent(deps, auth, viewer, row);
}

/** POST /events/{id}/cancel: with a reason; everyone who holds a seat or waits is told. */
export async function cancelEvent(deps: Deps, auth: AuthContext, id: string, body: CancelEventRequest, meta: RequestMeta): Promise<AllianceEvent> {
  const viewer = await audienceViewerOf(db(deps), auth);
  requireSecretariat(viewer, 'cancel events');
  const row = await withTransaction(db(deps), async (tx) => {
    const e = await lockForStep(tx, id, deps.now(), 'cancel');
    const cancelled = await allianceEvents.cancel(tx, id, body.reason);
    await auditEvent(tx, auth, meta, id, 'event.cancelled', { status: e.status }, { status: 'cancelled', reason: body.reason });
    const told = await allianceEvents.activeUserIds(tx, id);
    await notify(tx, told.map((userId) => ({
      to: { userId }, kind: 'event_cancelled' as const, orderId: null, payload: { eventId: id, title: e.title, startsAt: iso(e.startsAt), reason: body.reason },
    })));
    return cancelled;
  });
  return presentEvent(deps, auth, viewer, row);
}
