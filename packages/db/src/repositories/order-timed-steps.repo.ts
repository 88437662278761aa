import { statusesFor } from '@annex/domain';
import type { Db } from '../client.ts';
import { pageSize } from '../cursor.ts';
import { transition } from './order-sql.ts';
import type { OrderWriteResult } from './orders.repo.ts';

/** A step the scheduler should take now. */
export type DueTransition = {
  orderId: string;
  transition: 'close_bidding' | 'end_publicity' | 'declare_unsuccessful';
  /** the deadline that made it due */
  dueAt: Date;
};

/** The time-driven steps of the order machine (DESIGN §2.2), taken by the scheduler when the database clock says so. */
export const timedSteps = {
  /**
   * Time-driven steps due now (by the database clock, or at `now` when given), earliest first:
   * open orders past their bid deadline; awarded orders past their publicity window with no pending objection
   * to the active award; orders in evaluation past their award window or without any awardable bid — one that
   * is `active`, as packages/domain dueTransitions and checkAward count them (a bid never re-confirmed after an
   * amendment cannot be awarded, so it does not keep the order in evaluation).
   */
  async due(db: Db, opts: { now?: Date; limit?: number } = {}): Promise<DueTransition[]> {
    return await db<DueTransition[]>`
      with c as materialized (select coalesce(${opts.now ?? null}::timestamptz, clock_timestamp()) as now)
      select id as order_id, 'close_bidding' as transition, bid_deadline as due_at
      from orders, c where status = any(${db.array([...statusesFor('close_bidding')])}::text[]) and bid_deadline <= c.now
      union all
      select o.id, 'end_publicity', o.publicity_ends_at
      from orders o, c
      where o.status = any(${db.array([...statusesFor('end_publicity')])}::text[]) and o.publicity_ends_at <= c.now
        and not exists (select 1 from objections j join awards a on a.id = j.award_id
                        where j.order_id = o.id and j.status = 'pending' and a.cancelled_at is null)
      union all
      select o.id, 'declare_unsuccessful',
             case when o.award_window_ends_at <= c.now then o.award_window_ends_at else coalesce(o.bid_deadline, o.updated_at) end
      from orders o, c
      where o.status = any(${db.array([...statusesFor('declare_unsuccessful')])}::text[])
        and (o.award_window_ends_at <= c.now
             or not exists (select 1 from bids b where b.order_id = o.id and b.status = 'active'))
      order by due_at, order_id
      limit ${pageSize(opts.limit ?? 100, 1000)}`;
  },

  /** open → evaluation once the database clock has reached the bid deadline (else `not_due`). */
  async closeBidding(db: Db, id: string): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'close_bidding', failure: 'not_due', when: (tx) => tx`clock_timestamp() >= bid_deadline`,
    });
  },

  /**
   * awarded → in_progress once the publicity window has ended by the database clock and no objection to the
   * active award is pending (else `not_due`).
   */
  async endPublicity(db: Db, id: string): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'end_publicity', failure: 'not_due',
      when: (tx) => tx`clock_timestamp() >= publicity_ends_at and not exists (
        select 1 from objections j join awards a on a.id = j.award_id
        where j.order_id = orders.id and j.status = 'pending' and a.cancelled_at is null)`,
    });
  },

  /** evaluation → unsuccessful (also from `open` past its deadline). Whether it is due is `dueTransitions`' call. */
  async declareUnsuccessful(db: Db, id: string): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'declare_unsuccessful',
    });
  },
};
