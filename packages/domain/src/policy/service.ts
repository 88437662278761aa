import { type Result, fail, ok } from '../result.ts';

/** Kinds of policy service (DESIGN §2.7), each with its Chinese and English name. */
export const POLICY_CATEGORIES = [
  { code: 'corpus_voucher', zh: '语料券', en: 'Corpus voucher' },
  { code: 'data_voucher', zh: '数据券', en: 'Data voucher' },
  { code: 'algorithm_voucher', zh: '算法券', en: 'Algorithm voucher' },
  { code: 'compute_voucher', zh: '算力券', en: 'Compute voucher' },
  { code: 'subsidy', zh: '补贴', en: 'Subsidy' },
  { code: 'skills_subsidy', zh: '技能补贴', en: 'Skills subsidy' },
  { code: 'employment', zh: '就业创业', en: 'Employment and start-ups' },
  { code: 'above_size', zh: '升规纳统', en: 'Entering the above-designated-size statistics' },
  { code: 'high_tech', zh: '高新技术企业', en: 'High-tech enterprise' },
  { code: 'tax', zh: '税收优惠', en: 'Tax relief' },
  { code: 'financing', zh: '融资', en: 'Financing' },
  { code: 'talent', zh: '人才', en: 'Talent' },
  { code: 'settlement', zh: '入驻', en: 'Moving into an industrial base' },
  { code: 'compliance', zh: '合规', en: 'Compliance' },
  { code: 'membership', zh: '入会', en: 'Alliance membership' },
] as const;
export type PolicyCategory = (typeof POLICY_CATEGORIES)[number]['code'];
export const POLICY_CATEGORY_CODES = POLICY_CATEGORIES.map((c) => c.code) as [PolicyCategory, ...PolicyCategory[]];

/** A service is drafted, published (public, searchable, open for cases) or archived (kept for its cases). */
export const SERVICE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** How a material is handed in. */
export const MATERIAL_FORMS = ['original', 'copy', 'electronic'] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];

/** A material of a service's checklist (材料清单). */
export type MaterialSpec = {
  /** stable within the service, e.g. "m1": a case's checklist refers to it */
  id: string;
  name: string;
  form: MaterialForm;
  copies: number;
  required: boolean;
  /** file-name extensions accepted for an upload, e.g. ["pdf", "jpg"]; empty: any the file policy accepts */
  formats: string[];
  /** a template the firm fills in, when the secretariat provides one */
  templateFileId: string | null;
  note: string | null;
};

/** What editing a service does: a draft changes in place; a published service gets a new version. */
export type ServiceEdit = 'in_place' | 'new_version';

export type ServiceRuleError = 'invalid_transition' | 'effective_date_in_future' | 'effective_date_before_previous';

const STEPS = {
  publish: { from: ['draft', 'archived'], to: 'published' },
  archive: { from: ['published'], to: 'archived' },
} as const satisfies Record<string, { from: readonly ServiceStatus[]; to: ServiceStatus }>;

/** Publishing or archiving a service: its new status. */
export function applyServiceStep(status: ServiceStatus, step: keyof typeof STEPS): Result<ServiceStatus, ServiceRuleError> {
  return (STEPS[step].from as readonly ServiceStatus[]).includes(status) ? ok(STEPS[step].to) : fail('invalid_transition');
}

/**
 * How an edit applies: in place to a draft; to a published service as a new version effective from
 * `effectiveFrom` (default today), which may be neither in the future (nothing would switch it on) nor before
 * the version it replaces. An archived service is published again before it is edited.
 */
export function planServiceEdit(
  status: ServiceStatus,
  previousEffectiveFrom: string,
  effectiveFrom: string | null,
  today: string,
): Result<{ edit: ServiceEdit; effectiveFrom: string }, ServiceRuleError> {
  if (status === 'archived') return fail('invalid_transition');
  if (status === 'draft') return ok({ edit: 'in_place', effectiveFrom: effectiveFrom ?? today });
  const from = effectiveFrom ?? today;
  if (from > today) return fail('effective_date_in_future');
  if (from < previousEffectiveFrom) return fail('effective_date_before_previous');
  return ok({ edit: 'new_version', effectiveFrom: from });
}

/** What importing a service from a file does to it (`pnpm annex policy import`). */
export type ServiceImportStep =
  | { kind: 'create'; effectiveFrom: string; publish: boolean }
  | { kind: 'edit'; edit: ServiceEdit; effectiveFrom: string; publish: boolean }
  | { kind: 'publish' }
  | { kind: 'unchanged' };

/**
 * Importing a service by its code: a new code is created (published unless the file says otherwise); a service
 * whose current version already says what the file says is left as it is (published if the file asks and it is
 * a draft); any other is edited like the web edits it (`planServiceEdit`: a new version of a published one). An
 * import never archives, and never takes a published service back to draft.
 */
export function planServiceImport(
  current: { status: ServiceStatus; effectiveFrom: string } | null,
  same: boolean,
  effectiveFrom: string | null,
  publish: boolean,
  today: string,
): Result<ServiceImportStep, ServiceRuleError> {
  if (current === null) {
    const from = effectiveFrom ?? today;
    return from > today ? fail('effective_date_in_future') : ok({ kind: 'create', effectiveFrom: from, publish });
  }
  const publishDraft = publish && current.status === 'draft';
  if (same) return ok(publishDraft ? { kind: 'publish' } : { kind: 'unchanged' });
  const plan = planServiceEdit(current.status, current.effectiveFrom, effectiveFrom, today);
  if (!plan.ok) return plan;
  return ok({ kind: 'edit', ...plan.value, publish: publishDraft });
}
