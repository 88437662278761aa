import { must, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

/** The KPI dashboard: every target with its path and verdict; the charts draw the tables it carries. */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  return { kpi: must(await locals.api.kpiDashboard(), cookies, url) };
};
