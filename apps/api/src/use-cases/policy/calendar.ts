import type { CalendarOverview, CalendarYear, SetCalendarDay } from '@annex/contracts';
import { audit, withTransaction, workingCalendar } from '@annex/db';
import { shanghaiDate } from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { requireOrgKind } from '../guards.ts';
import { toCalendarYear } from './presenters.ts';

/** GET /policy/calendar?year=: the years entered and one year's holidays and make-up working days (default: this year). */
export async function getCalendar(deps: Deps, year: number | undefined): Promise<CalendarOverview> {
  const y = year ?? Number(shanghaiDate(deps.now()).slice(0, 4));
  const d = db(deps);
  const [years, one] = await Promise.all([workingCalendar.years(d), workingCalendar.year(d, y)]);
  return {
    years: years.map((r) => ({ year: r.year, confirmed: r.confirmed, libraryVersion: r.libraryVersion })),
    year: toCalendarYear(y, one.year, one.days),
  };
}

/**
 * PUT /policy/calendar/days/{date}: the secretariat makes a day a holiday or a make-up working day, or gives it back
 * to the plain week — when the State Council's notice differs from what was seeded. Audited.
 */
export async function setCalendarDay(deps: Deps, auth: AuthContext, date: string, body: SetCalendarDay, meta: RequestMeta): Promise<CalendarYear> {
  requireOrgKind(auth, 'secretariat', 'correct the working calendar');
  const year = Number(date.slice(0, 4));
  await withTransaction(db(deps), async (tx) => {
    const change = body.kind === 'normal' ? null : { kind: body.kind, name: body.name };
    await workingCalendar.setDay(tx, date, change, auth.user.id);
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId, entityType: 'working_calendar', entityId: String(year),
      action: 'calendar.day_set', after: { date, ...body }, requestId: meta.requestId,
    });
  });
  const one = await workingCalendar.year(db(deps), year);
  return toCalendarYear(year, one.year, one.days);
}

/** POST /policy/calendar/years/{year}/confirm: the secretariat says a year matches the State Council's notice (or takes that back). */
export async function confirmCalendarYear(deps: Deps, auth: AuthContext, year: number, confirmed: boolean, meta: RequestMeta): Promise<CalendarYear> {
  requireOrgKind(auth, 'secretariat', 'confirm the working calendar');
  await withTransaction(db(deps), async (tx) => {
    await workingCalendar.confirmYear(tx, year, confirmed, auth.user.id);
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId, entityType: 'working_calendar', entityId: String(year),
      action: confirmed ? 'calendar.year_confirmed' : 'calendar.year_unconfirmed', after: { year, confirmed }, requestId: meta.requestId,
    });
  });
  const one = await workingCalendar.year(db(deps), year);
  return toCalendarYear(year, one.year, one.days);
}
