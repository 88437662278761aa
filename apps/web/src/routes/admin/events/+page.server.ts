import { listPage, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

// /admin/events: drafts and upcoming events, or past ones (the secretariat).
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const when = url.searchParams.get('when') === 'past' ? ('past' as const) : ('upcoming' as const);
  const cursor = url.searchParams.get('cursor');
  return { ...listPage(await locals.api.events({ when, drafts: true, cursor, limit: 50 }), cookies, url), when, cursor };
};
