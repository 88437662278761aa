import { listPage, requireMe } from '#lib/server/page.ts';
import { auditQueryOf } from '#lib/audit-text.ts';
import type { PageServerLoad } from './$types';

/** The full audit log, newest first, with the filters of the form (a GET form: the address is the filter). */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const { form, query } = auditQueryOf(url.searchParams);
  const cursor = url.searchParams.get('cursor');
  const page = listPage(await locals.api.audit({ ...query, cursor, limit: 50 }), cookies, url);
  return { form, query, cursor, ...page };
};
