import type { NotificationList, Timeline, TimelineEntry } from '@annex/contracts';
import { type AuditRow, InvalidCursorError, audit, bids, contracts, notifications, questions } from '@annex/db';
import type { Viewer } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, db } from './context.ts';
import { asRecord, auditActors, changesOf } from './audit-view.ts';
import { requireMembership } from './guards.ts';
import { type LoadedOrder, isBuyerOf, loadOrder, viewerOf } from './viewer.ts';

/** Audit actions of the contract and its implementation: between the two parties (and the secretariat) only. */
const CONTRACT_STAGE = /^(contract|change_order|termination|delivery|payment)\./;

/**
 * Whether a viewer sees an audit entry of the order (DESIGN §2.3: bids stay private to their bidder while sealed;
 * the contract's steps, deliveries and payments to the contract's parties). `contractVendorOrgId`: the vendor of the
 * order's contract, if it has one.
 */
export function entryVisible(e: AuditRow, v: Viewer, o: LoadedOrder, contractVendorOrgId: string | null = null): boolean {
  if (v.kind === 'secretariat') return true;
  if (CONTRACT_STAGE.test(e.action)) return isBuyerOf(o.row, v) || (v.kind === 'vendor' && v.orgId === contractVendorOrgId);
  if (!e.action.startsWith('bid.') && e.action !== 'objection.filed') return true;
  const own = v.kind !== 'public' && e.actorOrgId === v.orgId;
  if (own) return true;
  const buyer = isBuyerOf(o.row, v);
  if (e.action === 'objection.filed') return buyer;
  if (e.action === 'bid.disqualified') return buyer || (v.kind === 'vendor' && asRecord(e.after).vendorOrgId === v.orgId);
  // another vendor's bid: the buyer sees it once bids may be seen (open mode, or after the deadline)
  return buyer && !(o.row.biddingMode === 'sealed' && o.status === 'open');
}

/**
 * GET /orders/{id}/timeline: every state change of the order — who, when, what changed — for its
 * participants (the buyer, vendors who bid or asked) and the secretariat. Other vendors stay anonymous.
 */
export async function orderTimeline(deps: Deps, auth: AuthContext, orderId: string): Promise<Timeline> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  const d = db(deps);
  if (viewer.kind === 'vendor') {
    const participant = (await bids.mine(d, orderId, viewer.orgId)) !== null || (await questions.askerOrgIds(d, orderId)).includes(viewer.orgId);
    if (!participant) throw new AppError('forbidden', 'the timeline is for the parties of the order');
  } else if (viewer.kind !== 'secretariat' && !isBuyerOf(o.row, viewer)) {
    throw new AppError('forbidden', 'the timeline is for the parties of the order');
  }
  const contractVendor = (await contracts.getByOrderId(d, orderId))?.vendorOrgId ?? null;
  const rows = (await audit.listForEntity(d, 'order', orderId)).filter((e) => entryVisible(e, viewer, o, contractVendor));
  const { orgs, people } = await auditActors(d, rows);
  const items = rows.map((e): TimelineEntry => {
    const org = e.actorOrgId ? orgs.get(e.actorOrgId) ?? null : null;
    // a vendor's name is shown to the buyer, the secretariat and that vendor, never to competitors
    const hidden = org?.kind === 'vendor' && viewer.kind === 'vendor' && viewer.orgId !== e.actorOrgId;
    const { changes, reason } = changesOf(e);
    return {
      id: String(e.id),
      at: e.at.toISOString(),
      action: e.action,
      actor: {
        kind: org?.kind ?? 'system',
        orgName: hidden ? null : org?.name ?? null,
        userName: hidden || !e.actorUserId ? null : people.get(e.actorUserId) ?? null,
      },
      changes,
      reason,
    };
  });
  return { items };
}

// ---------------------------------------------------------------------------------------------------------

/** GET /notifications: the caller's inbox, newest first, with the unread count. */
export async function listNotifications(
  deps: Deps, auth: AuthContext, q: { cursor?: string | undefined; limit: number; unread?: boolean | undefined },
): Promise<NotificationList> {
  requireMembership(auth);
  const d = db(deps);
  try {
    const [page, unreadCount] = await Promise.all([
      notifications.listForUser(d, auth.user.id, { cursor: q.cursor, limit: q.limit, unreadOnly: q.unread === true }),
      notifications.unreadCount(d, auth.user.id),
    ]);
    return {
      items: page.items.map((n) => ({
        id: String(n.id),
        kind: n.kind as NotificationList['items'][number]['kind'],
        orderId: n.orderId,
        payload: n.payload,
        readAt: n.readAt?.toISOString() ?? null,
        createdAt: n.createdAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
      unreadCount,
    };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}

/** POST /notifications/read: marks the given notifications (or all) read; answers the new unread count. */
export async function markNotificationsRead(deps: Deps, auth: AuthContext, ids: readonly string[] | 'all'): Promise<{ unreadCount: number }> {
  requireMembership(auth);
  await notifications.markRead(db(deps), auth.user.id, ids === 'all' ? 'all' : ids.map(Number));
  return { unreadCount: await notifications.unreadCount(db(deps), auth.user.id) };
}
