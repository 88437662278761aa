import { fail, redirect } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, optional, requireMe } from '#lib/server/page.ts';
import { reasonRule } from '#lib/validation.ts';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['opened', 'closed', 'reopened'] as const;

// /admin/statistics/{id}: a period with every filer and where it stands (filed, late, not filed), the marketplace's
// own figures of the quarter, and the steps: close (?act=close) and reopen with a reason (?act=reopen).
export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const [period, marketplace] = await Promise.all([
    locals.api.statisticsPeriod(params.id).then((r) => must(r, cookies, url)),
    locals.api.marketplaceQuarters().then((r) => optional(r, cookies)),
  ]);
  const act = url.searchParams.get('act');
  const done = url.searchParams.get('done');
  return {
    period,
    marketplace: marketplace ? (marketplace.items.find((q) => q.quarter === period.quarter) ?? { quarter: period.quarter, awardedFen: 0, completedFen: 0 }) : null,
    act: act === 'close' && period.permissions.close ? ('close' as const) : act === 'reopen' && period.permissions.reopen ? ('reopen' as const) : null,
    done: (DONE as readonly (string | null)[]).includes(done) ? (done as (typeof DONE)[number]) : null,
  };
};

export const actions: Actions = {
  close: async ({ locals, params, cookies }) => {
    const res = await locals.api.closeStatisticsPeriod(params.id);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { reason: '', error: null as string | null, formError: problemMessage(res.problem) } });
    redirect(303, `/admin/statistics/${params.id}?done=closed`);
  },
  reopen: async ({ locals, params, request, cookies }) => {
    const reason = ((await request.formData()).get('reason') ?? '').toString();
    const error = reasonRule({ required: true, max: 500 })(reason);
    if (error) return fail(400, { dialog: { reason, error, formError: null as string | null } });
    const res = await locals.api.reopenStatisticsPeriod(params.id, { reason: reason.trim() });
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { reason, error: null, formError: problemMessage(res.problem) } });
    redirect(303, `/admin/statistics/${params.id}?done=reopened`);
  },
};
