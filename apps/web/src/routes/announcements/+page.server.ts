import { listPage } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

// /announcements: what the caller may read, pinned first, then the newest.
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const cursor = url.searchParams.get('cursor');
  const page = listPage(await locals.api.announcements({ cursor, limit: 20 }), cookies, url);
  return { ...page, cursor };
};
