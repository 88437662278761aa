import { listPage, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['buyer', 'vendor']);
  const cursor = url.searchParams.get('cursor');
  return { cursor, now: new Date().toISOString(), ...listPage(await locals.api.myPolicyCases({ cursor, limit: 20 }), cookies, url) };
};
