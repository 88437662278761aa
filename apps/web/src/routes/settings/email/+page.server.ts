import { fail } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, requireMe } from '#lib/server/page.ts';
import { changeCount, emailChanges, readEmailForm } from './form.ts';
import type { Actions, PageServerLoad } from './$types';

// The signed-in user's e-mail settings: the language of their e-mails and, per notification kind, off, at once or in
// the daily summary. The links of every e-mail's footer come here.

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url);
  return { prefs: must(await locals.api.emailPreferences(), cookies, url) };
};

export const actions: Actions = {
  save: async ({ request, locals, cookies, url }) => {
    requireMe(locals, url);
    const data = await request.formData();
    // compared with the settings in effect now, so only what the user changed is written
    const current = await locals.api.emailPreferences();
    relayCookies(cookies, current);
    if (!current.ok) return fail(current.status, { error: problemMessage(current.problem, current.retryAfterSeconds) });
    const body = emailChanges(current.data, readEmailForm(data, current.data.kinds.map((k) => k.kind)));
    if (!body) return { saved: 0 };
    const res = await locals.api.updateEmailPreferences(body);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds) });
    return { saved: changeCount(body) };
  },
};
