import { error, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { beijingDate } from '#lib/i18n.ts';
import { must, requireMe } from '#lib/server/page.ts';
import { saveService } from '#lib/server/service-save.ts';
import { draftOf } from '#lib/service-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const service = must(await locals.api.policyService(params.id), cookies, url);
  return { service, draft: draftOf(service), today: beijingDate(new Date()), done: url.searchParams.get('done') };
};

export const actions: Actions = {
  save: async ({ locals, request, cookies, params }) => {
    if (locals.me?.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const r = await saveService(locals, cookies, await request.formData(), params.id);
    if ('id' in r) redirect(303, `/admin/policy/services/${r.id}?done=saved`);
    return r;
  },
};
