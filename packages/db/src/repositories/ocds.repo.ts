import type { ContractTerms, OcdsContract, OcdsOrganisation, OcdsProcess } from '@annex/domain';
import { notHidden } from './curation-sql.ts';
import type { Db } from '../client.ts';
import { isUuid } from '../ids.ts';
import type { OrderRow } from './orders.repo.ts';

// What open data (OCDS) reads: every published order with its amendments, bids, awards and objections, and the
// moments at which something happened to it. Only published orders (published_at set: packages/domain
// inOpenData) are ever read here; drafts, orders in review and orders cancelled before publication never are.
// Contacts are never selected.

/** Where the feed continues: the date (ms) and order of the last release read. */
export type OcdsFeedAfter = { at: Date; orderId: string };

type ProcessOrderRow = OrderRow & { buyerName: string };

function contractOf(
  c: { id: string; awardId: string; completedAt: Date | null; terminatedAt: Date | null } | undefined,
  versions: readonly { contractId: string; number: number; agreedAt: Date; terms: ContractTerms; reason: string | null }[],
  milestones: readonly { contractId: string; seq: number; id: string }[],
  accepted: readonly { contractId: string; milestoneId: string; acceptedAt: Date }[],
  paid: readonly { contractId: string; milestoneId: string; amountFen: string; paidOn: string; recordedAt: Date }[],
): OcdsContract | null {
  if (!c) return null;
  return {
    id: c.id, awardId: c.awardId, completedAt: c.completedAt, terminatedAt: c.terminatedAt,
    versions: versions.filter((v) => v.contractId === c.id).map((v) => ({
      number: v.number, agreedAt: v.agreedAt, priceFen: Number(v.terms.priceFen), deliveryDeadline: v.terms.deliveryDeadline,
      milestones: v.terms.milestones.map((m) => ({ seq: m.seq, title: m.title, quantity: Number(m.quantity), dueAt: m.dueAt, amountFen: Number(m.amountFen) })),
      reason: v.reason,
    })),
    milestoneIds: Object.fromEntries(milestones.filter((m) => m.contractId === c.id).map((m) => [m.seq, m.id])),
    acceptances: accepted.filter((a) => a.contractId === c.id).map(({ milestoneId, acceptedAt }) => ({ milestoneId, acceptedAt })),
    payments: paid.filter((x) => x.contractId === c.id).map((x) => ({
      milestoneId: x.milestoneId, amountFen: Number(x.amountFen), paidOn: x.paidOn, recordedAt: x.recordedAt,
    })),
  };
}

/** Open-data reads of the contracting processes. */
export const ocds = {
  /**
   * The published orders with something that happened at or after `after` (and by `now`), each with the first
   * such moment, in the order of that moment and then of their id; at most `limit`. The moments are every stamp a
   * release takes its date from (a superset: not every moment is a release), cut to milliseconds as releases are.
   */
  async nextProcesses(db: Db, opts: { after: OcdsFeedAfter | null; now: Date; limit: number }): Promise<{ orderId: string; nextAt: Date }[]> {
    const after = opts.after;
    return await db<{ orderId: string; nextAt: Date }[]>`
      with moments as (
        select o.id as order_id, m.at
        from orders o cross join lateral (values (o.published_at), (o.cancelled_at), (o.bid_deadline), (o.award_window_ends_at),
                                                 (o.publicity_ends_at)) as m(at)
        where o.published_at is not null
        union all select a.order_id, a.at from order_amendments a
        union all select w.order_id, w.awarded_at from awards w
        union all select w.order_id, w.cancelled_at from awards w
        union all select j.order_id, j.decided_at from objections j
        union all select o.id, l.at from audit_log l join orders o on o.id::text = l.entity_id
          where l.entity_type = 'order' and l.action = 'order.unsuccessful'
        union all select c.order_id, greatest(v.buyer_accepted_at, v.vendor_accepted_at)
          from contract_versions v join contracts c on c.id = v.contract_id where v.status in ('accepted', 'superseded')
        union all select c.order_id, m.at from contracts c cross join lateral (values (c.completed_at), (c.terminated_at)) as m(at)
        union all select d.order_id, d.status_changed_at from milestone_deliveries d where d.status in ('accepted', 'auto_accepted')
        union all select p.order_id, p.marked_paid_at from milestone_payments p where p.status in ('paid', 'confirmed')
      )
      select m.order_id, min(date_trunc('milliseconds', m.at)) as next_at
      from moments m join orders o on o.id = m.order_id
      where o.published_at is not null and m.at is not null ${notHidden(db, 'order', db`o.id`)}
        and date_trunc('milliseconds', m.at) <= ${opts.now}::timestamptz
        ${after ? db`and (date_trunc('milliseconds', m.at), m.order_id) >= (${after.at}::timestamptz, ${after.orderId}::uuid)` : db``}
      group by m.order_id
      order by next_at, m.order_id
      limit ${opts.limit}`;
  },

  /** The processes of these orders that are published and not hidden (others are left out), in no particular order. */
  async processes(db: Db, orderIds: readonly string[]): Promise<OcdsProcess[]> {
    const ids = orderIds.filter(isUuid);
    if (ids.length === 0) return [];
    const list = db.array([...ids]);
    const [rows, amendments, bidRows, awardRows, objectionRows, failures, contractRows, versionRows, milestoneRows, accepted, paid] = await Promise.all([
      db<ProcessOrderRow[]>`
        select o.*, b.name as buyer_name from orders o join organisations b on b.id = o.buyer_org_id
        where o.id = any(${list}::uuid[]) and o.published_at is not null ${notHidden(db, 'order', db`o.id`)}`,
      db<{ id: string; orderId: string; at: Date; reason: string | null; changes: Record<string, { from: unknown; to: unknown }> }[]>`
        select id::text, order_id, at, reason, changes from order_amendments where order_id = any(${list}::uuid[]) order by at, id`,
      db<{ id: string; orderId: string; vendorOrgId: string; vendorName: string; status: OcdsProcess['bids'][number]['status']; totalPriceFen: string; submittedAt: Date }[]>`
        select b.id, b.order_id, b.vendor_org_id, v.name as vendor_name, b.status, b.total_price_fen, b.submitted_at
        from bids b join organisations v on v.id = b.vendor_org_id
        where b.order_id = any(${list}::uuid[]) and b.status <> 'withdrawn'
        order by b.submitted_at, b.id`,
      db<{ id: string; orderId: string; bidId: string; awardedAt: Date; cancelledAt: Date | null }[]>`
        select id, order_id, bid_id, awarded_at, cancelled_at from awards where order_id = any(${list}::uuid[]) order by awarded_at, id`,
      db<{ orderId: string; awardId: string; status: OcdsProcess['objections'][number]['status']; decidedAt: Date | null }[]>`
        select order_id, award_id, status, decided_at from objections where order_id = any(${list}::uuid[])`,
      db<{ entityId: string; at: Date }[]>`
        select entity_id, min(at) as at from audit_log
        where entity_type = 'order' and action = 'order.unsuccessful' and entity_id = any(${db.array(ids)}::text[])
        group by entity_id`,
      db<{ id: string; orderId: string; awardId: string; completedAt: Date | null; terminatedAt: Date | null }[]>`
        select id, order_id, award_id, completed_at, terminated_at from contracts where order_id = any(${list}::uuid[])`,
      // the versions both sides agreed (in force now, or before a later one): the terms as they stood
      db<{ contractId: string; number: number; agreedAt: Date; terms: ContractTerms; reason: string | null }[]>`
        select v.contract_id, v.number, greatest(v.buyer_accepted_at, v.vendor_accepted_at) as agreed_at, v.terms, co.reason
        from contract_versions v join contracts c on c.id = v.contract_id left join change_orders co on co.id = v.change_order_id
        where c.order_id = any(${list}::uuid[]) and v.status in ('accepted', 'superseded')
        order by v.contract_id, v.number`,
      db<{ contractId: string; seq: number; id: string }[]>`
        select m.contract_id, m.seq, m.id from contract_milestones m join contracts c on c.id = m.contract_id
        where c.order_id = any(${list}::uuid[])`,
      // a milestone's accepted batch (accepted is final: its status changes no more), and when
      db<{ contractId: string; milestoneId: string; acceptedAt: Date }[]>`
        select m.contract_id, d.milestone_id, d.status_changed_at as accepted_at
        from milestone_deliveries d join contract_milestones m on m.id = d.milestone_id
        where d.order_id = any(${list}::uuid[]) and d.status in ('accepted', 'auto_accepted')`,
      // payments the buyer recorded as made; the invoice stays between the parties
      db<{ contractId: string; milestoneId: string; amountFen: string; paidOn: string; recordedAt: Date }[]>`
        select m.contract_id, p.milestone_id, p.amount_fen, p.paid_on::text as paid_on, p.marked_paid_at as recorded_at
        from milestone_payments p join contract_milestones m on m.id = p.milestone_id
        where p.order_id = any(${list}::uuid[]) and p.status in ('paid', 'confirmed') and p.marked_paid_at is not null
          and p.paid_on is not null`,
    ]);
    const of = <T extends { orderId: string }>(xs: readonly T[], id: string) => xs.filter((x) => x.orderId === id);
    return rows.map((o): OcdsProcess => ({
      order: {
        id: o.id, buyer: { id: o.buyerOrgId, name: o.buyerName }, title: o.title, description: o.description, modality: o.modality,
        taskTypes: o.taskTypes, volumeQuantity: o.volumeQuantity === null ? null : Number(o.volumeQuantity), volumeUnit: o.volumeUnit,
        unitPriceCeilingFen: o.unitPriceCeilingFen === null ? null : Number(o.unitPriceCeilingFen),
        budgetTotalFen: o.budgetTotalFen === null ? null : Number(o.budgetTotalFen),
        biddingMode: o.biddingMode, securityLevel: o.securityLevel, status: o.status, questionsCloseAt: o.questionsCloseAt,
        bidDeadline: o.bidDeadline, deliveryDeadline: o.deliveryDeadline, publishedAt: o.publishedAt, cancelledAt: o.cancelledAt,
        publicityEndsAt: o.publicityEndsAt, awardWindowEndsAt: o.awardWindowEndsAt,
      },
      amendments: of(amendments, o.id).map(({ orderId: _, ...a }) => a),
      bids: of(bidRows, o.id).map((b) => ({
        id: b.id, vendor: { id: b.vendorOrgId, name: b.vendorName }, status: b.status, totalPriceFen: Number(b.totalPriceFen), submittedAt: b.submittedAt,
      })),
      awards: of(awardRows, o.id).map(({ orderId: _, ...a }) => a),
      objections: of(objectionRows, o.id).map(({ orderId: _, ...x }) => x),
      unsuccessfulAt: failures.find((f) => f.entityId === o.id)?.at ?? null,
      contract: contractOf(contractRows.find((c) => c.orderId === o.id), versionRows, milestoneRows, accepted, paid),
    }));
  },

  /** The alliance secretariat (the first, if ever more than one), which decides objections: the review body of every process. */
  async reviewBody(db: Db): Promise<OcdsOrganisation | null> {
    const [row] = await db<OcdsOrganisation[]>`select id, name from organisations where kind = 'secretariat' order by created_at, id limit 1`;
    return row ?? null;
  },
};
