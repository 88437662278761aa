import { error, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { requireMe } from '#lib/server/page.ts';
import { saveService } from '#lib/server/service-save.ts';
import { draftOf } from '#lib/service-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  requireMe(locals, url, ['secretariat']);
  return { draft: draftOf(null) };
};

export const actions: Actions = {
  save: async ({ locals, request, cookies }) => {
    if (locals.me?.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const r = await saveService(locals, cookies, await request.formData(), null);
    if ('id' in r) redirect(303, `/admin/policy/services/${r.id}?done=created`);
    return r;
  },
};
