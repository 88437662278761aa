import { fail, redirect } from '@sveltejs/kit';
import { EVENT_FIELDS, errorsFrom, eventBody, readEvent } from '#lib/alliance-form.ts';
import { m } from '#lib/paraglide/messages.js';
import { relayCookies } from '#lib/server/api.ts';
import { must, newKey, optional, requireMe } from '#lib/server/page.ts';
import { reasonRule } from '#lib/validation.ts';
import type { Actions, PageServerLoad } from './$types';
import { problemMessage } from '#lib/i18n.ts';

const DONE = ['saved', 'published', 'cancelled', 'marked'] as const;
const isIn = <T extends string>(xs: readonly T[], s: string | null): s is T => (xs as readonly (string | null)[]).includes(s);

// /admin/events/new and /admin/events/{id}: write, publish, cancel (with a reason); the registrations, their CSV
// and attendance.
export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  if (params.id === 'new') return { event: null, attendees: null, act: null, done: null, key: newKey() };
  const [event, attendees] = await Promise.all([
    locals.api.event(params.id).then((r) => must(r, cookies, url)),
    locals.api.eventAttendees(params.id).then((r) => optional(r, cookies)),
  ]);
  const done = url.searchParams.get('done');
  return {
    event, attendees, key: null,
    act: url.searchParams.get('act') === 'cancel' && event.actions.includes('cancel') ? ('cancel' as const) : null,
    done: isIn(DONE, done) ? done : null,
  };
};

export const actions: Actions = {
  save: async ({ locals, params, request, cookies }) => {
    const data = await request.formData();
    const { values, errors } = readEvent(data);
    if (Object.keys(errors).length) return fail(400, { values, errors, formError: m.err_validation_failed() });
    const key = data.get('idempotencyKey');
    const res = params.id === 'new'
      ? await locals.api.createEvent(eventBody(values), typeof key === 'string' && key ? key : undefined)
      : await locals.api.updateEvent(params.id, eventBody(values));
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { values, errors: errorsFrom(res.problem, EVENT_FIELDS), formError: problemMessage(res.problem) });
    redirect(303, `/admin/events/${res.data.id}?done=saved`);
  },
  publish: async ({ locals, params, cookies }) => {
    const res = await locals.api.publishEvent(params.id);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { stepError: problemMessage(res.problem) });
    redirect(303, `/admin/events/${params.id}?done=published`);
  },
  cancel: async ({ locals, params, request, cookies }) => {
    const reason = ((await request.formData()).get('reason') ?? '').toString();
    const error = reasonRule({ required: true, max: 500 })(reason);
    if (error) return fail(400, { dialog: { reason, error, formError: null as string | null } });
    const res = await locals.api.cancelEvent(params.id, { reason: reason.trim() });
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { reason, error: null, formError: problemMessage(res.problem) } });
    redirect(303, `/admin/events/${params.id}?done=cancelled`);
  },
  attendance: async ({ locals, params, request, cookies }) => {
    const data = await request.formData();
    const registrationId = (data.get('registrationId') ?? '').toString();
    const value = data.get('attended');
    const res = await locals.api.markAttendance(params.id, registrationId, value === 'yes' ? true : value === 'no' ? false : null);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { stepError: problemMessage(res.problem) });
    redirect(303, `/admin/events/${params.id}?done=marked#attendees`);
  },
};
