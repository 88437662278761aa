import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type Result, fail, ok } from '@annex/domain';
import { dictionary } from '@zxcvbn-ts/language-common';

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'equals_email';

/** The 10,000 most used passwords, from zxcvbn-ts's ranked list (all lower case). */
const COMMON_COUNT = 10_000;
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].slice(0, COMMON_COUNT));
  return common;
}

/** True when the password is among the 10,000 most common ones (case-insensitive). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** NIST 800-63B style rules: length, not a common password, not the e-mail address. */
export function checkPasswordPolicy(password: string, email: string): Result<null, PasswordProblem> {
  // count code points, so a Chinese passphrase is measured in characters, not UTF-16 units
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return fail('too_short');
  if (length > PASSWORD_MAX_LENGTH) return fail('too_long');
  if (isCommonPassword(password)) return fail('common');
  const lower = password.trim().toLowerCase();
  const mail = email.trim().toLowerCase();
  if (lower === mail || lower === mail.split('@')[0]) return fail('equals_email');
  return ok(null);
}

/** A sentence for the user about a rejected password. */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `the password needs at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: `the password may have at most ${PASSWORD_MAX_LENGTH} characters`,
  common: 'this password is among the 10,000 most common passwords; choose another',
  equals_email: 'the password must not be your e-mail address',
};
