import { fail, redirect } from '@sveltejs/kit';
import { relayCookies } from '#lib/server/api.ts';
import { must } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';
import { problemMessage } from '#lib/i18n.ts';

const DONE = ['registered', 'waitlisted', 'cancelled'] as const;
const isIn = <T extends string>(xs: readonly T[], s: string | null): s is T => (xs as readonly (string | null)[]).includes(s);

export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  // opened from the inbox: that notification has been read
  const n = url.searchParams.get('n');
  if (n && /^\d{1,15}$/.test(n) && locals.me) relayCookies(cookies, await locals.api.markNotificationsRead({ ids: [n] }));
  const event = must(await locals.api.event(params.id), cookies, url);
  const done = url.searchParams.get('done');
  return {
    event,
    now: new Date().toISOString(),
    act: url.searchParams.get('act') === 'cancel' && event.canCancel ? ('cancel' as const) : null,
    done: isIn(DONE, done) ? done : null,
  };
};

export const actions: Actions = {
  /** A seat, or the waitlist when the event is full. */
  register: async ({ locals, params, cookies }) => {
    if (!locals.me) redirect(303, `/login?next=${encodeURIComponent(`/events/${params.id}`)}`);
    const res = await locals.api.registerForEvent(params.id);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { formError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/events/${params.id}?done=${res.data.mine?.status === 'waitlisted' ? 'waitlisted' : 'registered'}`);
  },
  /** The seat given back (the first who waits gets it), or the waitlist left. */
  cancel: async ({ locals, params, cookies }) => {
    if (!locals.me) redirect(303, `/login?next=${encodeURIComponent(`/events/${params.id}`)}`);
    const res = await locals.api.cancelEventRegistration(params.id);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { formError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/events/${params.id}?done=cancelled`);
  },
};
