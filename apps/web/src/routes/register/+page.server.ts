import { RegisterRequest } from '@annex/contracts';
import { countyRequired, parseUscc } from '@annex/domain';
import { fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { type Errors, readFields } from '#lib/validation.ts';
import { type RegisterField, isRegistrable, registerErrors } from './rules.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = [
  'kind', 'orgName', 'uscc', 'county', 'contactName', 'contactPhone', 'email', 'displayName', 'password', 'passwordConfirm',
] as const satisfies readonly RegisterField[];

/** Where a validation error the API reports by path belongs in this form. */
const PATH_TO_FIELD: Record<string, RegisterField> = {
  email: 'email',
  password: 'password',
  displayName: 'displayName',
  'organisation.kind': 'kind',
  'organisation.name': 'orgName',
  'organisation.uscc': 'uscc',
  'organisation.contactName': 'contactName',
  'organisation.contactPhone': 'contactPhone',
  'organisation.county': 'county',
};

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.me) redirect(303, '/org');
  const asked = url.searchParams.get('kind') ?? '';
  const kind = isRegistrable(asked) ? asked : 'vendor';
  return { kind };
};

export const actions: Actions = {
  default: async ({ request, locals, cookies }) => {
    const v = readFields(await request.formData(), FIELDS);
    // passwords are never sent back to the page
    const values = { ...v, password: '', passwordConfirm: '' };
    const errors = registerErrors(v);
    if (Object.keys(errors).length > 0) return fail(400, { values, errors, formError: null as string | null });

    const body = RegisterRequest.safeParse({
      email: v.email,
      password: v.password,
      displayName: v.displayName,
      organisation: {
        kind: v.kind,
        name: v.orgName,
        uscc: parseUscc(v.uscc).code,
        contactName: v.contactName,
        contactPhone: v.contactPhone,
        county: isRegistrable(v.kind) && countyRequired(v.kind) ? v.county : undefined,
      },
    });
    if (!body.success) return fail(400, { values, errors, formError: m.err_validation_failed() });

    const res = await locals.api.register(body.data);
    if (!res.ok) {
      const fieldErrors: Errors<RegisterField> = {};
      const p = res.problem;
      if (p.code === 'invalid_uscc') fieldErrors.uscc = m.err_invalid_uscc();
      else if (p.code === 'weak_password') fieldErrors.password = m.err_weak_password();
      for (const e of p.errors ?? []) {
        const f = PATH_TO_FIELD[e.path.replace(/^\//, '').replaceAll('/', '.')];
        if (f && !fieldErrors[f]) fieldErrors[f] = m.v_invalid();
      }
      const formError = Object.keys(fieldErrors).length > 0 ? null : problemMessage(p, res.retryAfterSeconds);
      return fail(res.status, { values, errors: fieldErrors, formError });
    }
    // the API answers alike whether or not it made the account (it tells nobody who is registered): signing in says
    const login = await locals.api.login({ email: body.data.email, password: body.data.password });
    relayCookies(cookies, login);
    if (login.ok) redirect(303, '/org?welcome=1');
    const formError = login.status === 401 ? m.register_not_created() : problemMessage(login.problem, login.retryAfterSeconds);
    return fail(login.status === 401 ? 409 : login.status, { values, errors: {} as Errors<RegisterField>, formError });
  },
};
