import { m } from '#lib/paraglide/messages.js';
import { type Errors, check, countyRule, emailRule, newPasswordRule, phoneRule, textRule, usccRule } from '#lib/validation.ts';

/** Registration form fields, as named in the HTML form. */
export type RegisterField =
  | 'kind' | 'orgName' | 'uscc' | 'county' | 'contactName' | 'contactPhone' | 'email' | 'displayName' | 'password' | 'passwordConfirm';

/** The rules of the registration form; county only counts for vendors. */
export function registerErrors(v: Record<RegisterField, string>): Errors<RegisterField> {
  return check<RegisterField>(
    {
      kind: (k) => (k === 'buyer' || k === 'vendor' ? null : m.v_kind()),
      orgName: textRule(2, 100),
      uscc: usccRule,
      county: (c) => (v.kind === 'vendor' ? countyRule(c) : null),
      contactName: textRule(1, 60),
      contactPhone: phoneRule,
      email: emailRule,
      displayName: textRule(1, 60),
      password: newPasswordRule,
      passwordConfirm: (c) => (c === '' ? m.v_required() : c !== v.password ? m.v_password_mismatch() : null),
    },
    v,
  );
}
