import { relayCookies } from '#lib/server/api.ts';
import { must } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  // opened from the inbox: that notification has been read
  const n = url.searchParams.get('n');
  if (n && /^\d{1,15}$/.test(n) && locals.me) relayCookies(cookies, await locals.api.markNotificationsRead({ ids: [n] }));
  return { announcement: must(await locals.api.announcement(params.id), cookies, url) };
};
