import { redirect } from '@sveltejs/kit';
import { SESSION_COOKIES, relayCookies } from '#lib/server/api.ts';
import type { RequestHandler } from './$types';

/** Ends the session at the API and sends the browser home. */
export const POST: RequestHandler = async ({ locals, cookies }) => {
  const res = await locals.api.logout();
  relayCookies(cookies, res);
  // the API clears its cookie; clear it here too in case it could not be reached
  for (const name of SESSION_COOKIES) if (cookies.get(name)) cookies.delete(name, { path: '/', secure: name.startsWith('__Host-') });
  redirect(303, '/');
};
