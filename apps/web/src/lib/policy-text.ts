import type { CaseClock, PolicyCondition } from '@annex/contracts';
import {
  COUNTY_CODES, type CaseStatus, type EligibilityVerdict, type MaterialForm, type MaterialStatus, POLICY_CATEGORIES, type PolicyCategory,
  type RevenueBand,
} from '@annex/domain';
import { type Tone, ORG_KIND, REVENUE_BAND, countyName, joinList } from '#lib/i18n.ts';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';

// Words of the policy-agency pages (政策代办): categories, case and material states, conditions and facts.

type Label = () => string;

/** A service category's name in the current language. */
export function categoryName(code: string): string {
  const c = POLICY_CATEGORIES.find((x) => x.code === code);
  if (!c) return code;
  return getLocale() === 'en' ? c.en : c.zh;
}

/** The category codes, for filters and the service form. */
export const CATEGORY_CODES: readonly PolicyCategory[] = POLICY_CATEGORIES.map((c) => c.code);

/** One colour per case state across the site. */
export const CASE_TONE: Record<CaseStatus, Tone> = {
  submitted: 'warning',
  accepted: 'info',
  collecting_materials: 'info',
  filed: 'info',
  approved: 'success',
  rejected: 'danger',
  closed: 'muted',
  withdrawn: 'muted',
};

export const MATERIAL_STATUS: Record<MaterialStatus, Label> = {
  missing: m.pol_mat_missing,
  submitted: m.pol_mat_submitted,
  accepted: m.pol_mat_accepted,
  needs_correction: m.pol_mat_needs_correction,
};
export const MATERIAL_TONE: Record<MaterialStatus, Tone> = { missing: 'neutral', submitted: 'warning', accepted: 'success', needs_correction: 'danger' };

export const MATERIAL_FORM: Record<MaterialForm, Label> = { original: m.pol_form_original, copy: m.pol_form_copy, electronic: m.pol_form_electronic };

export const VERDICT: Record<EligibilityVerdict, Label> = {
  likely_eligible: m.pol_verdict_likely,
  missing_information: m.pol_verdict_missing,
  not_eligible: m.pol_verdict_not,
};
export const VERDICT_TONE: Record<EligibilityVerdict, Tone> = { likely_eligible: 'success', missing_information: 'warning', not_eligible: 'muted' };

/** The profile facts eligibility looks at, by the name the API gives them. */
const FACT: Record<string, Label> = {
  kind: m.pol_fact_kind,
  county: m.pol_fact_county,
  practitioners: m.pol_fact_practitioners,
  aboveDesignatedSize: m.pol_fact_above_size,
  highTechCertificate: m.pol_fact_high_tech,
  foundedOn: m.pol_fact_founded,
  revenueBand: m.pol_fact_revenue,
};

/** A profile fact's name (unknown ones as given). */
export const factName = (fact: string): string => FACT[fact]?.() ?? fact;

const range = (min: number | undefined, max: number | undefined, unit: (n: number) => string): string => {
  if (min !== undefined && max !== undefined) return m.pol_range_between({ min: unit(min), max: unit(max) });
  if (min !== undefined) return m.pol_range_min({ min: unit(min) });
  return m.pol_range_max({ max: unit(max ?? 0) });
};

/** A structured condition as a sentence a firm understands. */
export function conditionText(c: PolicyCondition): string {
  switch (c.type) {
    case 'org_kind':
      return m.pol_cond_kind({ kinds: joinList(c.anyOf.map((k) => ORG_KIND[k]())) });
    case 'county':
      return c.anyOf.length === COUNTY_CODES.length ? m.pol_cond_county_city() : m.pol_cond_county({ counties: joinList(c.anyOf.map(countyName)) });
    case 'headcount':
      return m.pol_cond_headcount({ range: range(c.min, c.max, (n) => m.pol_people({ count: n })) });
    case 'above_designated_size':
      return c.value ? m.pol_cond_above_size_yes() : m.pol_cond_above_size_no();
    case 'high_tech_certificate':
      return c.value ? m.pol_cond_high_tech_yes() : m.pol_cond_high_tech_no();
    case 'years_since_founding':
      return m.pol_cond_years({ range: range(c.min, c.max, (n) => m.pol_years({ count: n })) });
    case 'revenue_band':
      return m.pol_cond_revenue({ bands: joinList(c.anyOf.map((b: RevenueBand) => REVENUE_BAND[b]())) });
  }
}

const CASE_TIMELINE: Record<string, Label> = {
  'case.opened': m.pol_tl_opened,
  'case.accepted': m.pol_tl_accepted,
  'case.materials_requested': m.pol_tl_materials_requested,
  'case.filed': m.pol_tl_filed,
  'case.approved': m.pol_tl_approved,
  'case.rejected': m.pol_tl_rejected,
  'case.closed': m.pol_tl_closed,
  'case.withdrawn': m.pol_tl_withdrawn,
  'material.uploaded': m.pol_tl_uploaded,
  'material.accepted': m.pol_tl_material_accepted,
  'material.needs_correction': m.pol_tl_material_correction,
};

/** The case timeline's words for an audit action (unknown ones as recorded). */
export const caseTimelineAction = (action: string): string => CASE_TIMELINE[action]?.() ?? action;

/** "剩余 3 个工作日" / "已超期 2 个工作日" / "已停止" — where a case's clock stands. */
export function clockText(c: CaseClock): string {
  if (c.remainingWorkingDays === null) return m.pol_clock_no_limit({ elapsed: c.elapsedWorkingDays });
  if (c.overdue) return m.pol_clock_overdue({ days: Math.max(1, -c.remainingWorkingDays) });
  if (!c.running) return m.pol_clock_stopped({ elapsed: c.elapsedWorkingDays });
  return m.pol_clock_left({ days: c.remainingWorkingDays });
}
