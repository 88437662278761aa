import { fail, redirect } from '@sveltejs/kit';
import { ANNOUNCEMENT_FIELDS, announcementBody, errorsFrom, readAnnouncement } from '#lib/alliance-form.ts';
import { fromBeijingInput, problemMessage } from '#lib/i18n.ts';
import { m } from '#lib/paraglide/messages.js';
import { relayCookies } from '#lib/server/api.ts';
import { must, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['saved', 'published', 'scheduled', 'unpublished'] as const;
const isIn = <T extends string>(xs: readonly T[], s: string | null): s is T => (xs as readonly (string | null)[]).includes(s);

// /admin/announcements/new and /admin/announcements/{id}: write, publish (now or at a time), take down.
export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const announcement = params.id === 'new' ? null : must(await locals.api.announcement(params.id), cookies, url);
  const done = url.searchParams.get('done');
  return { announcement, done: isIn(DONE, done) ? done : null };
};

export const actions: Actions = {
  save: async ({ locals, params, request, cookies }) => {
    const { values, errors } = readAnnouncement(await request.formData());
    if (Object.keys(errors).length) return fail(400, { values, errors, formError: m.err_validation_failed() });
    const body = announcementBody(values);
    const res = params.id === 'new' ? await locals.api.createAnnouncement(body) : await locals.api.updateAnnouncement(params.id, body);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { values, errors: errorsFrom(res.problem, ANNOUNCEMENT_FIELDS), formError: problemMessage(res.problem) });
    redirect(303, `/admin/announcements/${res.data.id}?done=saved`);
  },
  publish: async ({ locals, params, request, cookies }) => {
    const at = ((await request.formData()).get('at') ?? '').toString();
    const when = at.trim() ? fromBeijingInput(at) : null;
    if (at.trim() && !when) return fail(400, { publishError: m.adm_f_times_invalid(), at });
    const res = await locals.api.publishAnnouncement(params.id, when);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { publishError: problemMessage(res.problem), at });
    redirect(303, `/admin/announcements/${params.id}?done=${res.data.status === 'scheduled' ? 'scheduled' : 'published'}`);
  },
  unpublish: async ({ locals, params, cookies }) => {
    const res = await locals.api.unpublishAnnouncement(params.id);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { publishError: problemMessage(res.problem), at: '' });
    redirect(303, `/admin/announcements/${params.id}?done=unpublished`);
  },
};
