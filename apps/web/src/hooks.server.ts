import type { Handle } from '@sveltejs/kit/hooks';
import { sequence } from '@sveltejs/kit/hooks';
import { API_ORIGIN, ORIGIN, PUBLIC_ORIGIN } from '$app/env/private';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import { SESSION_COOKIES, apiFor, relayCookies } from '#lib/server/api.ts';
import { failureAsOk } from '#lib/server/action-status.ts';
import { startClientAfterFirstPaint } from '#lib/server/first-paint.ts';
import { isCrossSiteForm, siteOrigin } from '#lib/server/origin.ts';

// Hop-by-hop headers and ones fetch recomputes must not be copied between the two connections.
const SKIP_REQUEST = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect', 'content-length']);
const SKIP_RESPONSE = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length']);

const problem = (status: number, title: string, code: string, detail: string) =>
  new Response(JSON.stringify({ type: `urn:annex:problem:${code}`, title, status, code, detail, requestId: '' }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

/** The browser only talks to this origin: /api/* goes to the API unchanged, cookies included. */
const proxyApi: Handle = async ({ event, resolve }) => {
  const { pathname, search } = event.url;
  if (pathname !== '/api' && !pathname.startsWith('/api/')) return resolve(event);

  const headers = new Headers();
  for (const [k, v] of event.request.headers) if (!SKIP_REQUEST.has(k)) headers.set(k, v);
  try {
    headers.set('x-forwarded-for', event.getClientAddress());
  } catch {
    // no socket address (e.g. while building)
  }
  const site = new URL(siteOrigin(ORIGIN ?? PUBLIC_ORIGIN, event.request.headers));
  headers.set('x-forwarded-host', site.host);
  headers.set('x-forwarded-proto', site.protocol.replace(':', ''));

  const method = event.request.method;
  const hasBody = method !== 'GET' && method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(API_ORIGIN + pathname + search, {
      method,
      headers,
      body: hasBody ? event.request.body : undefined,
      redirect: 'manual',
      // @ts-expect-error: undici needs half duplex to stream a request body; the DOM RequestInit lacks it
      duplex: hasBody ? 'half' : undefined,
    });
  } catch (error) {
    // adapter-node stops reading a body over BODY_SIZE_LIMIT with a 413 error, which fetch reports as its cause
    if ((error as { cause?: { status?: unknown } }).cause?.status === 413) {
      return problem(413, 'Payload too large', 'payload_too_large', 'The request body is larger than this site accepts.');
    }
    return problem(503, 'Service Unavailable', 'service_unavailable', 'The API is not reachable.');
  }
  const out = new Headers();
  for (const [k, v] of upstream.headers) if (!SKIP_RESPONSE.has(k) && k !== 'set-cookie') out.set(k, v);
  for (const c of upstream.headers.getSetCookie()) out.append('set-cookie', c);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
};

/** Form posts must come from this site (SvelteKit's own check is off: see vite.config.ts). */
const csrf: Handle = ({ event, resolve }) => {
  if (!event.url.pathname.startsWith('/api/') && isCrossSiteForm(event.request.method, event.request.headers, ORIGIN ?? PUBLIC_ORIGIN)) {
    return new Response(`Cross-site ${event.request.method} form submissions are forbidden`, { status: 403, headers: { 'content-type': 'text/plain' } });
  }
  return resolve(event);
};

/** Headers every page of the site carries (the API sets its own on /api/*). */
const securityHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  if (!event.url.pathname.startsWith('/api/')) {
    response.headers.set('x-content-type-options', 'nosniff');
    response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
    response.headers.set('x-frame-options', 'DENY');
  }
  return response;
};

/** Enhanced form actions that fail answer 200 with the failure in the body: see action-status.ts. */
const actionFailuresAsOk: Handle = async ({ event, resolve }) => failureAsOk(event.request, await resolve(event));

/** Who is asking: the user, their organisation and role, from GET /api/v1/me with their cookie. */
const loadUser: Handle = async ({ event, resolve }) => {
  event.locals.api = apiFor(event);
  event.locals.me = null;
  if (SESSION_COOKIES.some((name) => event.cookies.get(name))) {
    const res = await event.locals.api.me();
    relayCookies(event.cookies, res);
    if (res.ok) event.locals.me = res.data;
    else if (res.status === 401) {
      // expired or revoked: forget the cookie so later requests do not ask again
      for (const name of SESSION_COOKIES) if (event.cookies.get(name)) event.cookies.delete(name, { path: '/', secure: name.startsWith('__Host-') });
    }
  }
  return resolve(event);
};

/** The language comes from the PARAGLIDE_LOCALE cookie, else Chinese; <html lang> follows it. The client code starts after the first paint (first-paint.ts). */
const i18n: Handle = ({ event, resolve }) =>
  paraglideMiddleware(event.request, ({ locale }) => {
    event.locals.locale = locale;
    return resolve(event, {
      transformPageChunk: ({ html }) => startClientAfterFirstPaint(html).replace('<html lang="zh-CN">', `<html lang="${locale}">`),
    });
  });

export const handle = sequence(proxyApi, securityHeaders, csrf, actionFailuresAsOk, i18n, loadUser);
