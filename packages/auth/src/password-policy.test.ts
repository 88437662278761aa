import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, isCommonPassword } from './password-policy.ts';

const email = 'li.lei@example.cn';

describe('checkPasswordPolicy', () => {
  it.each([
    ['short7!', 'too_short'],
    ['x'.repeat(257), 'too_long'],
    ['password', 'common'],
    ['PassWord1', 'common'],
    ['12345678', 'common'],
    ['iloveyou', 'common'],
    ['li.lei@example.cn', 'equals_email'],
    ['LI.LEI@EXAMPLE.CN', 'equals_email'],
  ])('refuses %j (%s)', (password, problem) => {
    expect(checkPasswordPolicy(password, email)).toEqual({ ok: false, error: problem });
  });

  it.each(['correct horse battery', '标注平台口令安全长', 'x'.repeat(256), 'Tq7#mL2v'])('accepts %j', (password) => {
    expect(checkPasswordPolicy(password, email)).toEqual({ ok: true, value: null });
  });

  it('counts characters, not UTF-16 units', () => {
    // 7 emoji are 14 UTF-16 units but 7 characters
    expect(checkPasswordPolicy('🔑🔑🔑🔑🔑🔑🔑', email)).toEqual({ ok: false, error: 'too_short' });
  });
});

describe('isCommonPassword', () => {
  it('knows the top of the list and stops at 10,000', () => {
    expect(isCommonPassword('123456')).toBe(true);
    expect(isCommonPassword('dragon')).toBe(true);
    // rank 10,000 and beyond are not in the set: a long random string certainly is not
    expect(isCommonPassword('zq8-unlikely-passphrase')).toBe(false);
  });
});
