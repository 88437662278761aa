import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
  // the bell's count comes with the signed-in user (GET /me, which the hooks ask on every request); reading the
  // path makes SvelteKit run this again on every navigation, so the count stays current
  void url.pathname;
  return { me: locals.me, locale: locals.locale, unread: locals.me?.unreadNotifications ?? 0 };
};
