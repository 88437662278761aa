import { CURATION_ACTIONS, LISTING_KINDS } from '@annex/domain';
import { fail, redirect } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { paramIn } from '#lib/list-href.ts';
import { relayCookies } from '#lib/server/api.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import { safeNext } from '#lib/server/safe-next.ts';
import type { Actions, PageServerLoad } from './$types';

/** The listings the secretariat features or hides now, by kind and state; each opens its page. */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const kind = paramIn(LISTING_KINDS, url.searchParams.get('kind'));
  const state = paramIn(['featured', 'hidden'] as const, url.searchParams.get('state'));
  const cursor = url.searchParams.get('cursor');
  const page = listPage(await locals.api.curatedListings({ kind: kind ?? undefined, state: state ?? undefined, cursor, limit: 20 }), cookies, url);
  return { kind, state, cursor, ...page };
};

export const actions: Actions = {
  /** Features, unfeatures, hides or unhides the listing of the form; back to `next` (its page) when done. */
  curate: async ({ locals, request, url, cookies }) => {
    requireMe(locals, url, ['secretariat']);
    const f = await request.formData();
    const kind = paramIn(LISTING_KINDS, String(f.get('kind') ?? ''));
    const action = paramIn(CURATION_ACTIONS, String(f.get('action') ?? ''));
    const listingId = String(f.get('listingId') ?? '');
    const reason = String(f.get('reason') ?? '').trim();
    const next = safeNext(String(f.get('next') ?? ''), '/admin/curation');
    if (!kind || !action || !listingId) return fail(400, { error: 'bad_request', next, reason });
    if (!reason) return fail(400, { error: 'reason_required', next, reason });
    const res = await locals.api.curate({ kind, listingId, action, reason });
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds), next, reason });
    redirect(303, `${next}${next.includes('?') ? '&' : '?'}curated=${action}`);
  },
};
