import { entryInput } from '#lib/catalogue-form.ts';
import { afterSave, readEditor } from '#lib/server/catalogue-editor.ts';
import { must, newKey, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  return { agencies: must(await locals.api.agencies(), cookies, url).items, idempotencyKey: newKey() };
};

export const actions: Actions = {
  create: async ({ request, locals, url, cookies }) => {
    requireMe(locals, url, ['secretariat']);
    const data = await request.formData();
    const { values, failure } = readEditor(data);
    if (failure) return failure;
    const key = data.get('idempotencyKey');
    const res = await locals.api.createCatalogueEntry(entryInput(values), typeof key === 'string' && key ? key : undefined);
    return afterSave(res, values, cookies, 'created');
  },
};
