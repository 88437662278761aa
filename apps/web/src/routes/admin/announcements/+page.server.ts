import { listPage, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

// /admin/announcements: every announcement in every status, the latest changed first (the secretariat).
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const cursor = url.searchParams.get('cursor');
  return { ...listPage(await locals.api.announcements({ scope: 'all', cursor, limit: 50 }), cookies, url), cursor };
};
