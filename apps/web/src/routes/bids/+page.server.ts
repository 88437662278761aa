import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['vendor']);
  const cursor = url.searchParams.get('cursor');
  const res = await locals.api.myBids({ cursor, limit: 20 });
  relayCookies(cookies, res);
  return {
    now: new Date().toISOString(),
    cursor,
    bids: res.ok ? res.data.items : [],
    nextCursor: res.ok ? res.data.nextCursor : null,
    listError: res.ok ? null : problemMessage(res.problem, res.retryAfterSeconds),
  };
};
