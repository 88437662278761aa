import type { ApiResult } from '@annex/api-client';
import type { CatalogueEntry } from '@annex/contracts';
import { fail, redirect } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { catalogueEntryHref } from '#lib/catalogue-search.ts';
import { type EntryField, type EntryValues, entryErrors, entryFieldOfPath, readEntry } from '#lib/catalogue-form.ts';
import { m } from '#lib/paraglide/messages.js';
import { relayCookies } from '#lib/server/api.ts';
import type { Errors } from '#lib/validation.ts';
import type { Cookies } from '@sveltejs/kit';

/** The editor's posted values, or the failure that shows them again with what is wrong. */
export function readEditor(data: FormData) {
  const values = readEntry(data);
  const errors = entryErrors(values);
  return Object.keys(errors).length > 0 ? { values, failure: fail(400, { values, errors, formError: null as string | null }) } : { values, failure: null };
}

/** After the API answered a save: the entry page, or the editor again with the API's problem beside its fields. */
export function afterSave(res: ApiResult<CatalogueEntry>, values: EntryValues, cookies: Cookies, done: 'created' | 'saved') {
  relayCookies(cookies, res);
  if (res.ok) redirect(303, `${catalogueEntryHref(res.data.code)}?done=${done}`);
  const errors: Errors<EntryField> = {};
  for (const e of res.problem.errors ?? []) {
    const f = entryFieldOfPath(e.path);
    if (f) errors[f] = res.problem.code === 'catalogue_code_taken' ? m.cat_err_code_taken() : m.v_check_field();
  }
  return fail(res.status, { values, errors, formError: problemMessage(res.problem, res.retryAfterSeconds) });
}
