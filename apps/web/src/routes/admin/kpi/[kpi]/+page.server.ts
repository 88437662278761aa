import { KPI_KEYS, type KpiKey } from '@annex/domain';
import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { must, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

/** The rows a figure of a quarter is made of (the API checks the quarter). */
export const load: PageServerLoad = async ({ locals, url, cookies, params }) => {
  requireMe(locals, url, ['secretariat']);
  if (!(KPI_KEYS as readonly string[]).includes(params.kpi)) error(404, m.err_not_found());
  const quarter = url.searchParams.get('quarter')?.trim() || undefined;
  return { rows: must(await locals.api.kpiRows(params.kpi as KpiKey, quarter), cookies, url) };
};
