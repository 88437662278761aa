import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { reasonRule } from '#lib/validation.ts';
import { type RegisterField, registerErrors } from './rules.ts';

const valid: Record<RegisterField, string> = {
  kind: 'vendor',
  orgName: '聊城水城数标信息技术有限公司',
  uscc: '91440300192317458F',
  county: '371502',
  contactName: '王芳',
  contactPhone: '0635-8210000',
  email: 'Wang.Fang@Example.cn ',
  displayName: '王芳',
  password: 'a long pass phrase',
  passwordConfirm: 'a long pass phrase',
};

describe('registerErrors', () => {
  it('accepts a complete vendor registration', () => {
    expect(registerErrors(valid)).toEqual({});
  });
  it('names each field that is wrong, in the user language', () => {
    const e = registerErrors({ ...valid, orgName: ' x ', email: 'nope', contactPhone: '12345', password: 'short', passwordConfirm: 'other' });
    expect(e).toEqual({
      orgName: m.v_too_short({ min: 2 }),
      email: m.v_email(),
      contactPhone: m.v_phone(),
      password: m.v_password_short({ min: 8 }),
      passwordConfirm: m.v_password_mismatch(),
    });
    expect(e.email).toMatch(/电子邮箱/);
  });
  it('names an invisible direction or control character, and ignores zero-width ones', () => {
    const e = registerErrors({ ...valid, orgName: '聊城\u202E司公限有', contactName: '王\t芳', displayName: '王\u200b芳' });
    expect(e).toEqual({ orgName: m.v_hidden_character({ char: 'U+202E' }), contactName: m.v_hidden_character({ char: 'U+0009' }) });
    expect(e.orgName).toBe('请删除其中看不见的控制字符（U+202E）。');
    expect(reasonRule({ required: true, max: 500 })('第一行\n第二行')).toBeNull();
    expect(reasonRule({ required: true, max: 500 })('理由\u2066很充分')).toBe(m.v_hidden_character({ char: 'U+2066' }));
  });
  it('asks vendors, training institutions and base operators, not buyers, for their county', () => {
    for (const kind of ['vendor', 'training_institution', 'base_operator']) {
      expect(registerErrors({ ...valid, kind, county: '' }).county).toBe(m.v_county());
    }
    expect(registerErrors({ ...valid, kind: 'buyer', county: '' }).county).toBeUndefined();
  });
  it('takes only the kinds a person may register (not the secretariat)', () => {
    expect(registerErrors({ ...valid, kind: 'training_institution' })).toEqual({});
    expect(registerErrors({ ...valid, kind: 'secretariat' }).kind).toBe(m.v_kind());
  });
});
