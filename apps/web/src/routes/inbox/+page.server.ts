import { fail } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url);
  const unreadOnly = url.searchParams.get('show') === 'unread';
  const cursor = url.searchParams.get('cursor');
  const page = must(await locals.api.notifications({ cursor, limit: 20, unread: unreadOnly ? true : undefined }), cookies, url);
  return { unreadOnly, cursor, items: page.items, nextCursor: page.nextCursor, unreadCount: page.unreadCount };
};

export const actions: Actions = {
  read: async ({ request, locals, cookies, url }) => {
    requireMe(locals, url);
    const data = await request.formData();
    const ids = data.getAll('id').filter((x): x is string => typeof x === 'string' && /^\d{1,15}$/.test(x));
    const all = data.get('all') === 'true';
    if (!all && ids.length === 0) return fail(400, { error: m.err_validation_failed() });
    const res = await locals.api.markNotificationsRead(all ? { all: true } : { ids });
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds) });
    return { marked: true };
  },
};
