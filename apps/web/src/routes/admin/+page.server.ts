import { DESK_QUEUES, TARGET_HOURS_MAX, TARGET_HOURS_MIN } from '@annex/domain';
import { fail } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

/** The secretariat's desk: every queue with its count, its oldest items and their colour against the targets. */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  return { desk: must(await locals.api.desk(), cookies, url), saved: url.searchParams.get('saved') === '1' };
};

export const actions: Actions = {
  /** The service-level targets (hours per queue); a field left as it was is sent anyway (the API ignores no-ops). */
  targets: async ({ locals, request, url, cookies }) => {
    requireMe(locals, url, ['secretariat']);
    const f = await request.formData();
    const targets: Record<string, number> = {};
    const errors: Record<string, string> = {};
    for (const q of DESK_QUEUES) {
      const raw = String(f.get(q) ?? '').trim();
      if (raw === '') continue;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < TARGET_HOURS_MIN || n > TARGET_HOURS_MAX) errors[q] = raw;
      else targets[q] = n;
    }
    if (Object.keys(errors).length > 0) return fail(400, { errors, values: Object.fromEntries(f) as Record<string, string> });
    const res = await locals.api.setServiceLevels({ targets });
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds), values: Object.fromEntries(f) as Record<string, string> });
    return { saved: true };
  },
};
