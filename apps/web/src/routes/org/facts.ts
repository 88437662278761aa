import type { OrganisationFacts, UpdateOrganisationFacts } from '@annex/contracts';
import { REVENUE_BANDS, type RevenueBand } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { type Errors, intRule } from '#lib/validation.ts';

/** The fields of the eligibility facts form ("" = not said). */
export const FACT_FIELDS = ['foundedOn', 'revenueBand', 'aboveDesignatedSize', 'highTechCertificate', 'highTechValidUntil', 'practitioners', 'localPractitioners'] as const;
export type FactField = (typeof FACT_FIELDS)[number];

const yesNo = (b: boolean | null) => (b === null ? '' : b ? 'yes' : 'no');
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The form's values of the stored facts. */
export function factValues(f: OrganisationFacts | null): Record<FactField, string> {
  return {
    foundedOn: f?.foundedOn ?? '', revenueBand: f?.revenueBand ?? '', aboveDesignatedSize: yesNo(f?.aboveDesignatedSize ?? null),
    highTechCertificate: yesNo(f?.highTechCertificate ?? null), highTechValidUntil: f?.highTechValidUntil ?? '',
    practitioners: f?.practitioners === null || f?.practitioners === undefined ? '' : String(f.practitioners),
    localPractitioners: f?.localPractitioners === null || f?.localPractitioners === undefined ? '' : String(f.localPractitioners),
  };
}

/** What is wrong with the typed facts (`today`: Beijing date, YYYY-MM-DD). */
export function factErrors(v: Record<FactField, string>, today: string): Errors<FactField> {
  const e: Errors<FactField> = {};
  if (v.foundedOn && (!ISO_DATE.test(v.foundedOn) || v.foundedOn > today)) e.foundedOn = m.pol_v_founded();
  if (v.highTechValidUntil && !ISO_DATE.test(v.highTechValidUntil)) e.highTechValidUntil = m.v_date();
  if (v.highTechValidUntil && v.highTechCertificate !== 'yes') e.highTechValidUntil = m.pol_v_valid_until();
  const p = intRule(0, 1_000_000, true)(v.practitioners);
  if (p) e.practitioners = p;
  const l = intRule(0, 1_000_000, true)(v.localPractitioners);
  if (l) e.localPractitioners = l;
  else if (v.localPractitioners.trim() && (!v.practitioners.trim() || Number(v.localPractitioners) > Number(v.practitioners))) e.localPractitioners = m.pol_v_local();
  return e;
}

/** The PUT body of valid typed facts. */
export function factBody(v: Record<FactField, string>): UpdateOrganisationFacts {
  const bool = (s: string) => (s === 'yes' ? true : s === 'no' ? false : null);
  const int = (s: string) => (s.trim() === '' ? null : Number(s.trim()));
  return {
    foundedOn: v.foundedOn || null,
    revenueBand: (REVENUE_BANDS as readonly string[]).includes(v.revenueBand) ? (v.revenueBand as RevenueBand) : null,
    aboveDesignatedSize: bool(v.aboveDesignatedSize), highTechCertificate: bool(v.highTechCertificate), highTechValidUntil: v.highTechValidUntil || null,
    practitioners: int(v.practitioners), localPractitioners: int(v.localPractitioners),
  };
}
