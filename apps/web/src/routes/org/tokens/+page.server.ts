import { MAX_LIVE_TOKENS, canManageTokens } from '@annex/domain';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { beijingDate, problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { listPage, must, requireMe } from '#lib/server/page.ts';
import { type TokenFormErrors, type TokenFormValues, readTokenForm, tokenFormErrors, tokenRequest } from './form.ts';
import type { Actions, PageServerLoad } from './$types';

/** A new token lives 90 days unless its creator picks otherwise. */
const DEFAULT_LIFETIME_MS = 90 * 86_400_000;

/** Owners of an organisation that may have tokens (the domain's rule); anyone else gets the page's 403. */
function requireOwner(locals: App.Locals, url: URL) {
  const me = requireMe(locals, url);
  if (!canManageTokens({ kind: me.organisation.kind, role: me.role })) error(403, m.tok_owner_only());
  return me;
}

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireOwner(locals, url);
  const list = must(await locals.api.apiTokens(), cookies, url);
  const find = (key: string) => list.items.find((t) => t.id === url.searchParams.get(key)) ?? null;
  const usageOf = find('usage');
  const cursor = url.searchParams.get('cursor');
  const usage = usageOf ? listPage(await locals.api.apiTokenUsage(usageOf.id, { cursor, limit: 50 }), cookies, url) : null;
  const now = new Date();
  return {
    items: list.items,
    live: list.items.filter((t) => t.status === 'live').length,
    maxLive: MAX_LIVE_TOKENS,
    // the revoke dialog opens from the URL, so it works without JavaScript
    revoking: find('revoke'),
    usageOf,
    usage,
    cursor,
    revokedName: url.searchParams.get('done') === 'revoked' ? (url.searchParams.get('name') ?? '').slice(0, 80) : null,
    today: beijingDate(now),
    defaultExpiry: beijingDate(new Date(now.getTime() + DEFAULT_LIFETIME_MS)),
    latestExpiry: beijingDate(now, 1),
  };
};

const failCreate = (status: number, values: TokenFormValues, errors: TokenFormErrors, formError: string | null = null) =>
  fail(status, { create: { values, errors, formError } });

export const actions: Actions = {
  create: async ({ request, locals, cookies, url }) => {
    requireOwner(locals, url);
    const values = readTokenForm(await request.formData());
    const errors = tokenFormErrors(values, new Date());
    if (Object.keys(errors).length > 0) return failCreate(400, values, errors);
    const res = await locals.api.createApiToken(tokenRequest(values));
    relayCookies(cookies, res);
    if (!res.ok) return failCreate(res.status, values, {}, problemMessage(res.problem, res.retryAfterSeconds));
    // the secret goes into this answer only: never into the address, a cookie or a log
    return { created: { id: res.data.token.id, name: res.data.token.name, secret: res.data.secret } };
  },

  revoke: async ({ request, locals, cookies, url }) => {
    requireOwner(locals, url);
    const data = await request.formData();
    const id = typeof data.get('id') === 'string' ? (data.get('id') as string) : '';
    const res = await locals.api.revokeApiToken(id);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/org/tokens?${new URLSearchParams({ done: 'revoked', name: res.data.name })}`);
  },
};
