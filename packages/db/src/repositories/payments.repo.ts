import type { PaymentStatus } from '@annex/domain';
import type { Db } from '../client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';

/** The payment of a milestone (tracked, never processed). Dates are calendar dates (YYYY-MM-DD). */
export type PaymentRow = {
  milestoneId: string;
  orderId: string;
  buyerOrgId: string;
  vendorOrgId: string;
  amountFen: number;
  status: PaymentStatus;
  acceptedOn: string;
  dueOn: string;
  invoiceNumber: string | null;
  invoiceDate: string | null;
  invoicedBy: string | null;
  invoicedAt: Date | null;
  paidOn: string | null;
  paidBy: string | null;
  markedPaidAt: Date | null;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  overdueSince: string | null;
  remindersSent: number[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

/** A dispute to the secretariat: of a rejected batch, or about a payment. */
export type DisputeRow = {
  id: string;
  orderId: string;
  milestoneId: string;
  subject: 'rejection' | 'payment';
  deliveryId: string | null;
  raisedByRole: 'buyer' | 'vendor';
  raisedByOrg: string;
  raisedBy: string | null;
  reason: string;
  status: 'pending' | 'upheld' | 'overturned' | 'dismissed';
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
};

/** Why a guarded payment write did not happen. */
export type PaymentWriteFailure = 'not_found' | 'state' | 'version';

/** Milestone payments. */
export const payments = {
  /**
   * Opens the payment of an accepted milestone: due `termDays` calendar days after `acceptedOn`. Once per
   * milestone (its key); a second call returns the payment already there.
   */
  async open(
    db: Db,
    p: { milestoneId: string; orderId: string; buyerOrgId: string; vendorOrgId: string; amountFen: number; acceptedOn: string; dueOn: string },
  ): Promise<PaymentRow> {
    const [row] = await db<PaymentRow[]>`
      insert into milestone_payments (milestone_id, order_id, buyer_org_id, vendor_org_id, amount_fen, accepted_on, due_on)
      values (${p.milestoneId}, ${p.orderId}, ${p.buyerOrgId}, ${p.vendorOrgId}, ${p.amountFen}, ${p.acceptedOn}, ${p.dueOn})
      on conflict (milestone_id) do nothing returning *`;
    return row ?? ((await payments.get(db, p.milestoneId)) as PaymentRow);
  },

  /** The payment of a milestone, or null before its acceptance. */
  async get(db: Db, milestoneId: string): Promise<PaymentRow | null> {
    if (!isUuid(milestoneId)) return null;
    const [row] = await db<PaymentRow[]>`select * from milestone_payments where milestone_id = ${milestoneId}`;
    return row ?? null;
  },

  /** Locks the payment row and returns it. */
  async lock(db: Db, milestoneId: string): Promise<PaymentRow | null> {
    if (!isUuid(milestoneId)) return null;
    const [row] = await db<PaymentRow[]>`select * from milestone_payments where milestone_id = ${milestoneId} for update`;
    return row ?? null;
  },

  /**
   * One step of the payment machine as one guarded statement: only from `from`, only at `version` when given. Two
   * confirmations racing: the second finds the state moved and changes nothing.
   */
  async step(
    db: Db,
    milestoneId: string,
    s: {
      from: readonly PaymentStatus[];
      to: PaymentStatus;
      version?: number | undefined;
      by: string | null;
      invoice?: { number: string; date: string };
      paidOn?: string;
    },
  ): Promise<{ ok: true; row: PaymentRow } | { ok: false; reason: PaymentWriteFailure }> {
    if (!isUuid(milestoneId)) return { ok: false, reason: 'not_found' };
    const to = s.to;
    const [row] = await db<PaymentRow[]>`
      update milestone_payments set
        status = ${to},
        invoice_number = case when ${to} = 'invoiced' and ${s.invoice?.number ?? null}::text is not null then ${s.invoice?.number ?? null} else invoice_number end,
        invoice_date = case when ${to} = 'invoiced' and ${s.invoice?.date ?? null}::date is not null then ${s.invoice?.date ?? null}::date else invoice_date end,
        invoiced_by = case when ${to} = 'invoiced' and ${s.invoice?.number ?? null}::text is not null then ${s.by}::uuid else invoiced_by end,
        invoiced_at = case when ${to} = 'invoiced' and ${s.invoice?.number ?? null}::text is not null then clock_timestamp() else invoiced_at end,
        paid_on = case when ${to} = 'paid' and ${s.paidOn ?? null}::date is not null then ${s.paidOn ?? null}::date
                       when ${to} in ('unpaid', 'invoiced') then null else paid_on end,
        paid_by = case when ${to} = 'paid' and ${s.paidOn ?? null}::date is not null then ${s.by}::uuid
                       when ${to} in ('unpaid', 'invoiced') then null else paid_by end,
        marked_paid_at = case when ${to} = 'paid' and ${s.paidOn ?? null}::date is not null then clock_timestamp()
                       when ${to} in ('unpaid', 'invoiced') then null else marked_paid_at end,
        confirmed_by = case when ${to} = 'confirmed' then ${s.by}::uuid else null end,
        confirmed_at = case when ${to} = 'confirmed' then clock_timestamp() else null end,
        -- paid: no longer overdue (the record keeps the days late through paid_on)
        overdue_since = case when ${to} in ('paid', 'confirmed') then null else overdue_since end,
        version = version + 1, updated_at = clock_timestamp()
      where milestone_id = ${milestoneId} and status in ${db(s.from as PaymentStatus[])}
        and (${s.version ?? null}::int is null or version = ${s.version ?? null}::int)
      returning *`;
    if (row) return { ok: true, row };
    const now = await payments.get(db, milestoneId);
    if (!now) return { ok: false, reason: 'not_found' };
    if (!s.from.includes(now.status)) return { ok: false, reason: 'state' };
    return { ok: false, reason: 'version' };
  },

  /**
   * Unpaid payments that may owe a reminder or the overdue flag today (Asia/Shanghai): a reminder day among
   * `offsets` (days from the due date) has come that is later than every one sent, or the due date has passed
   * unflagged. The domain decides each one; this only keeps the scan short.
   */
  async dueForReminders(db: Db, offsets: readonly number[], limit = 100): Promise<PaymentRow[]> {
    return await db<PaymentRow[]>`
      with today as (select (clock_timestamp() at time zone 'Asia/Shanghai')::date as d)
      select p.* from milestone_payments p, today
      where p.status in ('unpaid', 'invoiced')
        and ((select max(o) from unnest(${offsets as number[]}::int[]) o where p.due_on + o <= today.d)
               > coalesce((select max(s) from unnest(p.reminders_sent) s), -100000)
             or (p.overdue_since is null and p.due_on < today.d))
      order by p.due_on, p.milestone_id limit ${limit}`;
  },

  /** Records a reminder sent (days relative to the due date) and, when given, the overdue flag. */
  async recordReminder(db: Db, milestoneId: string, offset: number | null, overdueSince: string | null): Promise<void> {
    await db`
      update milestone_payments set
        reminders_sent = case when ${offset}::int is null then reminders_sent else array_append(reminders_sent, ${offset}::int) end,
        overdue_since = coalesce(overdue_since, ${overdueSince}::date), updated_at = clock_timestamp()
      where milestone_id = ${milestoneId}`;
  },

  /** The payments of a buyer, for its payment record. */
  async historyForBuyer(db: Db, buyerOrgId: string): Promise<Pick<PaymentRow, 'status' | 'dueOn' | 'paidOn'>[]> {
    if (!isUuid(buyerOrgId)) return [];
    return await db<Pick<PaymentRow, 'status' | 'dueOn' | 'paidOn'>[]>`
      select status, due_on, paid_on from milestone_payments where buyer_org_id = ${buyerOrgId}`;
  },

  /** The planned milestones of a contract, each with whether it is accepted and its payment's state. */
  async contractProgress(db: Db, contractId: string): Promise<{ milestoneId: string; accepted: boolean; paymentStatus: PaymentStatus | null }[]> {
    return await db<{ milestoneId: string; accepted: boolean; paymentStatus: PaymentStatus | null }[]>`
      select m.id as milestone_id,
             exists (select 1 from milestone_deliveries d where d.milestone_id = m.id and d.status in ('accepted', 'auto_accepted')) as accepted,
             p.status as payment_status
      from contract_milestones m left join milestone_payments p on p.milestone_id = m.id
      where m.contract_id = ${contractId} and m.status = 'planned'
      order by m.seq`;
  },
};

/** Disputes of rejections and of payments, decided by the secretariat. */
export const disputes = {
  /** Files a dispute. One per rejected batch, one pending per milestone's payment: the indexes refuse a second. */
  async file(
    db: Db,
    d: Pick<DisputeRow, 'orderId' | 'milestoneId' | 'subject' | 'deliveryId' | 'raisedByRole' | 'raisedByOrg' | 'raisedBy' | 'reason'>,
  ): Promise<DisputeRow> {
    try {
      const [row] = await db<DisputeRow[]>`
        insert into implementation_disputes (order_id, milestone_id, subject, delivery_id, raised_by_role, raised_by_org, raised_by, reason)
        values (${d.orderId}, ${d.milestoneId}, ${d.subject}, ${d.deliveryId}, ${d.raisedByRole}, ${d.raisedByOrg}, ${d.raisedBy}, ${d.reason})
        returning *`;
      return row as DisputeRow;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** The disputes of a milestone, oldest first. */
  async forMilestone(db: Db, milestoneId: string): Promise<DisputeRow[]> {
    if (!isUuid(milestoneId)) return [];
    return await db<DisputeRow[]>`select * from implementation_disputes where milestone_id = ${milestoneId} order by created_at, id`;
  },

  /** The pending dispute of a milestone on a subject, locked; null when there is none. */
  async lockPending(db: Db, milestoneId: string, subject: DisputeRow['subject']): Promise<DisputeRow | null> {
    const [row] = await db<DisputeRow[]>`
      select * from implementation_disputes where milestone_id = ${milestoneId} and subject = ${subject} and status = 'pending'
      order by created_at limit 1 for update`;
    return row ?? null;
  },

  /** Decides a pending dispute; null when it was decided already. */
  async decide(db: Db, id: string, d: { status: Exclude<DisputeRow['status'], 'pending'>; reason: string; by: string }): Promise<DisputeRow | null> {
    const [row] = await db<DisputeRow[]>`
      update implementation_disputes set status = ${d.status}, decision_reason = ${d.reason}, decided_by = ${d.by}, decided_at = clock_timestamp()
      where id = ${id} and status = 'pending' returning *`;
    return row ?? null;
  },

  /** The secretariat's queue, oldest first, with each order's title. */
  async queue(
    db: Db, status: DisputeRow['status'], cursor: string | undefined, limit: number,
  ): Promise<{ items: (DisputeRow & { orderTitle: string })[]; nextCursor: string | null }> {
    const after = cursor ? decodeCursor(cursor) : null;
    const n = pageSize(limit);
    const rows = await db<(DisputeRow & { orderTitle: string; cursorUs: string })[]>`
      select d.*, o.title as order_title, (extract(epoch from d.created_at) * 1000000)::bigint::text as cursor_us
      from implementation_disputes d join orders o on o.id = d.order_id
      where d.status = ${status}
        ${after
          ? db`and (d.created_at, d.id) > ('epoch'::timestamptz + ${after.us}::bigint * interval '1 microsecond', ${after.id}::uuid)`
          : db``}
      order by d.created_at, d.id limit ${n + 1}`;
    const items = rows.slice(0, n).map(({ cursorUs: _, ...r }) => r);
    const last = rows[n - 1];
    return { items, nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.id }) : null };
  },
};
