import { addQuarters, formatQuarter, quarterOfInstant } from '@annex/domain';
import { fail, redirect } from '@sveltejs/kit';
import { beijingDate, problemMessage } from '#lib/i18n.ts';
import { m } from '#lib/paraglide/messages.js';
import { relayCookies } from '#lib/server/api.ts';
import { must, optional, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

/** Days from today the due date of a new period is proposed at. */
const DUE_IN_DAYS = 14;
/** Ended quarters offered for a new period: two years back, so an older quarter can still be collected (a baseline). */
const OPENABLE_QUARTERS = 8;

// /admin/statistics: the secretariat's reporting periods with their counts, a form to open the next one, and the
// marketplace's own quarterly figures beside them.
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const [periods, marketplace] = await Promise.all([
    locals.api.statisticsPeriods().then((r) => must(r, cookies, url)),
    locals.api.marketplaceQuarters().then((r) => optional(r, cookies)),
  ]);
  const now = new Date();
  // the quarters that have ended most recently, less those with a period (the API refuses a quarter not yet ended)
  const taken = new Set(periods.items.map((p) => p.quarter));
  const current = quarterOfInstant(now);
  const openable = Array.from({ length: OPENABLE_QUARTERS }, (_, i) => formatQuarter(addQuarters(current, -1 - i))).filter((q) => !taken.has(q));
  return {
    periods: periods.items,
    marketplace: marketplace?.items ?? null,
    openable,
    dueDefault: beijingDate(new Date(now.getTime() + DUE_IN_DAYS * 86_400_000)),
    today: beijingDate(now),
  };
};

export const actions: Actions = {
  open: async ({ locals, request, cookies }) => {
    const data = await request.formData();
    const values = { quarter: String(data.get('quarter') ?? ''), dueOn: String(data.get('dueOn') ?? '') };
    const errors: Partial<Record<'quarter' | 'dueOn', string>> = {};
    if (!/^\d{4}Q[1-4]$/.test(values.quarter)) errors.quarter = m.st_e_choose_quarter();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.dueOn)) errors.dueOn = m.st_e_due();
    if (Object.keys(errors).length) return fail(400, { values, errors, formError: null as string | null });
    const res = await locals.api.openStatisticsPeriod(values);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { values, errors, formError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/admin/statistics/${res.data.id}?done=opened`);
  },
};
