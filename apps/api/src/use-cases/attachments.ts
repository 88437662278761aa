import { createHash } from 'node:crypto';
import type { Attachment } from '@annex/contracts';
import { type AttachmentRow, type Db, audit, bids, withTransaction, orderAttachments, amendments } from '@annex/db';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { MAX_FILE_BYTES, checkFile, uploadFileName } from '../lib/file-policy.ts';
import { newStorageKey } from '../lib/storage.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { toAttachment } from './market-presenters.ts';
import { notify, toOrgs } from './notify.ts';
import { writeFailure } from './order-errors.ts';
import { loadOrder, requireBuyerOf, viewerOf } from './viewer.ts';

/** At most this many files per order, and this many bytes in all. */
export const MAX_FILES_PER_ORDER = 20;
export const MAX_BYTES_PER_ORDER = 100 * 1024 * 1024;

/** An uploaded file as the route hands it over; `reason` explains the change to the bidders of an open order. */
export type Upload = { name: string; bytes: Uint8Array; kind: Attachment['kind']; reason?: string | null };

const EDITABLE = ['draft', 'open'] as const;
const editable = (status: string) => (EDITABLE as readonly string[]).includes(status);

/**
 * POST /orders/{id}/attachments: the buyer adds a guideline or sample to a draft, or to an open order as an
 * amendment. The type is decided by the content; the bytes go to storage before the row, and are removed
 * again if the row cannot be written.
 */
export async function uploadAttachment(deps: Deps, auth: AuthContext, orderId: string, f: Upload, meta: RequestMeta): Promise<Attachment> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  requireBuyerOf(o.row, viewer, 'add files to it');
  if (!editable(o.status)) throw new AppError('invalid_transition', `files can be added to a draft or an open order, not one that is ${o.status}`);
  if (f.bytes.byteLength === 0) throw new AppError('validation_failed', 'the file is empty', { errors: [{ path: 'file', message: 'empty' }] });
  if (f.bytes.byteLength > MAX_FILE_BYTES) throw new AppError('payload_too_large', `a file may have at most ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  const fileName = uploadFileName(f.name);
  const type = await checkFile(fileName, f.bytes);
  if (!type.ok) throw new AppError('unsupported_media_type', type.reason, { errors: [{ path: 'file', message: type.reason }] });
  const usage = await orderAttachments.usage(db(deps), orderId);
  if (usage.count >= MAX_FILES_PER_ORDER) throw new AppError('rule_violation', `an order has at most ${MAX_FILES_PER_ORDER} files`);
  if (usage.bytes + f.bytes.byteLength > MAX_BYTES_PER_ORDER) {
    throw new AppError('rule_violation', `an order's files may hold at most ${MAX_BYTES_PER_ORDER / 1024 / 1024} MB in all`);
  }
  const storageKey = newStorageKey();
  await deps.storage.put(storageKey, f.bytes);
  try {
    const row = await changeFiles(deps, auth, orderId, o.status === 'open', f.reason ?? null, async (tx) => {
      const added = await orderAttachments.add(tx, {
        orderId, kind: f.kind, fileName, contentType: type.contentType, sizeBytes: f.bytes.byteLength,
        sha256: createHash('sha256').update(f.bytes).digest('hex'), storageKey, uploadedBy: auth.user.id,
      });
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: viewer.kind === 'buyer' ? viewer.orgId : null, entityType: 'order', entityId: orderId,
        action: 'attachment.added', after: { attachmentId: added.id, fileName, kind: f.kind, sizeBytes: added.sizeBytes }, requestId: meta.requestId,
      });
      return added;
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
  const row = await orderAttachments.get(db(deps), orderId, attachmentId);
  if (!row) throw new AppError('not_found', 'no file with this id');
  const bytes = await deps.storage.get(row.storageKey);
  if (!bytes) throw new AppError('not_found', 'the file is missing from storage');
  return { row, bytes };
}

/**
 * DELETE /orders/{id}/attachments/{attachmentId}: the buyer removes a file from a draft, or from an open order
 * as an amendment (`reason` then explains it to the bidders).
 */
export async function deleteAttachment(
  deps: Deps, auth: AuthContext, orderId: string, attachmentId: string, reason: string | null, meta: RequestMeta,
): Promise<void> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  requireBuyerOf(o.row, viewer, 'remove its files');
  if (!editable(o.status)) throw new AppError('invalid_transition', `files can be removed from a draft or an open order, not one that is ${o.status}`);
  const row = await changeFiles(deps, auth, orderId, o.status === 'open', reason, async (tx) => {
    const removed = await orderAttachments.delete(tx, orderId, attachmentId);
    if (!removed) throw new AppError('not_found', 'no file with this id');
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: viewer.kind === 'buyer' ? viewer.orgId : null, entityType: 'order', entityId: orderId,
      action: 'attachment.removed', before: { attachmentId, fileName: removed.fileName }, requestId: meta.requestId,
    });
    return removed;
  });
  // after the commit: a rolled-back removal keeps its bytes
  await deps.storage.delete(row.storageKey);
}

/**
 * Runs a change of an order's files in one transaction. For an open order it is an amendment like a change of
 * its fields: bidding must be open with the minimum window left, the file names before and after are logged,
 * live bids go to `needs_reconfirm` and the bidders are told.
 */
async function changeFiles(
  deps: Deps, auth: AuthContext, orderId: string, amending: boolean, reason: string | null,
  change: (tx: Db) => Promise<AttachmentRow>,
): Promise<AttachmentRow> {
  return await withTransaction(db(deps), async (tx) => {
    if (!amending) return await change(tx);
    const begun = await amendments.beginFileAmendment(tx, orderId, deps.config.minBidWindowSeconds);
    if (!begun.ok) throw writeFailure(begun, 'change the files of');
    const names = async () => (await orderAttachments.list(tx, orderId)).map((a) => a.fileName);
    const before = await names();
    const row = await change(tx);
    await amendments.log(tx, { orderId, byUserId: auth.user.id, reason, changes: { attachments: { from: before, to: await names() } } });
    const reconfirming = await bids.markNeedsReconfirm(tx, orderId);
    await notify(tx, toOrgs(await bids.bidderOrgIds(tx, orderId), {
      kind: 'order_amended', orderId,
      payload: { orderTitle: begun.order.title, fields: ['attachments'], reason, needsReconfirm: reconfirming.length > 0 },
    }));
    return row;
  });
}
