import type { Attachment } from '@annex/contracts';
import { type AttachmentRow, type Db, audit, bids, withTransaction, orderAttachments, amendments } from '@annex/db';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type UploadLimits, type UploadedFile, checkUpload, storeUpload } from '../lib/uploads.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { toAttachment } from './market-presenters.ts';
import { notify, toOrgs } from './notify.ts';
import { writeFailure } from './order-errors.ts';
import { loadOrder, requireBuyerOf, viewerOf } from './viewer.ts';

/** At most this many files per order, and this many bytes in all. */
export const MAX_FILES_PER_ORDER = 20;
export const MAX_BYTES_PER_ORDER = 100 * 1024 * 1024;
const ORDER_FILE_LIMITS: UploadLimits = { holder: 'an order', maxFiles: MAX_FILES_PER_ORDER, maxTotalBytes: MAX_BYTES_PER_ORDER };

/** An uploaded file as the route hands it over; `reason` explains the change to the bidders of an open order. */
export type Upload = UploadedFile & { kind: Attachment['kind']; reason?: string | null };

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
  const upload = await checkUpload(f, ORDER_FILE_LIMITS, () => orderAttachments.usage(db(deps), orderId));
  const row = await storeUpload(deps.storage, upload, (file) =>
    changeFiles(deps, auth, orderId, o.status === 'open', f.reason ?? null, async (tx) => {
      const added = await orderAttachments.add(tx, { ...file, orderId, kind: f.kind, uploadedBy: auth.user.id });
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: viewer.kind === 'buyer' ? viewer.orgId : null, entityType: 'order', entityId: orderId,
        action: 'attachment.added', after: { attachmentId: added.id, fileName: file.fileName, kind: f.kind, sizeBytes: added.sizeBytes }, requestId: meta.requestId,
      });
      return added;
    }));
  return toAttachment(row);
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
