import type { SetCalendarDay } from '@annex/contracts';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, requireMe } from '#lib/server/page.ts';
import { textRule } from '#lib/validation.ts';
import type { Actions, PageServerLoad } from './$types';

const yearOf = (s: string | null) => (s && /^20\d\d$/.test(s) ? Number(s) : undefined);

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const overview = must(await locals.api.workingCalendar(yearOf(url.searchParams.get('year'))), cookies, url);
  return { overview, done: url.searchParams.get('done') };
};

const text = (data: FormData, name: string) => (typeof data.get(name) === 'string' ? (data.get(name) as string) : '');

export const actions: Actions = {
  /** Make a day a holiday or a make-up working day, or give it back to the plain week. */
  day: async ({ locals, request, cookies }) => {
    if (locals.me?.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const data = await request.formData();
    const values = { date: text(data, 'date'), kind: text(data, 'kind'), name: text(data, 'name') };
    type DayErrors = Partial<Record<'date' | 'kind' | 'name', string>>;
    const errors: DayErrors = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) errors.date = m.v_date();
    if (values.kind !== 'holiday' && values.kind !== 'workday' && values.kind !== 'normal') errors.kind = m.v_required();
    const nameError = values.kind === 'normal' ? null : textRule(1, 40)(values.name);
    if (nameError) errors.name = nameError;
    if (Object.keys(errors).length) return fail(400, { day: { values, errors, formError: null as string | null } });
    const body: SetCalendarDay = values.kind === 'normal' ? { kind: 'normal' } : { kind: values.kind as 'holiday' | 'workday', name: values.name.trim() };
    const res = await locals.api.setCalendarDay(values.date, body);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { day: { values, errors: {} as DayErrors, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    redirect(303, `/admin/policy/calendar?year=${values.date.slice(0, 4)}&done=day`);
  },

  confirm: async ({ locals, request, cookies }) => {
    if (locals.me?.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const data = await request.formData();
    const year = yearOf(text(data, 'year'));
    const confirmed = text(data, 'confirmed') === 'true';
    if (!year) return fail(400, { confirmError: m.err_validation_failed() });
    const res = await locals.api.confirmCalendarYear(year, confirmed);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { confirmError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/admin/policy/calendar?year=${year}&done=${confirmed ? 'confirmed' : 'unconfirmed'}`);
  },
};
