import { REGISTRABLE_ORG_KINDS, type RegistrableOrgKind, countyRequired } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { type Errors, check, countyRule, emailRule, newPasswordRule, phoneRule, textRule, usccRule } from '#lib/validation.ts';

/** Registration form fields, as named in the HTML form. */
export type RegisterField =
  | 'kind' | 'orgName' | 'uscc' | 'county' | 'contactName' | 'contactPhone' | 'email' | 'displayName' | 'password' | 'passwordConfirm';

/** The rules of the registration form; county only counts for the kinds that work in one of the city's counties. */
export function registerErrors(v: Record<RegisterField, string>): Errors<RegisterField> {
  return check<RegisterField>(
    {
      kind: (k) => (isRegistrable(k) ? null : m.v_kind()),
      orgName: textRule(2, 100),
      uscc: usccRule,
      county: (c) => (isRegistrable(v.kind) && countyRequired(v.kind) ? countyRule(c) : null),
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

/** Whether the form's kind is one a person may register. */
export const isRegistrable = (k: string): k is RegistrableOrgKind => (REGISTRABLE_ORG_KINDS as readonly string[]).includes(k);
