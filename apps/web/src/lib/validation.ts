import { EMAIL_MAX_LENGTH, EMAIL_PATTERN, findHiddenCharacter, PHONE_PATTERN, stripZeroWidth } from '@annex/contracts';
import { COUNTY_CODES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type UsccProblem, parseUscc } from '@annex/domain';
import { formatNumber } from '#lib/i18n.ts';
import { m } from '#lib/paraglide/messages.js';

/** A field's error message in the user's language, or null when the value is fine. */
export type Rule = (value: string) => string | null;
export type Errors<F extends string> = Partial<Record<F, string>>;

/** Runs each field's rule; the result holds only the fields that fail. */
export function check<F extends string>(rules: Record<F, Rule>, values: Record<F, string>): Errors<F> {
  const out: Errors<F> = {};
  for (const f of Object.keys(rules) as F[]) {
    const e = rules[f](values[f] ?? '');
    if (e) out[f] = e;
  }
  return out;
}

export const required = (v: string) => (v.trim() === '' ? m.v_required() : null);

/** The contracts refuse invisible direction and control characters (see findHiddenCharacter): say which one. */
const hiddenCharacterRule =
  (kind: 'line' | 'text'): Rule =>
  (v) => {
    const hidden = findHiddenCharacter(v, kind);
    return hidden ? m.v_hidden_character({ char: hidden.codePoint }) : null;
  };

/** A reason for a binding decision: 2 to `max` characters after trimming; blank is fine unless required. */
export const reasonRule =
  (opts: { required: boolean; max: number }): Rule =>
  (v) => {
    const t = v.trim();
    if (t === '') return opts.required ? m.v_reason_required() : null;
    if (t.length < 2) return m.v_too_short({ min: 2 });
    if (t.length > opts.max) return m.v_too_long({ max: opts.max });
    return hiddenCharacterRule('text')(t);
  };

/** One line, trimmed and without zero-width characters, between min and max long: the bounds the contracts use. */
export const textRule =
  (min: number, max: number): Rule =>
  (v) => {
    const t = stripZeroWidth(v).trim();
    if (t === '') return m.v_required();
    if (t.length < min) return m.v_too_short({ min });
    if (t.length > max) return m.v_too_long({ max });
    return hiddenCharacterRule('line')(t);
  };

/** The contracts' phone pattern, without loading zod into the page. */
export const phoneRule: Rule = (v) => {
  if (v.trim() === '') return m.v_required();
  return PHONE_PATTERN.test(v.trim()) ? null : m.v_phone();
};

/** The contracts' e-mail rule, without loading zod into the page. */
export const emailRule: Rule = (v) => {
  const email = v.trim();
  if (email === '') return m.v_required();
  return email.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(email) ? null : m.v_email();
};

export const newPasswordRule: Rule = (v) => {
  if (v === '') return m.v_required();
  if (v.length < PASSWORD_MIN_LENGTH) return m.v_password_short({ min: PASSWORD_MIN_LENGTH });
  if (v.length > PASSWORD_MAX_LENGTH) return m.v_too_long({ max: PASSWORD_MAX_LENGTH });
  return null;
};

export const countyRule: Rule = (v) => ((COUNTY_CODES as readonly string[]).includes(v) ? null : m.v_county());

/** Integer within a range, for counts typed into number fields; a number out of range is told its bound, not "whole number". */
export const intRule =
  (min: number, max: number, optional = false): Rule =>
  (v) => {
    const t = v.trim().replace(/^[−－]/, '-');
    if (t === '') return optional ? null : m.v_required();
    if (!/^-?\d+(\.\d+)?$/.test(t)) return m.v_integer();
    const n = Number(t);
    if (n < min) return m.v_at_least({ min });
    if (n > max) return m.v_at_most({ max: formatNumber(max) });
    return Number.isInteger(n) ? null : m.v_integer();
  };

const USCC_PROBLEM: Record<UsccProblem, () => string> = {
  empty: m.v_required,
  length: m.uscc_length,
  characters: m.uscc_characters,
  division: m.uscc_division,
  checksum: m.uscc_checksum,
};

/** The message for a USCC rule, shared by the inline check and the form. */
export function usccProblemMessage(problem: UsccProblem): string {
  return USCC_PROBLEM[problem]();
}

export const usccRule: Rule = (v) => {
  const r = parseUscc(v);
  return r.ok ? null : usccProblemMessage(r.problem);
};

/** Reads named string fields from a submitted form; missing ones become ''. */
export function readFields<F extends string>(data: FormData, fields: readonly F[]): Record<F, string> {
  const out = {} as Record<F, string>;
  for (const f of fields) {
    const v = data.get(f);
    out[f] = typeof v === 'string' ? v : '';
  }
  return out;
}
