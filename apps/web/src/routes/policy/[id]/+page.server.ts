import { fail, redirect } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, newKey, optional } from '#lib/server/page.ts';
import { reasonRule } from '#lib/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  const [service, versions] = await Promise.all([
    locals.api.policyService(params.id).then((r) => must(r, cookies, url)),
    locals.api.policyServiceVersions(params.id).then((r) => optional(r, cookies)),
  ]);
  return { service, versions: versions?.items ?? [], act: url.searchParams.get('act') === 'open' ? ('open' as const) : null, key: newKey() };
};

export const actions: Actions = {
  /** A member firm opens a case for the service; the case page is where it goes on. */
  open: async ({ locals, params, request, cookies }) => {
    if (!locals.me) redirect(303, `/login?next=${encodeURIComponent(`/policy/${params.id}?act=open`)}`);
    const data = await request.formData();
    const note = typeof data.get('note') === 'string' ? (data.get('note') as string) : '';
    const error = reasonRule({ required: false, max: 2000 })(note);
    if (error) return fail(400, { note, error, formError: null as string | null });
    const key = data.get('idempotencyKey');
    const res = await locals.api.openPolicyCase(params.id, note.trim(), typeof key === 'string' && key ? key : undefined);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { note, error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/policy/cases/${res.data.id}?done=opened`);
  },
};
