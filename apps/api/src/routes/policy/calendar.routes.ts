import { CalendarYearQuery, ConfirmCalendarYear, IsoDate, SetCalendarDay } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../../middleware/session.ts';
import { S, createRouter, jsonBody, jsonResponse, named, problems } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import * as calendar from '../../use-cases/policy/calendar.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, signedIn } from '../orders/shared.ts';

const tags = ['working calendar'];

/** /policy/calendar: the working-day calendar case clocks run on; the secretariat corrects and confirms it. */
export const calendarRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/calendar', tags,
        summary: "The years entered and one year's holidays and make-up working days (default this year), with whether it is confirmed",
        request: { query: CalendarYearQuery },
        responses: { 200: jsonResponse(S.CalendarOverview, 'The calendar'), ...problems(400) },
      }),
      async (c) => c.json(await calendar.getCalendar(deps, c.req.valid('query').year), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'put', path: '/calendar/days/{date}', tags,
        summary: 'Make a day a holiday or a make-up working day, or give it back to the plain week (secretariat)',
        request: { params: z.object({ date: IsoDate }), body: jsonBody(named(SetCalendarDay, 'SetCalendarDay')) },
        responses: { 200: jsonResponse(S.CalendarYear, "The day's year"), ...problems(...WRITE) },
      }),
      async (c) => c.json(await calendar.setCalendarDay(deps, requireAuth(c), c.req.valid('param').date, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/calendar/years/{year}/confirm', tags,
        summary: "Confirm that a year matches the State Council's notice, or take that back (secretariat)",
        request: { params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }), body: jsonBody(named(ConfirmCalendarYear, 'ConfirmCalendarYear')) },
        responses: { 200: jsonResponse(S.CalendarYear, 'The year'), ...problems(...WRITE) },
      }),
      async (c) => c.json(await calendar.confirmCalendarYear(deps, requireAuth(c), c.req.valid('param').year, c.req.valid('json').confirmed, requestMeta(c)), 200),
    );
