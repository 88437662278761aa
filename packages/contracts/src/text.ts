import { z } from 'zod';
import { hiddenCharacterProblem, stripZeroWidth } from './hidden-characters.ts';

const refuseHidden = (kind: 'line' | 'text') => (value: string, ctx: z.RefinementCtx) => {
  const problem = hiddenCharacterProblem(value, kind);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** One line of text (a name, a title, a tag): zero-width characters removed, trimmed, `min`–`max` long, no control characters. */
export const singleLine = (min: number, max: number) =>
  z.string().overwrite(stripZeroWidth).trim().min(min).max(max).superRefine(refuseHidden('line'));

/** Text of several lines (a reason, a question): trimmed, `min`–`max` long, no control characters but tab and line breaks. */
export const multiLine = (min: number, max: number) => z.string().trim().min(min).max(max).superRefine(refuseHidden('text'));

/** Long text kept as typed (Markdown descriptions, proposals): at most `max` long, no control characters but tab and line breaks. */
export const longText = (max: number) => z.string().max(max).superRefine(refuseHidden('text'));
