import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { entryPatch } from '#lib/catalogue-form.ts';
import { afterSave, readEditor } from '#lib/server/catalogue-editor.ts';
import { must, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entry being edited: the secretariat's, by code or id. */
async function entryOf(e: Pick<RequestEvent, 'locals' | 'params' | 'url' | 'cookies'>) {
  requireMe(e.locals, e.url, ['secretariat']);
  const res = UUID.test(e.params.ref) ? await e.locals.api.catalogueEntry(e.params.ref) : await e.locals.api.catalogueEntryByCode(e.params.ref);
  const entry = must(res, e.cookies, e.url);
  if (!entry.permissions.edit) error(403, m.err_forbidden());
  return entry;
}

export const load: PageServerLoad = async (e) => {
  const [entry, agencies] = await Promise.all([entryOf(e), e.locals.api.agencies()]);
  return { entry, agencies: must(agencies, e.cookies, e.url).items };
};

export const actions: Actions = {
  save: async (e) => {
    const entry = await entryOf(e);
    const data = await e.request.formData();
    const { values, failure } = readEditor(data);
    if (failure) return failure;
    // the version the editor was opened with: a change made meanwhile by someone else is refused, not overwritten
    const version = Number(data.get('version'));
    const patch = entryPatch(values, entry);
    const res = await e.locals.api.updateCatalogueEntry(entry.id, { ...patch, version: Number.isInteger(version) && version > 0 ? version : entry.version });
    return afterSave(res, values, e.cookies, 'saved');
  },
};
