import type { FilingState, PeriodStatus, ReportField, ReportIssue } from '@annex/domain';
import { LOCAL_TALENT_DEFINITION, formatFen } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { type Tone, formatNumber } from '#lib/i18n.ts';
import { getLocale } from '#lib/paraglide/runtime.js';

// Words of the quarterly member statistics (统计填报): the report's fields with their definitions, where a filing
// stands, the period's states, and the domain's findings (errors and plausibility warnings) as sentences.

type Label = () => string;

/** A field's label and the definition written next to it. */
export const FIELD: Record<ReportField, { label: Label; definition: Label }> = {
  practitioners: { label: m.st_f_practitioners, definition: m.st_d_practitioners },
  practitionersInCity: { label: m.st_f_in_city, definition: m.st_d_in_city },
  localPractitioners: {
    label: m.st_f_local,
    definition: () => `${getLocale() === 'en' ? LOCAL_TALENT_DEFINITION.en : LOCAL_TALENT_DEFINITION.zh} ${m.st_d_local_bound()}`,
  },
  revenueFen: { label: m.st_f_revenue, definition: m.st_d_revenue },
  annotationRevenueFen: { label: m.st_f_annotation_revenue, definition: m.st_d_annotation_revenue },
  trainedPreJob: { label: m.st_f_trained_pre_job, definition: m.st_d_trained_pre_job },
  trainedCertified: { label: m.st_f_trained_certified, definition: m.st_d_trained_certified },
  aboveDesignatedSize: { label: m.st_f_above_size, definition: m.st_d_above_size },
};

/** The form's groups of fields, in the order they are asked. */
export const FIELD_GROUPS: readonly { title: Label; fields: readonly ReportField[] }[] = [
  { title: m.st_group_workforce, fields: ['practitioners', 'practitionersInCity', 'localPractitioners'] },
  { title: m.st_group_revenue, fields: ['revenueFen', 'annotationRevenueFen'] },
  { title: m.st_group_training, fields: ['trainedPreJob', 'trainedCertified'] },
  { title: m.st_group_size, fields: ['aboveDesignatedSize'] },
];

/** A stated figure as shown: people as numbers, money as ¥, 规上 as yes/no; "not stated" for null. */
export function figureText(field: ReportField, value: number | boolean | null): string {
  if (value === null) return m.st_not_stated();
  if (typeof value === 'boolean') return value ? m.st_yes() : m.st_no();
  return field.endsWith('Fen') ? formatFen(value) : formatNumber(value);
}

export const FILING_STATE: Record<FilingState, Label> = {
  filed: m.st_state_filed,
  filed_late: m.st_state_filed_late,
  outstanding: m.st_state_outstanding,
  late: m.st_state_late,
};
export const FILING_TONE: Record<FilingState, Tone> = { filed: 'success', filed_late: 'warning', outstanding: 'info', late: 'danger' };

export const PERIOD_STATUS: Record<PeriodStatus, Label> = { open: m.st_status_open, closed: m.st_status_closed, reopened: m.st_status_reopened };
export const PERIOD_TONE: Record<PeriodStatus, Tone> = { open: 'success', closed: 'muted', reopened: 'warning' };

export const FILER_KIND: Record<'annotation_firm' | 'training_institution', Label> = {
  annotation_firm: m.st_kind_annotation_firm,
  training_institution: m.st_kind_training_institution,
};

const num = (p: ReportIssue['params'], k: string) => Number(p[k] ?? 0);

/** A finding of the domain's check (packages/domain checkReport) as a sentence in the user's language. */
export function issueText(issue: Pick<ReportIssue, 'field' | 'code' | 'params'>): string {
  const p = issue.params;
  switch (issue.code) {
    case 'required':
      return m.st_e_required();
    case 'not_a_count':
      return m.st_e_not_a_count();
    case 'too_large':
      return m.st_e_too_large({ max: formatNumber(num(p, 'max')) });
    case 'exceeds_total': {
      const whole = String(p.totalField ?? '') as ReportField;
      const total = FIELD[whole] ? figureText(whole, num(p, 'total')) : String(p.total);
      return m.st_e_exceeds_total({ field: FIELD[whole]?.label() ?? whole, total });
    }
    case 'revenue_per_practitioner_low':
      return m.st_w_low({ perHead: formatFen(num(p, 'perHeadFen')), min: formatFen(num(p, 'minFen')) });
    case 'revenue_per_practitioner_high':
      return m.st_w_high({ perHead: formatFen(num(p, 'perHeadFen')), max: formatFen(num(p, 'maxFen')) });
    case 'jump_from_previous':
      return m.st_w_jump({ field: FIELD[issue.field].label(), previous: figureText(issue.field, num(p, 'previous')), percent: `${num(p, 'percent') > 0 ? '+' : ''}${num(p, 'percent')}` });
  }
}
