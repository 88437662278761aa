import { MAX_IMPORT_BYTES } from '@annex/contracts';
import { fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  requireMe(locals, url, ['secretariat']);
  return {};
};

export const actions: Actions = {
  /** Without JavaScript: the file goes to the API from here (with JavaScript the page sends it itself, showing progress). */
  upload: async ({ request, locals, url, cookies }) => {
    requireMe(locals, url, ['secretariat']);
    const file = (await request.formData()).get('file');
    if (!(file instanceof File) || file.size === 0) return fail(400, { error: m.v_file_required() });
    if (file.size > MAX_IMPORT_BYTES) return fail(413, { error: m.cat_import_too_large({ mb: MAX_IMPORT_BYTES / 1024 / 1024 }) });
    const res = await locals.api.previewCatalogueImport(file, file.name);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/catalogue/import/${res.data.id}`);
  },
};
