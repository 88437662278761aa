import type { Db, Tx } from '../client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { isUuid } from '../ids.ts';

/** Status of an objection. */
export type ObjectionStatus = 'pending' | 'upheld' | 'rejected';

/** A losing bidder's objection to an award, decided by the secretariat. */
export type ObjectionRow = {
  id: string;
  awardId: string;
  orderId: string;
  objectorOrgId: string;
  objectorUserId: string | null;
  body: string;
  status: ObjectionStatus;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
};

/** An objection as the secretariat's queue lists it. */
export type ObjectionQueueRow = ObjectionRow & { orderTitle: string; objectorName: string; publicityEndsAt: Date | null };

/** Result of filing an objection. */
export type FileObjectionResult =
  | { ok: true; objection: ObjectionRow }
  | { ok: false; reason: 'order_not_found' }
  /** the order is not awarded, or its publicity window has ended by the database clock */
  | { ok: false; reason: 'publicity_closed' }
  /** the organisation already has a pending objection to this award */
  | { ok: false; reason: 'already_pending'; objectionId: string };

/** Objections to awards. */
export const objections = {
  /**
   * Files an objection to the order's active award while its publicity window is open: locks the order row
   * (FOR SHARE, so the end of publicity waits for it), then checks `status = 'awarded' AND clock_timestamp() <
   * publicity_ends_at` in the inserting statement. Whether the objector may object (a losing bidder) is the
   * caller's rule.
   */
  async fileIfOpen(
    tx: Tx,
    f: { orderId: string; objectorOrgId: string; objectorUserId?: string | null; body: string },
  ): Promise<FileObjectionResult> {
    if (!isUuid(f.orderId) || !isUuid(f.objectorOrgId)) return { ok: false, reason: 'order_not_found' };
    const [locked] = await tx`select 1 from orders where id = ${f.orderId} for share`;
    if (!locked) return { ok: false, reason: 'order_not_found' };
    const [row] = await tx<ObjectionRow[]>`
      insert into objections (award_id, order_id, objector_org_id, objector_user_id, body)
      select a.id, a.order_id, ${f.objectorOrgId}, ${f.objectorUserId ?? null}, ${f.body}
      from orders o join awards a on a.order_id = o.id and a.cancelled_at is null
      where o.id = ${f.orderId} and o.status = 'awarded' and clock_timestamp() < o.publicity_ends_at
      on conflict (award_id, objector_org_id) where status = 'pending' do nothing
      returning *`;
    if (row) return { ok: true, objection: row };
    const [p] = await tx<{ id: string }[]>`
      select j.id from objections j join awards a on a.id = j.award_id and a.cancelled_at is null
      where j.order_id = ${f.orderId} and j.objector_org_id = ${f.objectorOrgId} and j.status = 'pending'`;
    return p ? { ok: false, reason: 'already_pending', objectionId: p.id } : { ok: false, reason: 'publicity_closed' };
  },

  /** The objection with this id, or null. */
  async getById(db: Db, id: string): Promise<ObjectionRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<ObjectionRow[]>`select * from objections where id = ${id}`;
    return row ?? null;
  },

  /** Decides a pending objection; null if there is no such pending objection. */
  async decide(
    db: Db,
    d: { objectionId: string; decision: 'upheld' | 'rejected'; reason: string; decidedBy?: string | null },
  ): Promise<ObjectionRow | null> {
    if (!isUuid(d.objectionId)) return null;
    const [row] = await db<ObjectionRow[]>`
      update objections set status = ${d.decision}, decision_reason = ${d.reason}, decided_by = ${d.decidedBy ?? null},
                            decided_at = clock_timestamp()
      where id = ${d.objectionId} and status = 'pending'
      returning *`;
    return row ?? null;
  },

  /** The objections to an order's awards, oldest first. */
  async listForOrder(db: Db, orderId: string): Promise<ObjectionRow[]> {
    if (!isUuid(orderId)) return [];
    return await db<ObjectionRow[]>`select * from objections where order_id = ${orderId} order by created_at, id`;
  },

  /** How many objections to the order's active award are pending. */
  async pendingCountForOrder(db: Db, orderId: string): Promise<number> {
    if (!isUuid(orderId)) return 0;
    const [row] = await db<{ n: number }[]>`
      select count(*)::int as n from objections j join awards a on a.id = j.award_id and a.cancelled_at is null
      where j.order_id = ${orderId} and j.status = 'pending'`;
    return row?.n ?? 0;
  },

  /** Pending objections against the active award, for several orders at once (orders with none are absent). */
  async pendingCountsForOrders(db: Db, orderIds: readonly string[]): Promise<Map<string, number>> {
    const ids = orderIds.filter(isUuid);
    if (ids.length === 0) return new Map();
    const rows = await db<{ orderId: string; n: number }[]>`
      select j.order_id, count(*)::int as n from objections j join awards a on a.id = j.award_id and a.cancelled_at is null
      where j.order_id = any(${db.array(ids)}::uuid[]) and j.status = 'pending'
      group by j.order_id`;
    return new Map(rows.map((r) => [r.orderId, r.n]));
  },

  /** One page of the secretariat's queue of pending objections, oldest first. */
  async listPending(
    db: Db,
    cursor: string | null | undefined,
    limit?: number,
  ): Promise<{ items: ObjectionQueueRow[]; nextCursor: string | null }> {
    const n = pageSize(limit);
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await db<(ObjectionQueueRow & { cursorUs: string })[]>`
      select j.*, o.title as order_title, v.name as objector_name, o.publicity_ends_at,
             (extract(epoch from j.created_at) * 1000000)::bigint::text as cursor_us
      from objections j join orders o on o.id = j.order_id join organisations v on v.id = j.objector_org_id
      where j.status = 'pending'
        ${after
          ? db`and (j.created_at, j.id) > ('epoch'::timestamptz + ${after.us}::bigint * interval '1 microsecond', ${after.id}::uuid)`
          : db``}
      order by j.created_at, j.id
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return {
      items: page.map(({ cursorUs: _, ...r }) => r),
      nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.id }) : null,
    };
  },
};
