import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { type RegisterField, registerErrors, usccRule } from './validation.ts';

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
  it('asks vendors, not buyers, for their county', () => {
    expect(registerErrors({ ...valid, county: '' }).county).toBe(m.v_county());
    expect(registerErrors({ ...valid, kind: 'buyer', county: '' }).county).toBeUndefined();
  });
  it('checks the USCC with the domain rules, full-width input included', () => {
    expect(usccRule('９１４４０３００１０００１６８６ｘａ')).toBeNull();
    expect(usccRule('9144030010001686XB')).toBe(m.uscc_checksum());
    expect(usccRule('91440300')).toBe(m.uscc_length());
  });
});
