import type { ApiResult } from '@annex/api-client';
import type { Me } from '@annex/contracts';
import type { OrgKind } from '@annex/domain';
import { type Cookies, error, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';

/** The signed-in user, or a redirect to the login page that comes back here. */
export function requireMe(locals: App.Locals, url: URL, kinds?: readonly OrgKind[]): Me {
  if (!locals.me) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  if (kinds && !kinds.includes(locals.me.organisation.kind)) error(403, m.err_forbidden());
  return locals.me;
}

/** An expired session goes to the login page, which comes back here. */
function loginAgainOn401(res: ApiResult<unknown>, url: URL): void {
  if (!res.ok && res.status === 401) redirect(303, `/login?expired=1&next=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * The data of an API answer a page cannot do without: relays cookies, sends an expired session to the
 * login page, and turns other problems into the error page (404 stays 404).
 */
export function must<T>(res: ApiResult<T>, cookies: Cookies, url: URL): T {
  relayCookies(cookies, res);
  if (res.ok) return res.data;
  loginAgainOn401(res, url);
  error(res.status === 404 || res.status === 403 ? res.status : res.status >= 500 ? 503 : res.status, problemMessage(res.problem, res.retryAfterSeconds));
}

/**
 * One page of a list a page shows: its items and next cursor, or none and the problem in the user's language
 * (shown in place of the list). Relays cookies; an expired session goes to the login page.
 */
export function listPage<T>(
  res: ApiResult<{ items: T[]; nextCursor: string | null }>, cookies: Cookies, url: URL,
): { items: T[]; nextCursor: string | null; listError: string | null } {
  relayCookies(cookies, res);
  if (res.ok) return { items: res.data.items, nextCursor: res.data.nextCursor, listError: null };
  loginAgainOn401(res, url);
  return { items: [], nextCursor: null, listError: problemMessage(res.problem, res.retryAfterSeconds) };
}

/** The data of an answer a page can show without (a side panel), or null. */
export function optional<T>(res: ApiResult<T>, cookies: Cookies): T | null {
  relayCookies(cookies, res);
  return res.ok ? res.data : null;
}

/** A fresh Idempotency-Key for a form that creates something: sent back with the post, so a repeat makes nothing new. */
export function newKey(): string {
  return crypto.randomUUID();
}
