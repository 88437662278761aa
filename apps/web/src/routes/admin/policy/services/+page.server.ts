import { SERVICE_STATUSES, type ServiceStatus } from '@annex/domain';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const s = url.searchParams.get('status');
  const status: ServiceStatus = (SERVICE_STATUSES as readonly (string | null)[]).includes(s) ? (s as ServiceStatus) : 'published';
  const cursor = url.searchParams.get('cursor');
  return { status, cursor, done: url.searchParams.get('done'), ...listPage(await locals.api.policyServices({ status, cursor, limit: 50 }), cookies, url) };
};

export const actions: Actions = {
  /** Publish a draft or an archived service, or archive a published one. */
  status: async ({ locals, request, cookies }) => {
    if (locals.me?.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const data = await request.formData();
    const id = data.get('serviceId');
    const step = data.get('step');
    if (typeof id !== 'string' || (step !== 'publish' && step !== 'archive')) return fail(400, { statusError: m.err_validation_failed() });
    const res = await locals.api.setPolicyServiceStatus(id, step);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { statusError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/admin/policy/services?status=${res.data.status}&done=${step}`);
  },
};
