import type { BidAttachment } from '@annex/contracts';
import { type BidAttachmentWriteResult, audit, bids, withTransaction } from '@annex/db';
import { bidAmountsVisibleTo } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type UploadLimits, type UploadedFile, checkUpload, storeUpload } from '../lib/uploads.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireBiddingOpen, requireOrgKind } from './guards.ts';
import { toBidAttachment } from './market-presenters.ts';
import { isBuyerOf, loadOrder, sealClock, viewerOf, visibleOrder } from './viewer.ts';

/** At most this many files per bid, and this many bytes in all. */
export const MAX_FILES_PER_BID = 10;
export const MAX_BYTES_PER_BID = 50 * 1024 * 1024;
const BID_FILE_LIMITS: UploadLimits = { holder: 'a bid', maxFiles: MAX_FILES_PER_BID, maxTotalBytes: MAX_BYTES_PER_BID };

const LIVE = ['active', 'needs_reconfirm'];

function failure(r: Extract<BidAttachmentWriteResult, { ok: false }>): AppError {
  switch (r.reason) {
    case 'order_not_found':
      return new AppError('not_found', 'no order with this id');
    case 'bidding_closed':
      return new AppError('bidding_closed', 'bidding on this order has closed: its bids can no longer change');
    case 'order_changed':
      return new AppError('invalid_transition', 'the order was amended meanwhile; read the new terms and try again');
    case 'no_bid':
      return new AppError('not_found', 'you have no live bid on this order');
    case 'no_attachment':
      return new AppError('not_found', 'your bid has no file with this id');
  }
}

/**
 * POST /orders/{id}/bids/mine/attachments: the vendor adds a file to its live bid while bidding is open (the
 * database decides the deadline, as for every change of a bid). The type is decided by the content; the bytes go
 * to storage before the row, and are removed again if the row cannot be written.
 */
export async function uploadBidAttachment(
  deps: Deps, auth: AuthContext, orderId: string, f: UploadedFile, meta: RequestMeta,
): Promise<BidAttachment> {
  const m = requireOrgKind(auth, 'vendor', 'add files to bids');
  const { order, curation, current } = await bids.vendorContext(db(deps), orderId, m.orgId, true);
  const o = await visibleOrder(deps, viewerOf(auth), order, curation);
  requireBiddingOpen(o);
  if (!current || !LIVE.includes(current.status)) throw new AppError('not_found', 'you have no live bid on this order');
  const upload = await checkUpload(f, BID_FILE_LIMITS, () => bids.attachmentUsage(db(deps), current.id));
  const row = await storeUpload(deps.storage, upload, (file) =>
    withTransaction(db(deps), async (tx) => {
      const r = await bids.addAttachmentIfOpen(tx, { ...file, orderId, vendorOrgId: m.orgId, uploadedBy: auth.user.id }, { lock: 'share', expectedOrderVersion: o.row.version });
      if (!r.ok) throw failure(r);
      // the file's name and size, never its content: the audit log is shown to others, a quote is an amount
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'order', entityId: orderId, action: 'bid.attachment_added',
        after: { bidId: r.attachment.bidId, attachmentId: r.attachment.id, sizeBytes: r.attachment.sizeBytes }, requestId: meta.requestId,
      });
      return r.attachment;
    }));
  return toBidAttachment(row);
}

/**
 * GET /orders/{id}/bids/{bidId}/attachments/{attachmentId}: the bid's vendor, and the buyer and the secretariat
 * where they may see the bid's amounts (a sealed order's after its deadline: 403 bids_sealed before). To anyone
 * else the file does not exist.
 */
export async function downloadBidAttachment(deps: Deps, auth: AuthContext, orderId: string, bidId: string, attachmentId: string) {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  const bid = await bids.getById(db(deps), bidId);
  const missing = () => new AppError('not_found', 'no file with this id');
  if (!bid || bid.orderId !== orderId) throw missing();
  const own = viewer.kind === 'vendor' && viewer.orgId === bid.vendorOrgId;
  if (!own) {
    if (!isBuyerOf(o.row, viewer) && viewer.kind !== 'secretariat') throw missing();
    const { now } = await sealClock(deps, o);
    const order = { ...o.state, buyerOrgId: o.row.buyerOrgId, biddingMode: o.row.biddingMode };
    if (!bidAmountsVisibleTo(viewer, order, bid.vendorOrgId, now)) {
      throw new AppError('bids_sealed', "a sealed order's bids and their files are shown after its deadline");
    }
  }
  const row = await bids.getAttachment(db(deps), orderId, bidId, attachmentId);
  if (!row) throw missing();
  const bytes = await deps.storage.get(row.storageKey);
  if (!bytes) throw new AppError('not_found', 'the file is missing from storage');
  return { row, bytes };
}

/** DELETE /orders/{id}/bids/mine/attachments/{attachmentId}: the vendor removes a file from its bid while bidding is open. */
export async function deleteBidAttachment(deps: Deps, auth: AuthContext, orderId: string, attachmentId: string, meta: RequestMeta): Promise<void> {
  const m = requireOrgKind(auth, 'vendor', 'remove files from bids');
  const o = await loadOrder(deps, viewerOf(auth), orderId);
  requireBiddingOpen(o);
  const row = await withTransaction(db(deps), async (tx) => {
    const r = await bids.deleteAttachmentIfOpen(tx, { orderId, vendorOrgId: m.orgId, attachmentId }, { lock: 'share' });
    if (!r.ok) throw failure(r);
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'order', entityId: orderId, action: 'bid.attachment_removed',
      before: { bidId: r.attachment.bidId, attachmentId }, requestId: meta.requestId,
    });
    return r.attachment;
  });
  // after the commit: a failed transaction leaves the bytes in place
  await deps.storage.delete(row.storageKey).catch(() => {});
}
