// What people type is shown to other people: characters they cannot see must not change what is shown.

// Direction controls ("invoice", U+202E, "fdp.exe" shows as "invoiceexe.pdf"): embeddings, overrides,
// isolates and the marks that can do the same
const DIRECTION_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// C0 and C1 control characters; one line also refuses tab, line feed, carriage return and U+2028/U+2029
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const LINE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// several lines keep tab, line feed and carriage return
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const TEXT_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// invisible and meaningless in a name: zero-width space, non-joiner and joiner, word joiner, BOM, soft hyphen
const ZERO_WIDTH = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/** A character a person cannot see that would change how text is shown: a direction control or a control character. */
export type HiddenCharacter = { type: 'direction' | 'control'; codePoint: string };

/** The first hidden character of `value` that one line (`'line'`: names, titles, file names) or text of several lines may not hold. */
export function findHiddenCharacter(value: string, kind: 'line' | 'text'): HiddenCharacter | null {
  const found = DIRECTION_CONTROLS.exec(value) ?? (kind === 'line' ? LINE_CONTROLS : TEXT_CONTROLS).exec(value);
  if (!found) return null;
  const codePoint = `U+${(found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { type: DIRECTION_CONTROLS.test(found[0]) ? 'direction' : 'control', codePoint };
}

/** Why `value` may not be stored (see findHiddenCharacter), as a sentence after the field's name; null when it may. */
export function hiddenCharacterProblem(value: string, kind: 'line' | 'text'): string | null {
  const hidden = findHiddenCharacter(value, kind);
  if (!hidden) return null;
  if (hidden.type === 'direction') return `must not contain direction control characters (found ${hidden.codePoint})`;
  return kind === 'line'
    ? `must be a single line without control characters (found ${hidden.codePoint})`
    : `must not contain control characters (found ${hidden.codePoint})`;
}

/** Removes zero-width characters, which nobody sees but which make two equal-looking names differ. */
export const stripZeroWidth = (value: string): string => value.replace(ZERO_WIDTH, '');
