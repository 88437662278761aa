import type { RevenueBand } from '../capability.ts';
import type { OrgKind } from '../organisation.ts';

/**
 * A condition of a service the rules can check against a firm's profile. Anything else is written as free
 * text and marked "needs review" (the secretariat judges it).
 */
export type PolicyCondition =
  | { type: 'org_kind'; anyOf: ('buyer' | 'vendor')[] }
  /** registered in one of these counties or districts (codes of packages/domain COUNTIES) */
  | { type: 'county'; anyOf: string[] }
  /** practitioners (从业人员), at least `min` and at most `max` */
  | { type: 'headcount'; min?: number; max?: number }
  /** 规上 (above designated size, in the statistics): `value` true must be, false must not yet be */
  | { type: 'above_designated_size'; value: boolean }
  /** a valid high-tech enterprise certificate (高新技术企业证书): true must hold one, false must not */
  | { type: 'high_tech_certificate'; value: boolean }
  /** whole years since founding */
  | { type: 'years_since_founding'; min?: number; max?: number }
  /** last year's revenue in one of these bands */
  | { type: 'revenue_band'; anyOf: RevenueBand[] };
export type PolicyConditionType = PolicyCondition['type'];
export const POLICY_CONDITION_TYPES = [
  'org_kind', 'county', 'headcount', 'above_designated_size', 'high_tech_certificate', 'years_since_founding', 'revenue_band',
] as const satisfies readonly PolicyConditionType[];

/** The facts of a firm the conditions look at; null where the firm has not said. */
export type EligibilityProfile = {
  kind: OrgKind;
  county: string | null;
  practitioners: number | null;
  aboveDesignatedSize: boolean | null;
  highTechCertificate: boolean | null;
  /** when the certificate runs out (ISO date); null: not known or no end given */
  highTechValidUntil: string | null;
  /** ISO date */
  foundedOn: string | null;
  revenueBand: RevenueBand | null;
};

/** The profile fact each condition needs (what the firm is asked to fill in when it is missing). */
export const CONDITION_FACT: Record<PolicyConditionType, keyof EligibilityProfile> = {
  org_kind: 'kind',
  county: 'county',
  headcount: 'practitioners',
  above_designated_size: 'aboveDesignatedSize',
  high_tech_certificate: 'highTechCertificate',
  years_since_founding: 'foundedOn',
  revenue_band: 'revenueBand',
};

/** How one structured condition came out: met, not met, or not known because a fact is missing. */
export type ConditionCheck = { condition: PolicyCondition; outcome: 'met' | 'unmet' | 'missing'; fact: keyof EligibilityProfile };

/** The overall hint: likely eligible, more facts needed, or not eligible. */
export const ELIGIBILITY_VERDICTS = ['likely_eligible', 'missing_information', 'not_eligible'] as const;
export type EligibilityVerdict = (typeof ELIGIBILITY_VERDICTS)[number];

/** The hint for one service, with every condition's outcome as the reasons. */
export type Eligibility = {
  verdict: EligibilityVerdict;
  checks: ConditionCheck[];
  /** the facts to fill in for a firmer answer */
  missingFacts: (keyof EligibilityProfile)[];
  /** free-text conditions: the secretariat reviews them on the case */
  needsReview: string[];
};

/** Whole years from `from` to `today` (ISO dates): a firm founded 2023-06-01 is 2 years old on 2025-06-01. */
export function fullYearsBetween(from: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(from.slice(0, 4));
  return today.slice(5) >= from.slice(5) ? years : years - 1;
}

const within = (n: number, min?: number, max?: number) => (min === undefined || n >= min) && (max === undefined || n <= max);

function check(c: PolicyCondition, p: EligibilityProfile, today: string): 'met' | 'unmet' | 'missing' {
  const known = <T>(v: T | null, test: (v: T) => boolean) => (v === null ? 'missing' : test(v) ? 'met' : 'unmet');
  switch (c.type) {
    case 'org_kind':
      return (c.anyOf as string[]).includes(p.kind) ? 'met' : 'unmet';
    case 'county':
      return known(p.county, (v) => c.anyOf.includes(v));
    case 'headcount':
      return known(p.practitioners, (v) => within(v, c.min, c.max));
    case 'above_designated_size':
      return known(p.aboveDesignatedSize, (v) => v === c.value);
    case 'high_tech_certificate':
      // an expired certificate counts as none
      return known(p.highTechCertificate, (v) => (v && (p.highTechValidUntil === null || p.highTechValidUntil >= today)) === c.value);
    case 'years_since_founding':
      return known(p.foundedOn, (v) => within(fullYearsBetween(v, today), c.min, c.max));
    case 'revenue_band':
      return known(p.revenueBand, (v) => c.anyOf.includes(v));
  }
}

/**
 * Whether a firm likely qualifies for a service, from its profile (`today`: ISO date in Asia/Shanghai). A hint,
 * never a decision: any condition not met → not eligible; else any fact missing → missing information; else
 * likely eligible (free-text conditions are listed for review either way).
 */
export function assessEligibility(
  conditions: readonly PolicyCondition[], freeText: readonly string[], p: EligibilityProfile, today: string,
): Eligibility {
  const checks = conditions.map((condition) => ({ condition, outcome: check(condition, p, today), fact: CONDITION_FACT[condition.type] }));
  const missingFacts = [...new Set(checks.filter((c) => c.outcome === 'missing').map((c) => c.fact))];
  const verdict: EligibilityVerdict =
    checks.some((c) => c.outcome === 'unmet') ? 'not_eligible' : missingFacts.length > 0 ? 'missing_information' : 'likely_eligible';
  return { verdict, checks, missingFacts, needsReview: [...freeText] };
}

/** The hint for every service at once, keyed by service id (the "services you may qualify for" list). */
export function assessAll<S extends { id: string; conditions: readonly PolicyCondition[]; freeConditions: readonly string[] }>(
  services: readonly S[], p: EligibilityProfile, today: string,
): Map<string, Eligibility> {
  return new Map(services.map((s) => [s.id, assessEligibility(s.conditions, s.freeConditions, p, today)]));
}
