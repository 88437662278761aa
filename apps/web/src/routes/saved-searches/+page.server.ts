import { SAVED_SEARCH_NAME_MAX } from '@annex/domain';
import { fail, redirect } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, requireMe } from '#lib/server/page.ts';
import { textRule } from '#lib/validation.ts';
import type { Actions, PageServerLoad } from './$types';

/** What the page confirms after a change (?done=…&name=…). */
const DONE = ['renamed', 'deleted', 'notify_on', 'notify_off'] as const;
export type Done = (typeof DONE)[number];

const idOf = (data: FormData) => (typeof data.get('id') === 'string' ? (data.get('id') as string) : '');
const back = (done: Done, name: string) => redirect(303, `/saved-searches?${new URLSearchParams({ done, name })}`);

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['vendor']);
  const list = must(await locals.api.savedSearches(), cookies, url);
  const done = url.searchParams.get('done');
  const find = (key: string) => list.items.find((x) => x.id === url.searchParams.get(key)) ?? null;
  return {
    items: list.items,
    // dialogs open from the URL, so they work without JavaScript
    renaming: find('rename'),
    deleting: find('delete'),
    done: (DONE as readonly (string | null)[]).includes(done) ? (done as Done) : null,
    doneName: url.searchParams.get('name')?.slice(0, SAVED_SEARCH_NAME_MAX) ?? '',
  };
};

export const actions: Actions = {
  notify: async ({ request, locals, cookies, url }) => {
    requireMe(locals, url, ['vendor']);
    const data = await request.formData();
    const notify = data.get('notify') === 'true';
    const res = await locals.api.updateSavedSearch(idOf(data), { notify });
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds) });
    back(notify ? 'notify_on' : 'notify_off', res.data.name);
  },

  rename: async ({ request, locals, cookies, url }) => {
    requireMe(locals, url, ['vendor']);
    const data = await request.formData();
    const name = typeof data.get('name') === 'string' ? (data.get('name') as string) : '';
    const nameError = textRule(1, SAVED_SEARCH_NAME_MAX)(name);
    if (nameError) return fail(400, { rename: { name, nameError, formError: null as string | null } });
    const res = await locals.api.updateSavedSearch(idOf(data), { name: name.trim() });
    relayCookies(cookies, res);
    if (!res.ok) {
      const message = problemMessage(res.problem, res.retryAfterSeconds);
      const onName = res.problem.code === 'saved_search_name_taken';
      return fail(res.status, { rename: { name, nameError: onName ? message : null, formError: onName ? null : message } });
    }
    back('renamed', res.data.name);
  },

  delete: async ({ request, locals, cookies, url }) => {
    requireMe(locals, url, ['vendor']);
    const data = await request.formData();
    const name = typeof data.get('name') === 'string' ? (data.get('name') as string) : '';
    const res = await locals.api.deleteSavedSearch(idOf(data));
    relayCookies(cookies, res);
    // already gone (another tab): the list no longer shows it either, which is what was asked
    if (!res.ok && res.status !== 404) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds) });
    back('deleted', name);
  },
};
