import { fail } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, requireMe } from '#lib/server/page.ts';
import { readReviewForm } from '#lib/review-form.ts';
import type { Actions, PageServerLoad } from './$types';

// The two parties of a contract and the secretariat; the API answers 404 to everyone else.
export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  requireMe(locals, url);
  const [order, reviews] = await Promise.all([locals.api.order(params.id), locals.api.contractReviews(params.id)]);
  return { order: must(order, cookies, url), reviews: must(reviews, cookies, url), now: new Date().toISOString(), done: url.searchParams.get('done') };
};

export const actions: Actions = {
  submit: async ({ request, locals, params, cookies, url }) => {
    requireMe(locals, url, ['buyer', 'vendor']);
    const form = readReviewForm(await request.formData());
    if (!form.ok) return fail(400, { values: form.values, errors: form.errors, formError: null as string | null });
    const res = await locals.api.submitReview(params.id, form.value);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { values: form.values, errors: {}, formError: problemMessage(res.problem, res.retryAfterSeconds) });
    return { submitted: true };
  },
  reply: async ({ request, locals, params, cookies, url }) => {
    requireMe(locals, url, ['buyer', 'vendor']);
    const data = await request.formData();
    const side = data.get('side') === 'vendor' ? 'vendor' : 'buyer';
    const body = String(data.get('reply') ?? '').trim();
    if (body === '') return fail(400, { replyError: m.rv_body_required(), reply: body });
    const res = await locals.api.replyToReview(params.id, side, { body });
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { replyError: problemMessage(res.problem, res.retryAfterSeconds), reply: body });
    return { replied: true };
  },
};
