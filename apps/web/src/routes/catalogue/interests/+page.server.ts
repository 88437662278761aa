import { fail, redirect } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

const HERE = '/catalogue/interests';

/** A vendor's interests in catalogue entries; `?withdraw=<entry id>` opens the withdrawal's dialog. */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['vendor']);
  const { items } = must(await locals.api.myCatalogueInterests(), cookies, url);
  const withdraw = url.searchParams.get('withdraw');
  return {
    items,
    target: items.find((i) => i.entryId === withdraw) ?? null,
    withdrawn: url.searchParams.get('done') === 'withdrawn',
  };
};

export const actions: Actions = {
  withdraw: async ({ locals, url, cookies, request }) => {
    requireMe(locals, url, ['vendor']);
    const entryId = (await request.formData()).get('entryId');
    if (typeof entryId !== 'string' || entryId === '') redirect(303, HERE);
    const res = await locals.api.deleteCatalogueInterest(entryId);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { formError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `${HERE}?done=withdrawn`);
  },
};
