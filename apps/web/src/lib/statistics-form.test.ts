import type { Problem } from '@annex/contracts';
import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { checkValues, errorsFromProblem, figuresOf, readReportForm, valuesOf } from '#lib/statistics-form.ts';
import { issueText } from '#lib/statistics-text.ts';

const firm = {
  practitioners: '120', practitionersInCity: '100', localPractitioners: '85', revenueFen: '3,600,000.50', annotationRevenueFen: '3000000',
  trainedPreJob: '', trainedCertified: '', aboveDesignatedSize: 'yes', reason: '',
};

describe('the quarterly report form', () => {
  it('reads money in 元 as fen, counts as numbers, 规上 as yes/no, blanks as not stated', () => {
    const f = new FormData();
    for (const [k, v] of Object.entries(firm)) f.set(k, v);
    const { figures, inputErrors } = figuresOf(readReportForm(f));
    expect(inputErrors).toEqual({});
    expect(figures).toEqual({
      practitioners: 120, practitionersInCity: 100, localPractitioners: 85, revenueFen: 360_000_050, annotationRevenueFen: 300_000_000,
      trainedPreJob: null, trainedCertified: null, aboveDesignatedSize: true,
    });
    // and back: a correction starts from the figures as they were filed
    expect(valuesOf(figures)).toEqual({ ...firm, revenueFen: '3600000.50' });
  });

  it('shows the domain’s errors per field: of-which above its total, a fraction, a required figure, a bad amount', () => {
    const { errors, warnings } = checkValues('annotation_firm', { ...firm, localPractitioners: '101', trainedPreJob: '1.5', aboveDesignatedSize: '', revenueFen: '12元' }, null, false);
    expect(errors).toEqual({
      localPractitioners: issueText({ field: 'localPractitioners', code: 'exceeds_total', params: { total: 100, totalField: 'practitionersInCity' } }),
      trainedPreJob: m.st_e_not_a_count(),
      aboveDesignatedSize: m.st_e_required(),
      revenueFen: m.st_e_money(),
    });
    expect(warnings).toEqual([]);
  });

  it('passes plausibility warnings through without blocking, and asks a correction for its reason', () => {
    // ¥36,000.01 for 120 people: ¥300 a head, below the ¥10,000 the domain finds plausible
    const low = { ...firm, revenueFen: '36000.01', annotationRevenueFen: '30000' };
    const first = checkValues('annotation_firm', low, null, false);
    expect(first.errors).toEqual({});
    expect(first.warnings.map((w) => w.code)).toEqual(['revenue_per_practitioner_low']);
    // a correction needs its reason; against last quarter's 60 people, 120 is a jump of +100 %
    const previous = { ...figuresOf(firm).figures, practitioners: 60 };
    const correction = checkValues('annotation_firm', firm, previous, true);
    expect(correction.errors).toEqual({ reason: m.st_e_reason() });
    expect(correction.warnings).toEqual([expect.objectContaining({ field: 'practitioners', code: 'jump_from_previous', params: { previous: 60, percent: 100 } })]);
  });

  it('takes a training institution’s own required fields from the domain', () => {
    const blank = valuesOf(null);
    expect(Object.keys(checkValues('training_institution', blank, null, false).errors).sort()).toEqual(['trainedCertified', 'trainedPreJob']);
    expect(checkValues('training_institution', { ...blank, trainedPreJob: '40', trainedCertified: '12' }, null, false).errors).toEqual({});
  });

  it('puts the API’s field errors under their fields', () => {
    const problem = {
      type: 'about:blank', title: 'report_invalid', status: 422, code: 'report_invalid', detail: '', requestId: '',
      errors: [{ path: 'practitioners', message: 'required: required for your kind of organisation' }, { path: 'other', message: 'x' }],
    } as Problem;
    expect(errorsFromProblem(problem)).toEqual({ practitioners: m.st_e_required() });
  });
});
