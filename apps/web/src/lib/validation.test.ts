import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { Phone } from '@annex/contracts';
import { phoneRule, usccRule } from './validation.ts';

describe('usccRule', () => {
  it('checks the USCC with the domain rules, full-width input included', () => {
    expect(usccRule('９１４４０３００１０００１６８６ｘａ')).toBeNull();
    expect(usccRule('9144030010001686XB')).toBe(m.uscc_checksum());
    expect(usccRule('91440300')).toBe(m.uscc_length());
  });
});

describe('phoneRule', () => {
  it('agrees with the contracts’ Phone schema without loading zod', () => {
    for (const phone of ['13812345678', ' +86 13812345678 ', '0635-8210000', '06358210000-12', '12812345678', '8210000', '0635-82100', '']) {
      expect(phoneRule(phone) === null, phone).toBe(phone.trim() !== '' && Phone.safeParse(phone).success);
    }
  });
});
