import { describe, expect, it } from 'vitest';
import { type FilerKind, type ReportFigures, allowedReportActions, checkFiling, checkReport, filerKindOf, statisticsRoleOf } from './report.ts';

// a firm of 100: 90 in Liaocheng, 72 of them local; ¥3,000,000 revenue (¥30,000 a head), ¥2,500,000 from annotation
const FIRM: ReportFigures = {
  practitioners: 100, practitionersInCity: 90, localPractitioners: 72, revenueFen: 300_000_000, annotationRevenueFen: 250_000_000,
  trainedPreJob: 12, trainedCertified: 0, aboveDesignatedSize: false,
};
const SCHOOL: ReportFigures = {
  practitioners: null, practitionersInCity: null, localPractitioners: null, revenueFen: null, annotationRevenueFen: null,
  trainedPreJob: 120, trainedCertified: 45, aboveDesignatedSize: null,
};
const codes = (kind: FilerKind, r: ReportFigures, prev: ReportFigures | null = null) => {
  const c = checkReport(kind, r, prev);
  return { errors: c.errors.map((e) => `${e.field}:${e.code}`), warnings: c.warnings.map((w) => `${w.field}:${w.code}`) };
};

describe('checkReport', () => {
  const cases: [string, FilerKind, Partial<ReportFigures>, string[], string[]][] = [
    ['a plausible firm report', 'annotation_firm', {}, [], []],
    ['training left out by a firm (optional)', 'annotation_firm', { trainedPreJob: null, trainedCertified: null }, [], []],
    ['a firm without its workforce', 'annotation_firm', { practitioners: null }, ['practitioners:required'], []],
    ['a firm without its 规上 status', 'annotation_firm', { aboveDesignatedSize: null }, ['aboveDesignatedSize:required'], []],
    ['in Liaocheng more than in total', 'annotation_firm', { practitionersInCity: 101 }, ['practitionersInCity:exceeds_total'], []],
    ['local more than in Liaocheng (though less than total)', 'annotation_firm', { localPractitioners: 95 }, ['localPractitioners:exceeds_total'], []],
    ['annotation revenue above revenue', 'annotation_firm', { annotationRevenueFen: 300_000_001 }, ['annotationRevenueFen:exceeds_total'], []],
    ['all equal is fine', 'annotation_firm', { practitionersInCity: 100, localPractitioners: 100, annotationRevenueFen: 300_000_000 }, [], []],
    ['a negative count', 'annotation_firm', { trainedPreJob: -1 }, ['trainedPreJob:not_a_count'], []],
    ['a fraction of a person', 'annotation_firm', { practitioners: 10.5 }, ['practitioners:not_a_count'], []],
    ['a fraction of a fen', 'annotation_firm', { revenueFen: 1.5 }, ['revenueFen:not_a_count'], []],
    ['a typing slip of a million people', 'annotation_firm', { practitioners: 1_000_001 }, ['practitioners:too_large'], []],
    // ¥3,000,000 ÷ 400 = ¥7,500 a head, under ¥10,000
    ['revenue per head low', 'annotation_firm', { practitioners: 400, practitionersInCity: 300, localPractitioners: 200 }, [], ['revenueFen:revenue_per_practitioner_low']],
    // ¥40,000,000 ÷ 100 = ¥400,000 a head, over ¥300,000
    ['revenue per head high', 'annotation_firm', { revenueFen: 4_000_000_000 }, [], ['revenueFen:revenue_per_practitioner_high']],
    ['no practitioners: no per-head warning', 'annotation_firm', { practitioners: 0, practitionersInCity: 0, localPractitioners: 0 }, [], []],
    ['a training institution with its trainees only', 'training_institution', SCHOOL, [], []],
    ['a training institution without its trainees', 'training_institution', { ...SCHOOL, trainedCertified: null }, ['trainedCertified:required'], []],
    [
      'an institution giving practitioners without the of-which figures', 'training_institution', { ...SCHOOL, practitioners: 20 },
      ['practitionersInCity:required', 'localPractitioners:required'], [],
    ],
    ['an institution giving annotation revenue without revenue', 'training_institution', { ...SCHOOL, annotationRevenueFen: 5 }, ['revenueFen:required'], []],
  ];
  it.each(cases)('%s', (_, kind, patch, errors, warnings) => {
    const base = kind === 'annotation_firm' ? FIRM : SCHOOL;
    expect(codes(kind, { ...base, ...patch })).toEqual({ errors, warnings });
  });

  it('warns of a jump of more than 50 % against the previous quarter, both ways, never blocking', () => {
    // 100 → 151 people (+51 %), revenue ¥3,000,000 → ¥1,400,000 (−53 %), annotation ¥2,500,000 → ¥1,250,000 (−50 %: not more)
    const prev = FIRM;
    const now = { ...FIRM, practitioners: 151, revenueFen: 140_000_000, annotationRevenueFen: 125_000_000 };
    const c = checkReport('annotation_firm', now, prev);
    expect(c.errors).toEqual([]);
    expect(c.warnings.filter((w) => w.code === 'jump_from_previous').map((w) => [w.field, w.params])).toEqual([
      ['practitioners', { previous: 100, percent: 51 }],
      ['revenueFen', { previous: 300_000_000, percent: -53 }],
    ]);
  });
  it('does not compare against a previous zero', () => {
    expect(codes('annotation_firm', FIRM, { ...FIRM, practitioners: 0, revenueFen: 0, annotationRevenueFen: 0 }).warnings).toEqual([]);
  });
  it('carries the numbers the message shows', () => {
    const c = checkReport('annotation_firm', { ...FIRM, practitionersInCity: 120 });
    expect(c.errors[0]).toEqual({ severity: 'error', field: 'practitionersInCity', code: 'exceeds_total', params: { total: 100, totalField: 'practitioners' } });
  });
});

describe('who files, and corrections', () => {
  it('maps organisation kinds to filer kinds', () => {
    expect(['vendor', 'training_institution', 'buyer', 'base_operator', 'secretariat'].map(filerKindOf)).toEqual([
      'annotation_firm', 'training_institution', null, null, null,
    ]);
  });
  it.each([
    ['a first filing in an open period', true, null, null, null],
    ['a correction with a reason', true, 1, '营业收入录入有误', null],
    ['a correction without a reason', true, 2, ' ', 'reason_required'],
    ['a filing in a closed period', false, null, null, 'period_closed'],
    ['a correction in a closed period', false, 1, '更正', 'period_closed'],
  ] as const)('%s', (_, periodOpen, latestVersion, reason, expected) => {
    expect(checkFiling({ periodOpen, latestVersion, reason })).toBe(expected);
  });
});

describe('who sees and acts on a report', () => {
  it.each([
    ['the member itself', { kind: 'vendor', orgId: 'A' }, 'filer'],
    ['a training institution itself', { kind: 'training_institution', orgId: 'A' }, 'filer'],
    ['another member', { kind: 'vendor', orgId: 'B' }, null],
    ['a buyer', { kind: 'buyer', orgId: 'B' }, null],
    ['the secretariat', { kind: 'secretariat' }, 'secretariat'],
    ['the public', { kind: 'public' }, null],
  ] as const)('%s', (_, viewer, expected) => expect(statisticsRoleOf('A', viewer)).toBe(expected));
  it.each([
    [true, false, 'filer', { file: true, correct: false }],
    [true, true, 'filer', { file: false, correct: true }],
    [false, true, 'filer', { file: false, correct: false }],
    [true, false, 'secretariat', { file: false, correct: false }],
  ] as const)('period open %s, filed %s, as %s', (periodOpen, filed, role, expected) => {
    expect(allowedReportActions({ periodOpen, filed }, role)).toEqual(expected);
  });
});
