import { m } from '#lib/paraglide/messages.js';
import { type Errors, check, emailRule } from '#lib/validation.ts';

export type LoginField = 'email' | 'password';

/** The login form asks only for a well-formed e-mail and some password; the API judges the rest. */
export function loginErrors(v: Record<LoginField, string>): Errors<LoginField> {
  return check<LoginField>({ email: emailRule, password: (p) => (p === '' ? m.v_required() : null) }, v);
}
