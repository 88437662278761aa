import type { Problem } from '@annex/contracts';
import { type FilerKind, REPORT_FIELDS, type ReportField, type ReportFigures, type ReportIssue, checkReport, parseYuan } from '@annex/domain';
import { fenToYuanInput } from '#lib/i18n.ts';
import { m } from '#lib/paraglide/messages.js';
import { issueText } from '#lib/statistics-text.ts';

// The quarterly report's form: what was typed (kept on a refusal), the figures it stands for (money typed in 元,
// sent in fen), and the domain's own check of them (packages/domain checkReport) — the same function the API runs,
// so the page shows the errors that block and the warnings that do not before anything is sent.

export type ReportValues = Record<ReportField | 'reason', string>;
export const FORM_FIELDS = [...REPORT_FIELDS, 'reason'] as const;

const isMoney = (f: ReportField) => f.endsWith('Fen');

/** The form's values for a report's figures (a correction starts from the latest version); empty without one. */
export function valuesOf(f: ReportFigures | null): ReportValues {
  const out = { reason: '' } as ReportValues;
  for (const field of REPORT_FIELDS) {
    const v = f?.[field] ?? null;
    out[field] = v === null ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : isMoney(field) ? fenToYuanInput(v) : String(v);
  }
  return out;
}

/** The values of a posted form. */
export function readReportForm(data: FormData): ReportValues {
  const text = (k: string) => (typeof data.get(k) === 'string' ? (data.get(k) as string) : '');
  return Object.fromEntries(FORM_FIELDS.map((k) => [k, text(k)])) as ReportValues;
}

/**
 * The figures the values stand for. Counts go to the domain as typed numbers (it says what is not a whole number);
 * an amount that is not one in 元 is an input error of its own (the figure is then left unstated).
 */
export function figuresOf(v: ReportValues): { figures: ReportFigures; inputErrors: Partial<Record<ReportField, string>> } {
  const figures = {} as Record<ReportField, number | boolean | null>;
  const inputErrors: Partial<Record<ReportField, string>> = {};
  for (const field of REPORT_FIELDS) {
    const t = v[field].trim().replace(/[,，\s]/g, '');
    if (field === 'aboveDesignatedSize') figures[field] = t === 'yes' ? true : t === 'no' ? false : null;
    else if (t === '') figures[field] = null;
    else if (isMoney(field)) {
      const fen = parseYuan(t);
      if (fen === null) inputErrors[field] = m.st_e_money();
      figures[field] = fen;
    } else figures[field] = Number(t);
  }
  return { figures: figures as ReportFigures, inputErrors };
}

/** What the domain finds in the values: one error per field (blocking) and the plausibility warnings (not blocking). */
export function checkValues(
  kind: FilerKind, v: ReportValues, previous: ReportFigures | null, correcting: boolean,
): { errors: Partial<Record<ReportField | 'reason', string>>; warnings: ReportIssue[]; figures: ReportFigures } {
  const { figures, inputErrors } = figuresOf(v);
  const found = checkReport(kind, figures, previous);
  const errors: Partial<Record<ReportField | 'reason', string>> = {};
  for (const e of found.errors) errors[e.field] ??= issueText(e);
  Object.assign(errors, inputErrors);
  if (correcting) {
    // the contracts take 1 to 500 characters; a reason of one character explains nothing
    const reason = v.reason.trim();
    if (reason.length < 2 || reason.length > 500) errors.reason = m.st_e_reason();
  }
  const warnings = Object.keys(inputErrors).length ? [] : found.warnings;
  return { errors, warnings, figures };
}

/** The API's field errors (422 report_invalid: `path` the field, `message` starting with the rule's code) in words. */
export function errorsFromProblem(problem: Problem): Partial<Record<ReportField | 'reason', string>> {
  const out: Partial<Record<ReportField | 'reason', string>> = {};
  for (const e of problem.errors ?? []) {
    const field = e.path.split('.')[0] as ReportField | 'reason';
    if (!(FORM_FIELDS as readonly string[]).includes(field)) continue;
    const code = e.message.split(':')[0] as ReportIssue['code'];
    out[field] = field !== 'reason' && ['required', 'not_a_count'].includes(code) ? issueText({ field, code, params: {} }) : e.message;
  }
  return out;
}
