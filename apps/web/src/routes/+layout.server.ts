import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
  // the bell's count is read again on every navigation (reading the path makes SvelteKit re-run this)
  void url.pathname;
  let unread = 0;
  if (locals.me) {
    const res = await locals.api.notifications({ limit: 1 });
    if (res.ok) unread = res.data.unreadCount;
  }
  return { me: locals.me, locale: locals.locale, unread };
};
