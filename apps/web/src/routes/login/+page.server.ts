import { LoginRequest } from '@annex/contracts';
import { fail, redirect } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { safeNext } from '#lib/server/safe-next.ts';
import { readFields } from '#lib/validation.ts';
import { type LoginField, loginErrors } from './rules.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const next = url.searchParams.get('next');
  if (locals.me) redirect(303, safeNext(next, '/org'));
  return { next: next ?? '', registered: url.searchParams.has('registered'), expired: url.searchParams.has('expired') };
};

export const actions: Actions = {
  default: async ({ request, locals, cookies }) => {
    const data = await request.formData();
    const v = readFields(data, ['email', 'password'] as const satisfies readonly LoginField[]);
    const next = typeof data.get('next') === 'string' ? (data.get('next') as string) : '';
    const values = { email: v.email, password: '' };
    const errors = loginErrors(v);
    if (Object.keys(errors).length > 0) return fail(400, { values, errors, formError: null as string | null });

    const res = await locals.api.login(LoginRequest.parse(v));
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { values, errors: {}, formError: problemMessage(res.problem, res.retryAfterSeconds) });
    const home = res.data.organisation.kind === 'secretariat' ? '/admin/vendors' : '/org';
    redirect(303, safeNext(next, home));
  },
};
