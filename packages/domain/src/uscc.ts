/**
 * Unified Social Credit Code (统一社会信用代码, GB 32100-2015).
 * 18 characters from a 31-character alphabet; the last one is a check character.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem = 'empty' | 'length' | 'characters' | 'division' | 'checksum';
export type UsccResult =
  | { ok: true; code: string }
  | { ok: false; code: string; problem: UsccProblem };

/** Full-width characters become half-width, letters upper case, spaces and dashes go. */
export function normaliseUscc(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(/[\s\-_]/g, '');
}

/** The check character the first 17 characters call for. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i] ?? '') * (WEIGHTS[i] ?? 0);
  return ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

/** Normalises and validates a USCC; says which rule failed. */
export function parseUscc(input: string): UsccResult {
  const code = normaliseUscc(input);
  if (code === '') return { ok: false, code, problem: 'empty' };
  if (code.length !== 18) return { ok: false, code, problem: 'length' };
  if (![...code].every((ch) => ALPHABET.includes(ch))) return { ok: false, code, problem: 'characters' };
  // characters 3–8 are the administrative division code, always digits
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, code, problem: 'division' };
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) return { ok: false, code, problem: 'checksum' };
  return { ok: true, code };
}
