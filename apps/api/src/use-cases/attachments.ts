import { createHash } from 'node:crypto';
import type { Attachment } from '@annex/contracts';
import { audit, orders } from '@annex/db';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { MAX_FILE_BYTES, checkFile, cleanFileName } from '../lib/file-policy.ts';
import { newStorageKey } from '../lib/storage.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { toAttachment } from './market-presenters.ts';
import { loadOrder, requireBuyerOf, viewerOf } from './viewer.ts';

/** At most this many files per order, and this many bytes in all. */
export const MAX_FILES_PER_ORDER = 20;
export const MAX_BYTES_PER_ORDER = 100 * 1024 * 1024;

/** An uploaded file as the route hands it over. */
export type Upload = { name: string; bytes: Uint8Array; kind: Attachment['kind'] };

/**
 * POST /orders/{id}/attachments: the buyer adds a guideline or sample to a draft. The type is decided by
 * the content; the bytes go to storage before the row, and are removed again if the row cannot be written.
 */
export async function uploadAttachment(deps: Deps, auth: AuthContext, orderId: string, f: Upload, meta: RequestMeta): Promise<Attachment> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  requireBuyerOf(o.row, viewer, 'add files to it');
  if (o.status !== 'draft') throw new AppError('invalid_transition', 'files can be added while the order is a draft');
  if (f.bytes.byteLength === 0) throw new AppError('validation_failed', 'the file is empty', [{ path: 'file', message: 'empty' }]);
  if (f.bytes.byteLength > MAX_FILE_BYTES) throw new AppError('payload_too_large', `a file may have at most ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  const fileName = cleanFileName(f.name);
  const type = await checkFile(fileName, f.bytes);
  if (!type.ok) throw new AppError('unsupported_media_type', type.reason, [{ path: 'file', message: type.reason }]);
  const usage = await orders.attachmentUsage(db(deps), orderId);
  if (usage.count >= MAX_FILES_PER_ORDER) throw new AppError('rule_violation', `an order has at most ${MAX_FILES_PER_ORDER} files`);
  if (usage.bytes + f.bytes.byteLength > MAX_BYTES_PER_ORDER) {
    throw new AppError('rule_violation', `an order's files may hold at most ${MAX_BYTES_PER_ORDER / 1024 / 1024} MB in all`);
  }
  const storageKey = newStorageKey();
  await deps.storage.put(storageKey, f.bytes);
  try {
    const row = await orders.addAttachment(db(deps), {
      orderId, kind: f.kind, fileName, contentType: type.contentType, sizeBytes: f.bytes.byteLength,
      sha256: createHash('sha256').update(f.bytes).digest('hex'), storageKey, uploadedBy: auth.user.id,
    });
    await audit.append(db(deps), {
      actorUserId: auth.user.id, actorOrgId: viewer.kind === 'buyer' ? viewer.orgId : null, entityType: 'order', entityId: orderId,
      action: 'attachment.added', after: { attachmentId: row.id, fileName, kind: f.kind, sizeBytes: row.sizeBytes }, requestId: meta.requestId,
    });
    return toAttachment(row);
  } catch (err) {
    await deps.storage.delete(storageKey).catch(() => {});
    throw err;
  }
}

/** GET /orders/{id}/attachments/{attachmentId}: signed-in callers who may see the order. */
export async function downloadAttachment(deps: Deps, auth: AuthContext, orderId: string, attachmentId: string) {
  await loadOrder(deps, viewerOf(auth), orderId);
  const row = await orders.getAttachment(db(deps), orderId, attachmentId);
  if (!row) throw new AppError('not_found', 'no file with this id');
  const bytes = await deps.storage.get(row.storageKey);
  if (!bytes) throw new AppError('not_found', 'the file is missing from storage');
  return { row, bytes };
}

/** DELETE /orders/{id}/attachments/{attachmentId}: the buyer removes a file from a draft. */
export async function deleteAttachment(deps: Deps, auth: AuthContext, orderId: string, attachmentId: string, meta: RequestMeta): Promise<void> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  requireBuyerOf(o.row, viewer, 'remove its files');
  if (o.status !== 'draft') throw new AppError('invalid_transition', 'files can be removed while the order is a draft');
  const row = await orders.deleteAttachment(db(deps), orderId, attachmentId);
  if (!row) throw new AppError('not_found', 'no file with this id');
  await audit.append(db(deps), {
    actorUserId: auth.user.id, actorOrgId: viewer.kind === 'buyer' ? viewer.orgId : null, entityType: 'order', entityId: orderId,
    action: 'attachment.removed', before: { attachmentId, fileName: row.fileName }, requestId: meta.requestId,
  });
  await deps.storage.delete(row.storageKey);
}
