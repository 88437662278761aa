/**
 * Who files quarterly statistics: member annotation firms (organisation kind `vendor`) and member training
 * institutions (`training_institution`), as they were members when the period opened.
 */
export const FILER_KINDS = ['annotation_firm', 'training_institution'] as const;
export type FilerKind = (typeof FILER_KINDS)[number];

/** The filer kind of an organisation kind, or null when such organisations do not file. */
export function filerKindOf(orgKind: string): FilerKind | null {
  if (orgKind === 'vendor') return 'annotation_firm';
  if (orgKind === 'training_institution') return 'training_institution';
  return null;
}

/**
 * The figures of one quarterly report (统计填报). Counts are people; money is integer fen. `null` = not stated
 * (allowed only where the field does not apply to the filer's kind, see REPORT_FIELD_RULES).
 * - practitioners: annotation practitioners employed at the quarter's last day (季末从业人员)
 * - practitionersInCity: of which working in Liaocheng (其中在聊城市工作)
 * - localPractitioners: of which local talent (其中本地人才) — LOCAL_TALENT_DEFINITION
 * - revenueFen: operating revenue in the quarter (季度营业收入); annotationRevenueFen: of which from annotation
 * - trainedPreJob / trainedCertified: people trained in the quarter: pre-job training (岗前培训) and
 *   vocational skill-level certification (职业技能等级认定)
 * - aboveDesignatedSize: the firm is above designated size and in the statistics (规上/已入统)
 */
export type ReportFigures = {
  practitioners: number | null;
  practitionersInCity: number | null;
  localPractitioners: number | null;
  revenueFen: number | null;
  annotationRevenueFen: number | null;
  trainedPreJob: number | null;
  trainedCertified: number | null;
  aboveDesignatedSize: boolean | null;
};
export type ReportField = keyof ReportFigures;
export const REPORT_FIELDS = [
  'practitioners', 'practitionersInCity', 'localPractitioners', 'revenueFen', 'annotationRevenueFen', 'trainedPreJob', 'trainedCertified',
  'aboveDesignatedSize',
] as const satisfies readonly ReportField[];

/**
 * Who counts as local talent (本地人才), written beside the field: a practitioner whose household registration (户籍)
 * is in Liaocheng, or who graduated from a university, college or vocational school in Liaocheng.
 */
export const LOCAL_TALENT_DEFINITION = {
  zh: '本地人才：户籍在聊城市，或毕业于聊城市内高校、职业院校的从业人员（满足其一即可，每人只计一次）。',
  en: 'Local talent: practitioners whose household registration (hukou) is in Liaocheng, or who graduated from a university, college or vocational school in Liaocheng (either suffices; each person counts once).',
} as const;

/**
 * Which fields a kind must fill. Annotation firms report their workforce, revenue and 规上 status (training they
 * give is optional: firms that run pre-job training report it); training institutions report the people they
 * trained, and may report annotation staff and revenue of their own when they have them.
 */
export const REPORT_FIELD_RULES: Record<FilerKind, Record<ReportField, 'required' | 'optional'>> = {
  annotation_firm: {
    practitioners: 'required', practitionersInCity: 'required', localPractitioners: 'required', revenueFen: 'required',
    annotationRevenueFen: 'required', trainedPreJob: 'optional', trainedCertified: 'optional', aboveDesignatedSize: 'required',
  },
  training_institution: {
    practitioners: 'optional', practitionersInCity: 'optional', localPractitioners: 'optional', revenueFen: 'optional',
    annotationRevenueFen: 'optional', trainedPreJob: 'required', trainedCertified: 'required', aboveDesignatedSize: 'optional',
  },
};

/** The "of which" chains: each field is at most the one before it. */
const OF_WHICH: readonly (readonly [part: ReportField, whole: ReportField])[] = [
  ['practitionersInCity', 'practitioners'],
  ['localPractitioners', 'practitionersInCity'],
  ['annotationRevenueFen', 'revenueFen'],
];

/** Figures that go together: the workforce and its of-which, revenue and its of-which. */
const FIELD_GROUPS: readonly (readonly ReportField[])[] = [
  ['practitioners', 'practitionersInCity', 'localPractitioners'],
  ['revenueFen', 'annotationRevenueFen'],
];

/** Largest count a report takes (people) and largest amount (fen, ¥10 bn a quarter): beyond them is a typing slip. */
export const MAX_REPORT_COUNT = 1_000_000;
export const MAX_REPORT_FEN = 1_000_000_000_000;

/**
 * Revenue per practitioner in a quarter that looks plausible for annotation work: ¥10,000 to ¥300,000 (a warning
 * outside it, never a block: a new firm, or one that subcontracts, can be outside).
 */
export const PLAUSIBLE_REVENUE_PER_PRACTITIONER_FEN = { min: 1_000_000, max: 30_000_000 } as const;
/** A change against the previous quarter larger than this share is worth a second look (a warning). */
export const JUMP_WARNING_SHARE = 0.5;
/** Fields compared with the previous quarter. */
const JUMP_FIELDS: readonly ReportField[] = ['practitioners', 'revenueFen', 'annotationRevenueFen'];

/** Blocking problems: the report is refused. */
export type ReportErrorCode = 'required' | 'not_a_count' | 'too_large' | 'exceeds_total';
/** Plausibility warnings: shown, never blocking. */
export type ReportWarningCode = 'revenue_per_practitioner_low' | 'revenue_per_practitioner_high' | 'jump_from_previous';
export const REPORT_ERROR_CODES = ['required', 'not_a_count', 'too_large', 'exceeds_total'] as const satisfies readonly ReportErrorCode[];
export const REPORT_WARNING_CODES = [
  'revenue_per_practitioner_low', 'revenue_per_practitioner_high', 'jump_from_previous',
] as const satisfies readonly ReportWarningCode[];

/** One finding of the validation: the field, a stable code and the numbers its message shows. */
export type ReportIssue =
  | { severity: 'error'; field: ReportField; code: ReportErrorCode; params: Record<string, number | string> }
  | { severity: 'warning'; field: ReportField; code: ReportWarningCode; params: Record<string, number | string> };

/** What the validation found: errors block filing, warnings do not. */
export type ReportCheck = { errors: ReportIssue[]; warnings: ReportIssue[] };

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Validates a report for the filer's kind: required fields, whole non-negative numbers within limits, each "of
 * which" at most its total (errors); revenue per practitioner outside the plausible range and changes of more than
 * 50 % against the previous quarter's report (warnings, only once there are no errors). `previous` is the latest version of the previous quarter.
 */
export function checkReport(kind: FilerKind, r: ReportFigures, previous: ReportFigures | null = null): ReportCheck {
  const errors: ReportIssue[] = [];
  const warnings: ReportIssue[] = [];
  const rules = REPORT_FIELD_RULES[kind];
  const error = (field: ReportField, code: ReportErrorCode, params: Record<string, number | string> = {}) =>
    errors.push({ severity: 'error', field, code, params });
  for (const field of REPORT_FIELDS) {
    const v = r[field];
    if (v === null) {
      if (rules[field] === 'required') error(field, 'required');
      continue;
    }
    if (field === 'aboveDesignatedSize') {
      if (typeof v !== 'boolean') error(field, 'required');
      continue;
    }
    if (!isCount(v)) error(field, 'not_a_count');
    else if (v > (field.endsWith('Fen') ? MAX_REPORT_FEN : MAX_REPORT_COUNT)) {
      error(field, 'too_large', { max: field.endsWith('Fen') ? MAX_REPORT_FEN : MAX_REPORT_COUNT });
    }
  }
  // a group stated in part means nothing (a share of an unknown total): once one figure is given, all are needed
  for (const group of FIELD_GROUPS) {
    if (group.some((f) => r[f] !== null)) {
      for (const f of group) if (r[f] === null && !errors.some((e) => e.field === f)) error(f, 'required');
    }
  }
  for (const [part, whole] of OF_WHICH) {
    const p = r[part];
    const w = r[whole];
    if (isCount(p) && isCount(w) && p > w) error(part, 'exceeds_total', { total: w, totalField: whole });
  }
  // plausibility is judged on figures that pass the rules: warnings on a refused report are noise
  if (errors.length > 0) return { errors, warnings };
  const practitioners = r.practitioners;
  const revenue = r.revenueFen;
  if (isCount(practitioners) && practitioners > 0 && isCount(revenue)) {
    const perHead = Math.round(revenue / practitioners);
    const { min, max } = PLAUSIBLE_REVENUE_PER_PRACTITIONER_FEN;
    if (perHead < min) warnings.push({ severity: 'warning', field: 'revenueFen', code: 'revenue_per_practitioner_low', params: { perHeadFen: perHead, minFen: min } });
    if (perHead > max) warnings.push({ severity: 'warning', field: 'revenueFen', code: 'revenue_per_practitioner_high', params: { perHeadFen: perHead, maxFen: max } });
  }
  if (previous) {
    for (const field of JUMP_FIELDS) {
      const now = r[field];
      const before = previous[field];
      if (!isCount(now) || !isCount(before) || before === 0) continue;
      const change = (now - before) / before;
      if (Math.abs(change) > JUMP_WARNING_SHARE) {
        warnings.push({ severity: 'warning', field, code: 'jump_from_previous', params: { previous: before, percent: Math.round(change * 100) } });
      }
    }
  }
  return { errors, warnings };
}

/** Why filing or correcting a report is refused. */
export type FilingRuleError = 'period_closed' | 'reason_required';

/**
 * A filing is version 1; every later one is a correction and needs a reason. Both only while the period takes
 * filings (a closed period is locked until the secretariat reopens it).
 */
export function checkFiling(p: { periodOpen: boolean; latestVersion: number | null; reason: string | null }): FilingRuleError | null {
  if (!p.periodOpen) return 'period_closed';
  if (p.latestVersion !== null && (p.reason ?? '').trim() === '') return 'reason_required';
  return null;
}

/** The role of a viewer towards a member's statistics: the member itself, or the secretariat (others: none, 404). */
export type StatisticsRole = 'filer' | 'secretariat';

/** Who may see a member's report: that member and the secretariat only — the one place this is decided. */
export function statisticsRoleOf(reportOrgId: string, viewer: { kind: string; orgId?: string }): StatisticsRole | null {
  if (viewer.kind === 'secretariat') return 'secretariat';
  return viewer.orgId !== undefined && viewer.orgId === reportOrgId ? 'filer' : null;
}

/** What a viewer may do with a member's report now: file it (none yet) or correct it (once filed), while the period takes filings. */
export function allowedReportActions(p: { periodOpen: boolean; filed: boolean }, role: StatisticsRole | null): { file: boolean; correct: boolean } {
  const filer = role === 'filer' && p.periodOpen;
  return { file: filer && !p.filed, correct: filer && p.filed };
}
