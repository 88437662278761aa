import { type ApiClient, type ApiResult, createApiClient } from '@annex/api-client';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { API_ORIGIN, ORIGIN, PUBLIC_ORIGIN } from '$app/env/private';
import { siteOrigin } from '#lib/server/origin.ts';

/** Names the API gives its session cookie (secure deployments use the __Host- prefix). */
export const SESSION_COOKIES = ['__Host-annex_session', 'annex_session'] as const;

/** A typed API client acting for the person behind this request: their cookie, browser and address. */
export function apiFor(event: RequestEvent): ApiClient {
  const headers: Record<string, string> = {};
  const ua = event.request.headers.get('user-agent');
  if (ua) headers['user-agent'] = ua;
  const lang = event.request.headers.get('accept-language');
  if (lang) headers['accept-language'] = lang;
  try {
    headers['x-forwarded-for'] = event.getClientAddress();
  } catch {
    // no client address while building
  }
  return createApiClient({
    baseUrl: API_ORIGIN,
    cookie: event.request.headers.get('cookie'),
    // the API compares Origin with its PUBLIC_ORIGIN; adapter-node's event.url guesses https
    origin: siteOrigin(ORIGIN ?? PUBLIC_ORIGIN, event.request.headers),
    headers,
  });
}

/** Passes the cookies the API set (login, logout, session renewal) on to the browser. */
export function relayCookies(cookies: Cookies, result: Pick<ApiResult<unknown>, 'setCookie'>): void {
  for (const header of result.setCookie) {
    const { name, value, ...options } = cookies.parse(header);
    if (!name) continue;
    cookies.set(name, value ?? '', {
      ...options,
      path: options.path ?? '/',
      httpOnly: options.httpOnly ?? false,
      secure: options.secure ?? false,
    });
  }
}
