import { listPage } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

// /events: upcoming events (soonest first) or past ones, of the caller's audience, with the caller's registration.
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const when = url.searchParams.get('when') === 'past' ? ('past' as const) : ('upcoming' as const);
  const cursor = url.searchParams.get('cursor');
  const page = listPage(await locals.api.events({ when, cursor, limit: 20 }), cookies, url);
  return { ...page, when, cursor };
};
