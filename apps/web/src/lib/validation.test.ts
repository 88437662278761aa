import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { Email, Phone } from '@annex/contracts';
import { emailRule, intRule, phoneRule, usccRule } from './validation.ts';

describe('usccRule', () => {
  it('checks the USCC with the domain rules, full-width input included', () => {
    expect(usccRule('９１４４０３００１０００１６８６ｘａ')).toBeNull();
    expect(usccRule('9144030010001686XB')).toBe(m.uscc_checksum());
    expect(usccRule('91440300')).toBe(m.uscc_length());
  });
});

describe('emailRule', () => {
  it('agrees with the contracts’ Email schema without loading zod', () => {
    const long = `${'a'.repeat(64)}@${'b'.repeat(185)}.cn`; // 254 characters
    for (const email of ['zhang.san@annex.cn', ' Li+bids@Example.COM ', 'a@b.cn', 'a..b@annex.cn', '.a@annex.cn', 'a@annex', 'a@-annex.cn', '张三@annex.cn', long, `x${long}`, '']) {
      expect(emailRule(email) === null, email).toBe(email.trim() !== '' && Email.safeParse(email).success);
    }
  });
});

describe('phoneRule', () => {
  it('agrees with the contracts’ Phone schema without loading zod', () => {
    for (const phone of ['13812345678', ' +86 13812345678 ', '0635-8210000', '06358210000-12', '12812345678', '8210000', '0635-82100', '']) {
      expect(phoneRule(phone) === null, phone).toBe(phone.trim() !== '' && Phone.safeParse(phone).success);
    }
  });
});

describe('intRule', () => {
  const quantity = intRule(1, 1_000_000);
  it.each([
    ['-5', m.v_at_least({ min: 1 })],
    ['−5', m.v_at_least({ min: 1 })],
    ['0', m.v_at_least({ min: 1 })],
    ['2000000', m.v_at_most({ max: '1,000,000' })],
    ['2.5', m.v_integer()],
    ['abc', m.v_integer()],
    ['', m.v_required()],
    [' 42 ', null],
  ])('%s → %s', (typed, message) => expect(quantity(typed)).toBe(message));
  it('lets an optional count stay empty', () => expect(intRule(0, 10, true)('')).toBeNull());
});
