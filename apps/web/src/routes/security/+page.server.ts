import { fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { type Errors, readFields } from '#lib/validation.ts';
import { type PasswordField, passwordErrors } from './rules.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['currentPassword', 'newPassword', 'newPasswordConfirm'] as const satisfies readonly PasswordField[];
const EMPTY = { currentPassword: '', newPassword: '', newPasswordConfirm: '' };

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  if (!locals.me) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  const res = await locals.api.sessions();
  relayCookies(cookies, res);
  if (!res.ok && res.status === 401) redirect(303, `/login?expired=1&next=${encodeURIComponent(url.pathname)}`);
  return {
    now: new Date().toISOString(),
    sessions: res.ok ? res.data.items : [],
    sessionsError: res.ok ? null : problemMessage(res.problem),
    revoke: url.searchParams.get('revoke'),
    revoked: url.searchParams.has('revoked'),
    passwordChanged: url.searchParams.has('passwordChanged'),
  };
};

export const actions: Actions = {
  password: async ({ request, locals, cookies }) => {
    const v = readFields(await request.formData(), FIELDS);
    const errors = passwordErrors(v);
    if (Object.keys(errors).length > 0) return fail(400, { password: { values: EMPTY, errors, formError: null as string | null } });
    const res = await locals.api.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
    relayCookies(cookies, res);
    if (!res.ok) {
      const fieldErrors: Errors<PasswordField> = {};
      if (res.problem.code === 'wrong_password') fieldErrors.currentPassword = m.err_wrong_password();
      else if (res.problem.code === 'weak_password') fieldErrors.newPassword = m.err_weak_password();
      const formError = Object.keys(fieldErrors).length > 0 ? null : problemMessage(res.problem, res.retryAfterSeconds);
      return fail(res.status, { password: { values: EMPTY, errors: fieldErrors, formError } });
    }
    // the API ended every session and set a new cookie: the page must load again with it, not with this request's
    redirect(303, '/security?passwordChanged=1');
  },

  revoke: async ({ request, locals, cookies }) => {
    const id = (await request.formData()).get('id');
    if (typeof id !== 'string' || id === '') return fail(400, { revokeError: m.err_validation_failed() });
    const res = await locals.api.revokeSession(id);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { revokeError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, '/security?revoked=1');
  },
};
