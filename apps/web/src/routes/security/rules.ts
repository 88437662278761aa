import { m } from '#lib/paraglide/messages.js';
import { type Errors, check, newPasswordRule } from '#lib/validation.ts';

export type PasswordField = 'currentPassword' | 'newPassword' | 'newPasswordConfirm';

/** Change-password form: the new one follows the password policy and differs from the old one. */
export function passwordErrors(v: Record<PasswordField, string>): Errors<PasswordField> {
  return check<PasswordField>(
    {
      currentPassword: (p) => (p === '' ? m.v_required() : null),
      newPassword: (p) => newPasswordRule(p) ?? (p === v.currentPassword ? m.v_password_same() : null),
      newPasswordConfirm: (p) => (p === '' ? m.v_required() : p !== v.newPassword ? m.v_password_mismatch() : null),
    },
    v,
  );
}
