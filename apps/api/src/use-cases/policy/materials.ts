import type { MaterialReviewRequest, PolicyCase } from '@annex/contracts';
import { audit, policyCases, policyServices, withTransaction } from '@annex/db';
import { type MaterialAction, applyMaterialAction, materialStatusesFor, mayDoInCase } from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { extensionOf } from '../../lib/file-policy.ts';
import { type UploadLimits, type UploadedFile, checkUpload, storeUpload } from '../../lib/uploads.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { notify, toOrgs } from '../notify.ts';
import { loadCase, presentCase, secretariatOrgIds } from './access.ts';

/** At most this many files per case (every upload is kept), and this many bytes in all. */
export const MAX_FILES_PER_CASE = 60;
export const MAX_BYTES_PER_CASE = 200 * 1024 * 1024;
const CASE_FILE_LIMITS: UploadLimits = { holder: 'a case', maxFiles: MAX_FILES_PER_CASE, maxTotalBytes: MAX_BYTES_PER_CASE };

/**
 * POST /policy/cases/{id}/materials/{materialId}/files: the firm hands in a file for a material (again, after a
 * correction request). The same checks as every upload (size, name, type by content), narrowed to the formats
 * the material asks for; the secretariat is told.
 */
export async function uploadMaterial(
  deps: Deps, auth: AuthContext, caseId: string, materialId: string, f: UploadedFile, meta: RequestMeta,
): Promise<PolicyCase> {
  const c = await loadCase(deps, auth, caseId);
  if (c.role !== 'firm') throw new AppError('forbidden', 'materials are handed in by the firm that opened the case');
  if (!mayDoInCase('upload', c.row.status, c.role)) throw new AppError('invalid_transition', `materials cannot be handed in once the case is ${c.row.status}`);
  const d = db(deps);
  const [materials, version] = await Promise.all([policyCases.materials(d, caseId), policyServices.getVersion(d, c.row.serviceId, c.row.serviceVersion)]);
  const material = materials.find((m) => m.materialId === materialId);
  if (!material) throw new AppError('not_found', 'the case has no material with this id');
  const next = applyMaterialAction(material.status, { type: 'upload' });
  if (!next.ok) throw new AppError('invalid_transition', 'this material is accepted already; the secretariat must ask for a correction first');
  const upload = await checkUpload(f, CASE_FILE_LIMITS, () => policyCases.fileUsage(d, caseId));
  const formats = version?.materials.find((m) => m.id === materialId)?.formats ?? [];
  if (formats.length > 0 && !formats.includes(extensionOf(upload.fileName))) {
    const reason = `this material is accepted as ${formats.map((e) => `.${e}`).join(', ')}`;
    throw new AppError('unsupported_media_type', reason, { errors: [{ path: 'file', message: reason }] });
  }
  await storeUpload(deps.storage, upload, (stored) =>
    withTransaction(d, async (tx) => {
      const moved = await policyCases.setMaterialStatus(tx, caseId, materialId, materialStatusesFor('upload'), next.value, null);
      if (!moved) throw new AppError('invalid_transition', 'the material changed meanwhile; load the case again');
      const file = await policyCases.addFile(tx, { ...stored, caseId, materialId, uploadedBy: auth.user.id });
      await policyCases.touch(tx, caseId);
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: c.row.orgId, entityType: 'policy_case', entityId: caseId, action: 'material.uploaded',
        before: { material: material.name, materialStatus: material.status },
        after: { material: material.name, materialStatus: next.value, fileName: stored.fileName, fileId: file.id }, requestId: meta.requestId,
      });
      await notify(tx, toOrgs(await secretariatOrgIds(tx), {
        kind: 'policy_material_uploaded', orderId: null,
        payload: { caseId, serviceName: c.row.serviceName, orgName: c.row.orgName, materialName: material.name },
      }));
      return file;
    }),
  );
  return presentCase(deps, await loadCase(deps, auth, caseId));
}

/** GET /policy/cases/{id}/files/{fileId}: the case's firm and the secretariat download a file handed in. */
export async function downloadCaseFile(deps: Deps, auth: AuthContext, caseId: string, fileId: string) {
  await loadCase(deps, auth, caseId);
  const row = await policyCases.getFile(db(deps), caseId, fileId);
  if (!row) throw new AppError('not_found', 'no file with this id');
  const bytes = await deps.storage.get(row.storageKey);
  if (!bytes) throw new AppError('not_found', 'the file is missing from storage');
  return { row, bytes };
}

/**
 * POST /policy/cases/{id}/materials/{materialId}/review: the secretariat accepts a material or asks for a
 * correction, with the reason the firm is told.
 */
export async function reviewMaterial(
  deps: Deps, auth: AuthContext, caseId: string, materialId: string, body: MaterialReviewRequest, meta: RequestMeta,
): Promise<PolicyCase> {
  const c = await loadCase(deps, auth, caseId);
  if (c.role !== 'secretariat') throw new AppError('forbidden', 'materials are reviewed by the secretariat');
  if (!mayDoInCase('review_material', c.row.status, c.role)) {
    throw new AppError('invalid_transition', c.row.status === 'submitted' ? 'accept the case before reviewing its materials' : `the case is ${c.row.status}`);
  }
  const d = db(deps);
  const material = (await policyCases.materials(d, caseId)).find((m) => m.materialId === materialId);
  if (!material) throw new AppError('not_found', 'the case has no material with this id');
  const action: MaterialAction = body.decision === 'accept' ? { type: 'accept' } : { type: 'request_correction', reason: body.reason };
  const next = applyMaterialAction(material.status, action);
  if (!next.ok) {
    throw next.error === 'reason_required'
      ? new AppError('validation_failed', 'say what needs correcting', { errors: [{ path: 'reason', message: 'required' }] })
      : new AppError('invalid_transition', material.status === 'missing' ? 'nothing has been handed in for this material yet' : `the material is ${material.status}`);
  }
  const reason = body.decision === 'needs_correction' ? body.reason : null;
  await withTransaction(d, async (tx) => {
    const moved = await policyCases.setMaterialStatus(tx, caseId, materialId, materialStatusesFor(action.type), next.value, { by: auth.user.id, reason });
    if (!moved) throw new AppError('invalid_transition', 'the material changed meanwhile; load the case again');
    await policyCases.touch(tx, caseId);
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId ?? null, entityType: 'policy_case', entityId: caseId,
      action: next.value === 'accepted' ? 'material.accepted' : 'material.needs_correction',
      before: { material: material.name, materialStatus: material.status },
      after: { material: material.name, materialStatus: next.value, ...(reason ? { reason } : {}) }, requestId: meta.requestId,
    });
    await notify(tx, toOrgs([c.row.orgId], {
      kind: 'policy_material_reviewed', orderId: null,
      payload: { caseId, serviceName: c.row.serviceName, materialName: material.name, materialStatus: next.value, reason },
    }));
  });
  return presentCase(deps, await loadCase(deps, auth, caseId));
}
