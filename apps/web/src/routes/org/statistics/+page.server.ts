import { fail, redirect } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, requireMe } from '#lib/server/page.ts';
import { checkValues, errorsFromProblem, readReportForm } from '#lib/statistics-form.ts';
import type { Actions, PageServerLoad } from './$types';

const FILER_KINDS = ['vendor', 'training_institution'] as const;

// /org/statistics: a member's quarterly statistics (统计填报) — the periods it files in, the chosen period's report
// with its versions, the form to file it or (?correct) to correct it with a reason. A closed period is read-only.
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const me = requireMe(locals, url);
  if (me.organisation.kind === 'secretariat') redirect(303, '/admin/statistics');
  if (!(FILER_KINDS as readonly string[]).includes(me.organisation.kind)) return { filer: false as const };
  const periods = must(await locals.api.myStatisticsPeriods(), cookies, url).items;
  const asked = url.searchParams.get('period');
  const chosen = periods.find((p) => p.period.id === asked) ?? periods.find((p) => p.canFile) ?? periods[0] ?? null;
  const report = chosen ? must(await locals.api.myStatisticsReport(chosen.period.id), cookies, url) : null;
  const done = url.searchParams.get('done');
  return {
    filer: true as const,
    periods,
    report,
    correcting: url.searchParams.has('correct') && !!report?.permissions.correct,
    done: done === 'filed' || done === 'corrected' ? done : null,
    now: new Date().toISOString(),
  };
};

export const actions: Actions = {
  file: async ({ locals, url, request, cookies }) => {
    const periodId = url.searchParams.get('period') ?? '';
    const values = readReportForm(await request.formData());
    const report = must(await locals.api.myStatisticsReport(periodId), cookies, url);
    const correcting = report.latest !== null;
    const { errors, figures } = checkValues(report.filerKind, values, report.previous, correcting);
    if (Object.keys(errors).length) return fail(400, { values, errors, formError: null as string | null });
    const res = await locals.api.fileStatisticsReport(periodId, { ...figures, reason: correcting ? values.reason.trim() : null });
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { values, errors: errorsFromProblem(res.problem), formError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/org/statistics?period=${encodeURIComponent(periodId)}&done=${correcting ? 'corrected' : 'filed'}`);
  },
};
