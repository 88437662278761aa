import { redirect } from '@sveltejs/kit';
import { cookieMaxAge, cookieName, isLocale } from '#lib/paraglide/runtime.js';
import { safeNext } from '#lib/server/safe-next.ts';
import type { RequestHandler } from './$types';

/** The language switch: a plain form post, so it works without JavaScript; the choice is kept in a cookie. */
export const POST: RequestHandler = async ({ request, cookies }) => {
  const form = await request.formData();
  const locale = form.get('locale');
  const next = form.get('next');
  if (isLocale(locale)) {
    // readable by the Paraglide runtime in the browser, so not HttpOnly
    cookies.set(cookieName, locale, { path: '/', maxAge: cookieMaxAge, httpOnly: false, sameSite: 'lax', secure: false });
  }
  redirect(303, safeNext(typeof next === 'string' ? next : null, '/'));
};
