import { statusesFor } from '@annex/domain';
import { type Db, type Tx, withTransaction } from '../client.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { biddingOpen, changedFields, lockRow, plain, setClause } from './order-sql.ts';
import type { OrderPatch, OrderRow, OrderWriteFailure } from './orders.repo.ts';

/** One amendment of an open order: `changes` maps each changed field to its old and new value (JSON). */
export type AmendmentRow = {
  id: number;
  orderId: string;
  at: Date;
  byUserId: string | null;
  reason: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
};

/** Amendments of open orders: changed terms or files, logged, under the order's lock and the database clock. */
export const amendments = {
  /**
   * Amends an open order (in one transaction): checks the version, that bidding is still open by the database
   * clock and that the (new) deadline leaves `minBidWindowSeconds`, changes the fields and logs the amendment.
   * Marking the bids `needs_reconfirm` is `bids.markNeedsReconfirm` in the same transaction.
   * `amendment` is null when the patch changed nothing.
   */
  async amendOpen(
    db: Db,
    id: string,
    a: { expectedVersion: number; patch: OrderPatch; byUserId?: string | null; reason?: string | null; minBidWindowSeconds: number },
  ): Promise<{ ok: true; order: OrderRow; amendment: AmendmentRow | null } | OrderWriteFailure> {
    return await withTransaction(db, async (tx) => {
      const cur = await lockRow(tx, id);
      if (!cur) return { ok: false, reason: 'not_found' } as const;
      if (!statusesFor('amend').includes(cur.status)) return { ok: false, reason: 'invalid_transition', status: cur.status } as const;
      if (cur.version !== a.expectedVersion) return { ok: false, reason: 'version_conflict', version: cur.version } as const;
      if (!(await biddingOpen(tx, id))) return { ok: false, reason: 'deadline_passed', status: cur.status } as const;
      const changes = changedFields(cur, a.patch);
      if (Object.keys(changes).length === 0) return { ok: true, order: cur, amendment: null } as const;
      let row: OrderRow | undefined;
      try {
        // one reading of the clock for both conditions
        [row] = await tx<OrderRow[]>`
          update orders set ${setClause(tx, a.patch)}, version = version + 1, updated_at = now()
          from (select clock_timestamp() as t) c
          where orders.id = ${id} and c.t < orders.bid_deadline
            and coalesce(${a.patch.bidDeadline ?? null}::timestamptz, orders.bid_deadline)
                >= c.t + ${a.minBidWindowSeconds} * interval '1 second'
          returning orders.*`;
      } catch (err) {
        rethrowTyped(err);
      }
      if (!row) {
        if (!(await biddingOpen(tx, id))) return { ok: false, reason: 'deadline_passed', status: cur.status } as const;
        return { ok: false, reason: 'bid_window_too_short' } as const;
      }
      const amendment = await amendments.log(tx, { orderId: id, byUserId: a.byUserId, reason: a.reason, changes });
      return { ok: true, order: row, amendment } as const;
    });
  },

  /**
   * Opens an amendment of an open order that is not a field change (its files): in the caller's transaction,
   * locks the row and bumps its version if bidding is open by the database clock and the deadline still leaves
   * `minBidWindowSeconds`. The caller then changes the files, logs the amendment and marks the bids.
   */
  async beginFileAmendment(tx: Tx, id: string, minBidWindowSeconds: number): Promise<{ ok: true; order: OrderRow } | OrderWriteFailure> {
    const cur = await lockRow(tx, id);
    if (!cur) return { ok: false, reason: 'not_found' } as const;
    if (!statusesFor('amend').includes(cur.status)) return { ok: false, reason: 'invalid_transition', status: cur.status } as const;
    const [row] = await tx<OrderRow[]>`
      update orders set version = version + 1, updated_at = now()
      from (select clock_timestamp() as t) c
      where orders.id = ${id} and c.t < orders.bid_deadline
        and orders.bid_deadline >= c.t + ${minBidWindowSeconds} * interval '1 second'
      returning orders.*`;
    if (row) return { ok: true, order: row } as const;
    return (await biddingOpen(tx, id))
      ? ({ ok: false, reason: 'bid_window_too_short' } as const)
      : ({ ok: false, reason: 'deadline_passed', status: cur.status } as const);
  },

  /** Appends to the amendment log of an order. */
  async log(
    db: Db,
    a: { orderId: string; byUserId?: string | null; reason?: string | null; changes: Record<string, unknown> },
  ): Promise<AmendmentRow> {
    const [row] = await db<AmendmentRow[]>`
      insert into order_amendments (order_id, by_user_id, reason, changes)
      values (${a.orderId}, ${a.byUserId ?? null}, ${a.reason ?? null}, ${db.json(plain(a.changes) as never)})
      returning *`;
    return row as AmendmentRow;
  },

  /** The amendments of an order, oldest first. */
  async list(db: Db, orderId: string): Promise<AmendmentRow[]> {
    if (!isUuid(orderId)) return [];
    return await db<AmendmentRow[]>`select * from order_amendments where order_id = ${orderId} order by id`;
  },
};
