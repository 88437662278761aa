import { type Result, fail, ok } from '../result.ts';
import type { Viewer } from '../visibility.ts';
import { type MaterialState, missingMaterials } from './materials.ts';

/** The states of a policy-agency case (代办事项, DESIGN §2.7). */
export const CASE_STATUSES = [
  'submitted', 'accepted', 'collecting_materials', 'filed', 'approved', 'rejected', 'closed', 'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Who takes a step of a case: the firm that opened it, or the alliance secretariat that works it. */
export type CaseRole = 'firm' | 'secretariat';

/** A step of the case machine. */
export type CaseAction =
  | { type: 'accept' }
  | { type: 'request_materials' }
  | { type: 'file' }
  | { type: 'approve' }
  | { type: 'reject'; reason: string }
  | { type: 'close' }
  | { type: 'withdraw'; reason?: string | null };
export type CaseActionType = CaseAction['type'];
export const CASE_ACTION_TYPES = ['accept', 'request_materials', 'file', 'approve', 'reject', 'close', 'withdraw'] as const satisfies readonly CaseActionType[];

type Step = { from: readonly CaseStatus[]; to: CaseStatus; by: readonly CaseRole[] };

/**
 * The case machine: for each step the states it starts from, where it leads and who takes it. The one place
 * these are written: the repository's guarded update, the API's permissions and the web's buttons ask it.
 */
export const CASE_STEPS = {
  accept: { from: ['submitted'], to: 'accepted', by: ['secretariat'] },
  request_materials: { from: ['accepted'], to: 'collecting_materials', by: ['secretariat'] },
  // filed with the responsible agency: only once every required material is accepted
  file: { from: ['accepted', 'collecting_materials'], to: 'filed', by: ['secretariat'] },
  approve: { from: ['filed'], to: 'approved', by: ['secretariat'] },
  // the secretariat declines a case it cannot take on, or records the agency's refusal
  reject: { from: ['submitted', 'accepted', 'collecting_materials', 'filed'], to: 'rejected', by: ['secretariat'] },
  close: { from: ['approved', 'rejected'], to: 'closed', by: ['secretariat'] },
  // the firm may change its mind until the file leaves for the agency
  withdraw: { from: ['submitted', 'accepted', 'collecting_materials'], to: 'withdrawn', by: ['firm'] },
} as const satisfies Record<CaseActionType, Step>;

/** What parties do within a case without changing its state, and in which states. */
export const CASE_ACTIVITIES = {
  upload: { while: ['submitted', 'accepted', 'collecting_materials'], by: ['firm'] },
  review_material: { while: ['accepted', 'collecting_materials'], by: ['secretariat'] },
  message: { while: ['submitted', 'accepted', 'collecting_materials', 'filed', 'approved', 'rejected'], by: ['firm', 'secretariat'] },
} as const satisfies Record<string, { while: readonly CaseStatus[]; by: readonly CaseRole[] }>;
export type CaseActivity = keyof typeof CASE_ACTIVITIES;

/** States in which the case is still being worked (the secretariat's queue shows them). */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['submitted', 'accepted', 'collecting_materials', 'filed'];

/** Why a case step was refused. */
export type CaseRuleError = 'invalid_transition' | 'reason_required' | 'materials_incomplete' | 'forbidden';

/** The case as its rules need it. */
export type CaseFacts = { status: CaseStatus; orgId: string };

/** The role of a viewer in a case: its firm, the secretariat, or nobody (who must not learn the case exists). */
export function caseRoleOf(c: Pick<CaseFacts, 'orgId'>, v: Viewer): CaseRole | null {
  if (v.kind === 'secretariat') return 'secretariat';
  // every member organisation may open a case (a training institution asks for training subsidies)
  if (v.kind !== 'public' && v.orgId === c.orgId) return 'firm';
  return null;
}

/** The stored states a step may start from (for the repository's guarded update). */
export const caseStatusesFor = (action: CaseActionType): readonly CaseStatus[] => CASE_STEPS[action].from;

/**
 * Validates one step of the case machine taken by `role`; `materials` are the checklist of the case (filing
 * needs every required one accepted). Returns the new state.
 */
export function applyCaseAction(
  c: CaseFacts, action: CaseAction, role: CaseRole, materials: readonly MaterialState[],
): Result<CaseStatus, CaseRuleError> {
  const step = CASE_STEPS[action.type];
  if (!(step.by as readonly CaseRole[]).includes(role)) return fail('forbidden');
  if (!(step.from as readonly CaseStatus[]).includes(c.status)) return fail('invalid_transition');
  if (action.type === 'reject' && action.reason.trim() === '') return fail('reason_required');
  if (action.type === 'file' && missingMaterials(materials).length > 0) return fail('materials_incomplete');
  return ok(step.to);
}

/** Whether `role` may do an activity in the case's state. */
export function mayDoInCase(activity: CaseActivity, status: CaseStatus, role: CaseRole | null): boolean {
  const a = CASE_ACTIVITIES[activity];
  return role !== null && (a.by as readonly CaseRole[]).includes(role) && (a.while as readonly CaseStatus[]).includes(status);
}

/** What the case page offers. */
export const CASE_VIEWER_ACTIONS = [
  'accept', 'requestMaterials', 'file', 'approve', 'reject', 'close', 'withdraw', 'upload', 'reviewMaterial', 'message',
] as const;
export type CaseViewerAction = (typeof CASE_VIEWER_ACTIONS)[number];

/**
 * What this viewer may do with the case now — the one answer the API's `permissions`, and through them the
 * web's buttons, are taken from (the use cases check each step again).
 */
export function allowedCaseActions(c: CaseFacts, v: Viewer, materials: readonly MaterialState[]): Record<CaseViewerAction, boolean> {
  const role = caseRoleOf(c, v);
  const may = (type: CaseActionType) => {
    if (role === null) return false;
    const action: CaseAction = type === 'reject' ? { type, reason: 'x' } : ({ type } as CaseAction);
    return applyCaseAction(c, action, role, materials).ok;
  };
  return {
    accept: may('accept'),
    requestMaterials: may('request_materials'),
    file: may('file'),
    approve: may('approve'),
    reject: may('reject'),
    close: may('close'),
    withdraw: may('withdraw'),
    upload: mayDoInCase('upload', c.status, role),
    reviewMaterial: mayDoInCase('review_material', c.status, role),
    message: mayDoInCase('message', c.status, role),
  };
}

/** The case's time stamp a step sets (accepted_at, filed_at, …), if any. */
export function stampOf(to: CaseStatus): 'acceptedAt' | 'filedAt' | 'decidedAt' | 'closedAt' | null {
  switch (to) {
    case 'accepted':
      return 'acceptedAt';
    case 'filed':
      return 'filedAt';
    case 'approved':
    case 'rejected':
    case 'withdrawn':
      return 'decidedAt';
    case 'closed':
      return 'closedAt';
    default:
      return null;
  }
}
