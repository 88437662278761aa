import type { Db } from '../client.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';

/** An award of an order to a bid (active while `cancelledAt` is null). */
export type AwardRow = {
  id: string;
  orderId: string;
  bidId: string;
  reason: string;
  awardedBy: string | null;
  awardedAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  cancelledBy: string | null;
};

/** An award with what the public award notice shows: the winner and the price. */
export type AwardNoticeRow = AwardRow & {
  vendorOrgId: string;
  vendorName: string;
  totalPriceFen: number;
  unitPriceFen: number;
  publicityEndsAt: Date | null;
};

/** Awards. At most one active award per order is enforced by the partial unique index awards_one_active_per_order. */
export const awards = {
  /**
   * Inserts an active award. A second active award for the order fails with
   * UniqueViolation(CONSTRAINTS.awardsOneActivePerOrder) — the API's 409 already_awarded — even when
   * both inserts race.
   */
  async create(db: Db, a: { orderId: string; bidId: string; reason: string; awardedBy?: string | null }): Promise<AwardRow> {
    try {
      const [row] = await db<AwardRow[]>`
        insert into awards (order_id, bid_id, reason, awarded_by)
        values (${a.orderId}, ${a.bidId}, ${a.reason}, ${a.awardedBy ?? null})
        returning *`;
      return row as AwardRow;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** The award with this id, or null. */
  async getById(db: Db, id: string): Promise<AwardRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<AwardRow[]>`select * from awards where id = ${id}`;
    return row ?? null;
  },

  /** The active award of an order with the winner's name and price, or null. */
  async activeForOrder(db: Db, orderId: string): Promise<AwardNoticeRow | null> {
    if (!isUuid(orderId)) return null;
    const [row] = await db<AwardNoticeRow[]>`
      select a.*, b.vendor_org_id, v.name as vendor_name, b.total_price_fen, b.unit_price_fen, o.publicity_ends_at
      from awards a
      join bids b on b.id = a.bid_id
      join organisations v on v.id = b.vendor_org_id
      join orders o on o.id = a.order_id
      where a.order_id = ${orderId} and a.cancelled_at is null`;
    return row ?? null;
  },

  /** Every award of an order, cancelled ones included, oldest first. */
  async listForOrder(db: Db, orderId: string): Promise<AwardRow[]> {
    if (!isUuid(orderId)) return [];
    return await db<AwardRow[]>`select * from awards where order_id = ${orderId} order by awarded_at, id`;
  },

  /** Cancels an active award with a reason; null if there is no such active award. */
  async cancel(db: Db, c: { awardId: string; reason: string; cancelledBy?: string | null }): Promise<AwardRow | null> {
    if (!isUuid(c.awardId)) return null;
    const [row] = await db<AwardRow[]>`
      update awards set cancelled_at = clock_timestamp(), cancel_reason = ${c.reason}, cancelled_by = ${c.cancelledBy ?? null}
      where id = ${c.awardId} and cancelled_at is null
      returning *`;
    return row ?? null;
  },
};
