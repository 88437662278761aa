import { fail, redirect } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

/** The confirmations the preview page asks for (`?act=`), so they work without JavaScript too. */
const MODES = ['all', 'valid_only'] as const;
type Mode = (typeof MODES)[number];
const isMode = (s: unknown): s is Mode => (MODES as readonly unknown[]).includes(s);

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const preview = must(await locals.api.catalogueImport(params.id), cookies, url);
  const act = url.searchParams.get('act');
  return { preview, act: isMode(act) && !preview.confirmedAt ? act : null, done: url.searchParams.has('done'), now: new Date().toISOString() };
};

export const actions: Actions = {
  confirm: async ({ request, locals, url, params, cookies }) => {
    requireMe(locals, url, ['secretariat']);
    const mode = (await request.formData()).get('mode');
    if (!isMode(mode)) return fail(400, { error: null });
    const res = await locals.api.confirmCatalogueImport(params.id, mode);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/catalogue/import/${params.id}?done`);
  },
};
