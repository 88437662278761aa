import { type Result, fail, ok } from '../result.ts';

/** Where a material of a case's checklist stands. */
export const MATERIAL_STATUSES = ['missing', 'submitted', 'accepted', 'needs_correction'] as const;
export type MaterialStatus = (typeof MATERIAL_STATUSES)[number];

/** A material of the checklist, as the rules need it. */
export type MaterialState = { materialId: string; required: boolean; status: MaterialStatus };

/** What happens to a material: the firm uploads a file, the secretariat accepts it or asks for a correction. */
export type MaterialAction = { type: 'upload' } | { type: 'accept' } | { type: 'request_correction'; reason: string };

export type MaterialRuleError = 'invalid_transition' | 'reason_required';

const FROM: Record<MaterialAction['type'], readonly MaterialStatus[]> = {
  // an accepted material is settled: the secretariat must ask for a correction before it is replaced
  upload: ['missing', 'submitted', 'needs_correction'],
  accept: ['submitted'],
  // a material accepted too early can still be sent back
  request_correction: ['submitted', 'accepted'],
};

/** The statuses a material step may start from (for the repository's guarded update). */
export const materialStatusesFor = (type: MaterialAction['type']): readonly MaterialStatus[] => FROM[type];

/** Validates and applies one step of a material's review; returns its new status. */
export function applyMaterialAction(status: MaterialStatus, action: MaterialAction): Result<MaterialStatus, MaterialRuleError> {
  if (!FROM[action.type].includes(status)) return fail('invalid_transition');
  switch (action.type) {
    case 'upload':
      return ok('submitted');
    case 'accept':
      return ok('accepted');
    case 'request_correction':
      return action.reason.trim() === '' ? fail('reason_required') : ok('needs_correction');
  }
}

/** The required materials not yet accepted (filing waits for them). */
export function missingMaterials(materials: readonly MaterialState[]): MaterialState[] {
  return materials.filter((m) => m.required && m.status !== 'accepted');
}

/** How far the checklist is: counts per status, and whether the case may be filed. */
export function checklistProgress(materials: readonly MaterialState[]): Record<MaterialStatus, number> & { readyToFile: boolean } {
  const counts = { missing: 0, submitted: 0, accepted: 0, needs_correction: 0 };
  for (const m of materials) counts[m.status] += 1;
  return { ...counts, readyToFile: missingMaterials(materials).length === 0 };
}
