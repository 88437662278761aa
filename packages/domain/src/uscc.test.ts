import { describe, expect, it } from 'vitest';
import { normaliseUscc, parseUscc, usccCheckCharacter } from './uscc.ts';

// Codes of listed companies, published in their annual reports.
const REAL = ['9144030010001686XA', '91440300192317458F', '91440300100012316L'];

describe('parseUscc', () => {
  it.each(REAL)('accepts the real code %s', (code) => {
    expect(parseUscc(code)).toEqual({ ok: true, code });
  });

  it('normalises full-width characters, lower case and spaces', () => {
    expect(normaliseUscc('９１４４０３００１０００１６８６ｘａ')).toBe('9144030010001686XA');
    expect(parseUscc(' 9144 0300 1000 1686xa ')).toEqual({ ok: true, code: '9144030010001686XA' });
  });

  it.each([
    ['', 'empty'],
    ['9144030010001686X', 'length'],
    ['9144030010001686XAA', 'length'],
    ['9144030010001686IA', 'characters'], // I is not in the alphabet
    ['91ABCDEF10001686XA', 'division'],
    ['9144030010001686XB', 'checksum'],
  ])('rejects %j (%s)', (input, problem) => {
    expect(parseUscc(input)).toMatchObject({ ok: false, problem });
  });

  it('rejects every single-character mutation of a real code', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (const code of REAL) {
      for (let i = 0; i < 18; i++) {
        for (const ch of alphabet) {
          if (ch === code[i]) continue;
          const mutated = code.slice(0, i) + ch + code.slice(i + 1);
          expect(parseUscc(mutated).ok, mutated).toBe(false);
        }
      }
    }
  });

  it('rejects swapped neighbours', () => {
    const code = '91440300192317458F';
    for (let i = 0; i < 16; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      expect(parseUscc(swapped).ok, swapped).toBe(false);
    }
  });

  it('computes the check character', () => {
    expect(usccCheckCharacter('9144030010001686X')).toBe('A');
  });
});
