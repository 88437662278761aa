import { must, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

// /admin/statistics/{id}/{orgId}: a member's report of a period with every version (the secretariat reads only).
export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  return { report: must(await locals.api.statisticsReport(params.id, params.orgId), cookies, url) };
};
