import { contractStatusesFor } from '@annex/domain';
import type { ChangeOrderChanges, ContractSide, ContractStatus, ContractTerms, ContractVersionStatus, ProposalStatus } from '@annex/domain';
import type { Db, Tx } from '../client.ts';
import { rethrowTyped } from '../errors.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { isUuid } from '../ids.ts';
import { plain } from './order-sql.ts';

// Contracts (migration 0011): one per order, made from the active award when the publicity window ends. The use
// cases lock the contract row (`lockByOrderId`), let packages/domain decide, and then write through the functions
// below; each write also checks the contract's `version` (optimistic concurrency) and the statuses it starts from,
// so a write decided on a stale read changes nothing.

/** A contract with the terms in force (or, before agreement, those the award started it with). */
export type ContractRow = {
  id: string;
  orderId: string;
  awardId: string;
  buyerOrgId: string;
  vendorOrgId: string;
  status: ContractStatus;
  priceFen: number;
  currency: 'CNY';
  volumeQuantity: number;
  volumeUnit: ContractTerms['volume']['unit'];
  accuracyTarget: number;
  acceptanceRule: Record<string, unknown> | null;
  deliveryDeadline: Date;
  paymentTermsDays: number;
  guidelineAttachmentId: string | null;
  /** the number of the version in force (null until both parties accepted one) */
  currentVersion: number | null;
  /** optimistic concurrency: bumped by every write */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  activatedAt: Date | null;
  completedAt: Date | null;
  terminatedAt: Date | null;
};

/** A contract as a list shows it: with its order's title and both parties' names. */
export type ContractListRow = ContractRow & { orderTitle: string; buyerName: string; vendorName: string };

/** One version of the terms, with who accepted which hash when. */
export type ContractVersionRow = {
  contractId: string;
  number: number;
  terms: ContractTerms;
  termsHash: string;
  status: ContractVersionStatus;
  changeOrderId: string | null;
  proposedBy: string | null;
  proposedAt: Date;
  buyerAcceptedBy: string | null;
  buyerAcceptedAt: Date | null;
  buyerAcceptedHash: string | null;
  vendorAcceptedBy: string | null;
  vendorAcceptedAt: Date | null;
  vendorAcceptedHash: string | null;
  changesMessage: string | null;
  changesRequestedBy: string | null;
  changesRequestedAt: Date | null;
};

/** A milestone (batch) of the terms in force; deliveries and payments refer to its id. */
export type MilestoneRow = {
  id: string;
  contractId: string;
  seq: number;
  title: string;
  quantity: number;
  dueAt: Date;
  amountFen: number;
  status: 'planned' | 'cancelled';
  sinceVersion: number;
  createdAt: Date;
  updatedAt: Date;
};

/** A change order: new values of some terms, proposed by one party and answered by the other. */
export type ChangeOrderRow = {
  id: string;
  contractId: string;
  baseVersion: number;
  proposedBySide: ContractSide;
  proposedBy: string | null;
  proposedAt: Date;
  changes: ChangeOrderChanges;
  reason: string;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionMessage: string | null;
  resultVersion: number | null;
};

/** An early termination: proposed by a party (agreement) or made by the secretariat. */
export type TerminationRow = {
  id: string;
  contractId: string;
  kind: 'agreement' | 'secretariat';
  proposedBySide: ContractSide | 'secretariat';
  proposedBy: string | null;
  proposedAt: Date;
  reason: string;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionMessage: string | null;
};

/** The outcome of a guarded contract write: `stale` when the version or the status moved since it was read. */
export type ContractWriteResult<T = ContractRow> = { ok: true; contract: ContractRow; value: T } | { ok: false; reason: 'not_found' | 'stale' };

/**
 * Locks the contract if its version is still `expected` and its status one of `from` (null otherwise). Each write
 * checks everything it needs before its first change, so a refused write leaves nothing behind even when the
 * caller's transaction commits.
 */
async function guard(tx: Db, id: string, expected: number, from: readonly ContractStatus[]): Promise<ContractRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx<ContractRow[]>`
    select * from contracts where id = ${id} and version = ${expected} and status = any(${tx.array([...from])}::text[])
    for update`;
  return row ?? null;
}

/** Bumps the version of a guarded contract, with its new status and the time it ended, if it did. */
async function bump(tx: Db, id: string, set: { status?: ContractStatus; terminated?: boolean } = {}): Promise<ContractRow> {
  const [row] = await tx<ContractRow[]>`
    update contracts set
      version = version + 1, updated_at = clock_timestamp(),
      status = coalesce(${set.status ?? null}::text, status),
      terminated_at = case when ${set.terminated ?? false}::boolean then clock_timestamp() else terminated_at end
    where id = ${id}
    returning *`;
  return row as ContractRow;
}

/** Makes the terms of version `number` those in force: the contract's columns and its milestone rows. */
async function applyVersion(tx: Db, contractId: string, number: number): Promise<ContractRow> {
  const [row] = await tx<ContractRow[]>`
    update contracts c set
      status = 'active', current_version = v.number, activated_at = coalesce(c.activated_at, clock_timestamp()),
      price_fen = (v.terms->>'priceFen')::bigint,
      volume_quantity = (v.terms->'volume'->>'quantity')::bigint,
      volume_unit = v.terms->'volume'->>'unit',
      accuracy_target = (v.terms->>'accuracyTarget')::numeric,
      acceptance_rule = nullif(v.terms->'acceptanceRule', 'null'::jsonb),
      delivery_deadline = (v.terms->>'deliveryDeadline')::timestamptz,
      payment_terms_days = (v.terms->>'paymentTermsDays')::integer,
      guideline_attachment_id = (v.terms->>'guidelineAttachmentId')::uuid
    from contract_versions v
    where c.id = ${contractId} and v.contract_id = c.id and v.number = ${number}
    returning c.*`;
  // milestones keep their ids by seq (deliveries refer to them); a batch the new plan drops is cancelled
  await tx`
    insert into contract_milestones (contract_id, seq, title, quantity, due_at, amount_fen, since_version)
    select ${contractId}, m.seq, m.title, m.quantity, m."dueAt", m."amountFen", ${number}
    from contract_versions v,
         jsonb_to_recordset(v.terms->'milestones') as m(seq integer, title text, quantity bigint, "dueAt" timestamptz, "amountFen" bigint)
    where v.contract_id = ${contractId} and v.number = ${number}
    on conflict (contract_id, seq) do update set
      title = excluded.title, quantity = excluded.quantity, due_at = excluded.due_at, amount_fen = excluded.amount_fen,
      status = 'planned', since_version = excluded.since_version, updated_at = clock_timestamp()
    where (contract_milestones.title, contract_milestones.quantity, contract_milestones.due_at, contract_milestones.amount_fen,
           contract_milestones.status)
          is distinct from (excluded.title, excluded.quantity, excluded.due_at, excluded.amount_fen, 'planned')`;
  await tx`
    update contract_milestones set status = 'cancelled', since_version = ${number}, updated_at = clock_timestamp()
    where contract_id = ${contractId} and status = 'planned'
      and seq not in (select (m->>'seq')::integer from contract_versions v, jsonb_array_elements(v.terms->'milestones') m
                      where v.contract_id = ${contractId} and v.number = ${number})`;
  return row as ContractRow;
}

const json = (db: Db, v: unknown) => db.json(plain(v) as never);

/** Contracts, their versions, milestones, change orders and terminations. */
export const contracts = {
  /**
   * The contract of an order, made now from its active award if it has none yet (the end of publicity, or the
   * first access to an order in progress whose publicity ended before the scheduler ran). Idempotent and safe
   * when two callers race: the unique order_id makes one insert win, the other reads the winner's row.
   * Null when the order has no active award or lacks the terms a contract needs.
   */
  async createForOrder(db: Db, orderId: string): Promise<{ contract: ContractRow; created: boolean } | null> {
    if (!isUuid(orderId)) return null;
    const [made] = await db<ContractRow[]>`
      insert into contracts (order_id, award_id, buyer_org_id, vendor_org_id, price_fen, volume_quantity, volume_unit,
                             accuracy_target, acceptance_rule, delivery_deadline)
      select o.id, a.id, o.buyer_org_id, b.vendor_org_id, b.total_price_fen, o.volume_quantity, o.volume_unit,
             o.accuracy_target, o.sampling_rule, o.delivery_deadline
      from orders o
      join awards a on a.order_id = o.id and a.cancelled_at is null
      join bids b on b.id = a.bid_id
      where o.id = ${orderId}
        and o.volume_quantity is not null and o.accuracy_target is not null and o.delivery_deadline is not null
      on conflict (order_id) do nothing
      returning *`;
    if (made) return { contract: made, created: true };
    const found = await contracts.getByOrderId(db, orderId);
    return found ? { contract: found, created: false } : null;
  },

  /** The contract of an order, or null. */
  async getByOrderId(db: Db, orderId: string): Promise<ContractRow | null> {
    if (!isUuid(orderId)) return null;
    const [row] = await db<ContractRow[]>`select * from contracts where order_id = ${orderId}`;
    return row ?? null;
  },

  /** The contract with this id, or null. */
  async getById(db: Db, id: string): Promise<ContractRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<ContractRow[]>`select * from contracts where id = ${id}`;
    return row ?? null;
  },

  /** The contract of an order, locked FOR UPDATE until the transaction ends; null if there is none. */
  async lockByOrderId(tx: Tx, orderId: string): Promise<ContractRow | null> {
    if (!isUuid(orderId)) return null;
    const [row] = await tx<ContractRow[]>`select * from contracts where order_id = ${orderId} for update`;
    return row ?? null;
  },

  /** The contract with this id, locked FOR UPDATE until the transaction ends; null if there is none. */
  async lockById(tx: Tx, id: string): Promise<ContractRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await tx<ContractRow[]>`select * from contracts where id = ${id} for update`;
    return row ?? null;
  },

  /** The contracts an organisation is a party of, newest first. */
  async listForOrg(db: Db, orgId: string, opts: { limit?: number } = {}): Promise<ContractRow[]> {
    if (!isUuid(orgId)) return [];
    return await db<ContractRow[]>`
      select * from contracts where buyer_org_id = ${orgId} or vendor_org_id = ${orgId}
      order by created_at desc, id desc limit ${Math.min(opts.limit ?? 100, 500)}`;
  },

  /** Every version of a contract's terms, oldest first. */
  async listVersions(db: Db, contractId: string): Promise<ContractVersionRow[]> {
    if (!isUuid(contractId)) return [];
    return await db<ContractVersionRow[]>`select * from contract_versions where contract_id = ${contractId} order by number`;
  },

  /** One version of a contract's terms, or null. */
  async getVersion(db: Db, contractId: string, number: number): Promise<ContractVersionRow | null> {
    if (!isUuid(contractId)) return null;
    const [row] = await db<ContractVersionRow[]>`select * from contract_versions where contract_id = ${contractId} and number = ${number}`;
    return row ?? null;
  },

  /** The milestones of the terms in force (cancelled ones too), by seq. */
  async listMilestones(db: Db, contractId: string): Promise<MilestoneRow[]> {
    if (!isUuid(contractId)) return [];
    return await db<MilestoneRow[]>`select * from contract_milestones where contract_id = ${contractId} order by seq`;
  },

  /** A milestone by id, or null. */
  async getMilestone(db: Db, id: string): Promise<MilestoneRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<MilestoneRow[]>`select * from contract_milestones where id = ${id}`;
    return row ?? null;
  },

  /** Every change order of a contract, oldest first. */
  async listChangeOrders(db: Db, contractId: string): Promise<ChangeOrderRow[]> {
    if (!isUuid(contractId)) return [];
    return await db<ChangeOrderRow[]>`select * from change_orders where contract_id = ${contractId} order by proposed_at, id`;
  },

  /** A change order by id, or null. */
  async getChangeOrder(db: Db, id: string): Promise<ChangeOrderRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<ChangeOrderRow[]>`select * from change_orders where id = ${id}`;
    return row ?? null;
  },

  /** Every termination (proposed, answered or made) of a contract, oldest first. */
  async listTerminations(db: Db, contractId: string): Promise<TerminationRow[]> {
    if (!isUuid(contractId)) return [];
    return await db<TerminationRow[]>`select * from contract_terminations where contract_id = ${contractId} order by proposed_at, id`;
  },

  /**
   * The buyer proposes terms (draft or after a request for changes): a new version numbered after the last, with
   * the buyer's acceptance of its hash, and the contract `proposed`.
   */
  async proposeVersion(
    tx: Tx, p: { contractId: string; expectedVersion: number; terms: ContractTerms; termsHash: string; proposedBy: string },
  ): Promise<ContractWriteResult<ContractVersionRow>> {
    if (!(await guard(tx, p.contractId, p.expectedVersion, contractStatusesFor('propose_terms')))) return { ok: false, reason: 'stale' };
    const [version] = await tx<ContractVersionRow[]>`
      insert into contract_versions (contract_id, number, terms, terms_hash, proposed_by, buyer_accepted_by, buyer_accepted_at, buyer_accepted_hash)
      select ${p.contractId}, coalesce(max(number), 0) + 1, ${json(tx, p.terms)}::jsonb, ${p.termsHash}, ${p.proposedBy},
             ${p.proposedBy}, clock_timestamp(), ${p.termsHash}
      from contract_versions where contract_id = ${p.contractId}
      returning *`;
    const contract = await bump(tx, p.contractId, { status: 'proposed' });
    return { ok: true, contract, value: version as ContractVersionRow };
  },

  /** The vendor asks for changes to the proposed version `number`, with a message; the contract `changes_requested`. */
  async requestChanges(
    tx: Tx, p: { contractId: string; expectedVersion: number; number: number; message: string; by: string },
  ): Promise<ContractWriteResult<ContractVersionRow>> {
    if (!(await guard(tx, p.contractId, p.expectedVersion, contractStatusesFor('request_changes')))) return { ok: false, reason: 'stale' };
    const [version] = await tx<ContractVersionRow[]>`
      update contract_versions set status = 'changes_requested', changes_message = ${p.message}, changes_requested_by = ${p.by},
        changes_requested_at = clock_timestamp()
      where contract_id = ${p.contractId} and number = ${p.number} and status = 'proposed'
      returning *`;
    if (!version) return { ok: false, reason: 'stale' };
    const contract = await bump(tx, p.contractId, { status: 'changes_requested' });
    return { ok: true, contract, value: version };
  },

  /**
   * The vendor accepts the proposed version `number` with the hash it was shown: both acceptances are in, so the
   * version is in force, the contract `active` and its milestones made. `stale` when the hash is not that of the
   * version (the terms changed under the vendor) or the contract moved.
   */
  async acceptProposal(
    tx: Tx, p: { contractId: string; expectedVersion: number; number: number; termsHash: string; by: string },
  ): Promise<ContractWriteResult<ContractVersionRow>> {
    if (!(await guard(tx, p.contractId, p.expectedVersion, contractStatusesFor('accept_terms')))) return { ok: false, reason: 'stale' };
    const [version] = await tx<ContractVersionRow[]>`
      update contract_versions set status = 'accepted', vendor_accepted_by = ${p.by}, vendor_accepted_at = clock_timestamp(),
        vendor_accepted_hash = ${p.termsHash}
      where contract_id = ${p.contractId} and number = ${p.number} and status = 'proposed' and terms_hash = ${p.termsHash}
      returning *`;
    if (!version) return { ok: false, reason: 'stale' };
    await bump(tx, p.contractId);
    const contract = await applyVersion(tx, p.contractId, p.number);
    return { ok: true, contract, value: version };
  },

  /** A party proposes a change order against the version in force. Refused (`stale`) while another is open. */
  async proposeChangeOrder(
    tx: Tx,
    p: { contractId: string; expectedVersion: number; baseVersion: number; side: ContractSide; by: string; changes: ChangeOrderChanges; reason: string },
  ): Promise<ContractWriteResult<ChangeOrderRow>> {
    const current = await guard(tx, p.contractId, p.expectedVersion, contractStatusesFor('propose_change'));
    if (!current || current.currentVersion !== p.baseVersion) return { ok: false, reason: 'stale' };
    try {
      const [row] = await tx<ChangeOrderRow[]>`
        insert into change_orders (contract_id, base_version, proposed_by_side, proposed_by, changes, reason)
        values (${p.contractId}, ${p.baseVersion}, ${p.side}, ${p.by}, ${json(tx, p.changes)}::jsonb, ${p.reason})
        returning *`;
      return { ok: true, contract: await bump(tx, p.contractId), value: row as ChangeOrderRow };
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /**
   * The other party accepts an open change order: `terms` (the version in force with the changes, decided by
   * packages/domain) become version current + 1 — accepted by the proposer when proposing and by `by` now — the
   * previous version is superseded, and the contract and its milestones take the new terms.
   */
  async acceptChangeOrder(
    tx: Tx,
    p: { contractId: string; expectedVersion: number; changeOrderId: string; terms: ContractTerms; termsHash: string; by: string; message: string | null },
  ): Promise<ContractWriteResult<{ changeOrder: ChangeOrderRow; version: ContractVersionRow }>> {
    const current = await guard(tx, p.contractId, p.expectedVersion, contractStatusesFor('answer_change'));
    if (!current || current.currentVersion === null || !isUuid(p.changeOrderId)) return { ok: false, reason: 'stale' };
    const [co] = await tx<ChangeOrderRow[]>`
      select * from change_orders where id = ${p.changeOrderId} and contract_id = ${p.contractId}
        and status = 'proposed' and base_version = ${current.currentVersion}`;
    if (!co) return { ok: false, reason: 'stale' };
    const number = current.currentVersion + 1;
    const buyer = co.proposedBySide === 'buyer' ? { by: co.proposedBy, at: co.proposedAt } : { by: p.by, at: null };
    const vendor = co.proposedBySide === 'vendor' ? { by: co.proposedBy, at: co.proposedAt } : { by: p.by, at: null };
    await tx`update contract_versions set status = 'superseded' where contract_id = ${p.contractId} and status = 'accepted'`;
    const [version] = await tx<ContractVersionRow[]>`
      insert into contract_versions (contract_id, number, terms, terms_hash, status, change_order_id, proposed_by, proposed_at,
                                     buyer_accepted_by, buyer_accepted_at, buyer_accepted_hash,
                                     vendor_accepted_by, vendor_accepted_at, vendor_accepted_hash)
      values (${p.contractId}, ${number}, ${json(tx, p.terms)}::jsonb, ${p.termsHash}, 'accepted', ${co.id}, ${co.proposedBy}, ${co.proposedAt},
              ${buyer.by}, coalesce(${buyer.at}::timestamptz, clock_timestamp()), ${p.termsHash},
              ${vendor.by}, coalesce(${vendor.at}::timestamptz, clock_timestamp()), ${p.termsHash})
      returning *`;
    const [changeOrder] = await tx<ChangeOrderRow[]>`
      update change_orders set status = 'accepted', decided_by = ${p.by}, decided_at = clock_timestamp(),
        decision_message = ${p.message}, result_version = ${number}
      where id = ${co.id}
      returning *`;
    await bump(tx, p.contractId);
    const contract = await applyVersion(tx, p.contractId, number);
    return { ok: true, contract, value: { changeOrder: changeOrder as ChangeOrderRow, version: version as ContractVersionRow } };
  },

  /** An open change order is declined (by the other party) or withdrawn (by its proposer); the terms stay. */
  async closeChangeOrder(
    tx: Tx, p: { contractId: string; expectedVersion: number; changeOrderId: string; status: 'declined' | 'withdrawn'; by: string; message: string | null },
  ): Promise<ContractWriteResult<ChangeOrderRow>> {
    const move = p.status === 'declined' ? 'answer_change' : 'withdraw_change';
    if (!(await guard(tx, p.contractId, p.expectedVersion, contractStatusesFor(move))) || !isUuid(p.changeOrderId)) return { ok: false, reason: 'stale' };
    const [row] = await tx<ChangeOrderRow[]>`
      update change_orders set status = ${p.status}, decided_by = ${p.by}, decided_at = clock_timestamp(), decision_message = ${p.message}
      where id = ${p.changeOrderId} and contract_id = ${p.contractId} and status = 'proposed'
      returning *`;
    if (!row) return { ok: false, reason: 'stale' };
    return { ok: true, contract: await bump(tx, p.contractId), value: row };
  },

  /** A party proposes to end the contract early by agreement. Refused (`stale`) while another proposal is open. */
  async proposeTermination(
    tx: Tx, p: { contractId: string; expectedVersion: number; side: ContractSide; by: string; reason: string },
  ): Promise<ContractWriteResult<TerminationRow>> {
    if (!(await guard(tx, p.contractId, p.expectedVersion, contractStatusesFor('propose_termination')))) return { ok: false, reason: 'stale' };
    try {
      const [row] = await tx<TerminationRow[]>`
        insert into contract_terminations (contract_id, kind, proposed_by_side, proposed_by, reason)
        values (${p.contractId}, 'agreement', ${p.side}, ${p.by}, ${p.reason})
        returning *`;
      return { ok: true, contract: await bump(tx, p.contractId), value: row as TerminationRow };
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /**
   * Answers an open termination proposal: accepted by the other party ends the contract (`terminated`); declined
   * by the other party or withdrawn by its proposer leaves it as it was.
   */
  async closeTermination(
    tx: Tx,
    p: { contractId: string; expectedVersion: number; terminationId: string; status: 'accepted' | 'declined' | 'withdrawn'; by: string; message: string | null },
  ): Promise<ContractWriteResult<TerminationRow>> {
    const move = p.status === 'accepted' ? 'accept_termination' : p.status === 'declined' ? 'decline_termination' : 'withdraw_termination';
    if (!(await guard(tx, p.contractId, p.expectedVersion, contractStatusesFor(move))) || !isUuid(p.terminationId)) return { ok: false, reason: 'stale' };
    const [row] = await tx<TerminationRow[]>`
      update contract_terminations set status = ${p.status}, decided_by = ${p.by}, decided_at = clock_timestamp(), decision_message = ${p.message}
      where id = ${p.terminationId} and contract_id = ${p.contractId} and status = 'proposed'
      returning *`;
    if (!row) return { ok: false, reason: 'stale' };
    const ends = p.status === 'accepted';
    if (ends) await closeOpenProposals(tx, p.contractId, p.by, 'the contract was terminated');
    return { ok: true, contract: await bump(tx, p.contractId, ends ? { status: 'terminated', terminated: true } : {}), value: row };
  },

  /** The secretariat ends the contract on a dispute, with a reason; open proposals are withdrawn with it. */
  async terminateBySecretariat(
    tx: Tx, p: { contractId: string; expectedVersion: number; by: string; reason: string },
  ): Promise<ContractWriteResult<TerminationRow>> {
    if (!(await guard(tx, p.contractId, p.expectedVersion, contractStatusesFor('terminate')))) return { ok: false, reason: 'stale' };
    await closeOpenProposals(tx, p.contractId, p.by, 'the secretariat terminated the contract');
    const [row] = await tx<TerminationRow[]>`
      insert into contract_terminations (contract_id, kind, proposed_by_side, proposed_by, reason, status, decided_by, decided_at)
      values (${p.contractId}, 'secretariat', 'secretariat', ${p.by}, ${p.reason}, 'accepted', ${p.by}, clock_timestamp())
      returning *`;
    return { ok: true, contract: await bump(tx, p.contractId, { status: 'terminated', terminated: true }), value: row as TerminationRow };
  },

  /**
   * One page of contracts, newest first: an organisation's (as buyer or vendor, or on one `side`), or with `orgId`
   * null every contract (the secretariat's oversight). With the order's title and both parties' names.
   */
  async list(
    db: Db, orgId: string | null, opts: { status?: ContractStatus; side?: ContractSide; cursor?: string | null; limit?: number } = {},
  ): Promise<{ items: ContractListRow[]; nextCursor: string | null }> {
    if (orgId !== null && !isUuid(orgId)) return { items: [], nextCursor: null };
    const n = pageSize(opts.limit);
    const at = opts.cursor ? decodeCursor(opts.cursor) : null;
    const party = orgId === null ? db``
      : opts.side === 'buyer' ? db`and c.buyer_org_id = ${orgId}`
      : opts.side === 'vendor' ? db`and c.vendor_org_id = ${orgId}`
      : db`and (c.buyer_org_id = ${orgId} or c.vendor_org_id = ${orgId})`;
    const rows = await db<(ContractListRow & { cursorUs: string })[]>`
      select c.*, o.title as order_title, b.name as buyer_name, v.name as vendor_name,
             (extract(epoch from c.created_at) * 1000000)::bigint::text as cursor_us
      from contracts c
      join orders o on o.id = c.order_id
      join organisations b on b.id = c.buyer_org_id
      join organisations v on v.id = c.vendor_org_id
      where true ${party}
        ${opts.status ? db`and c.status = ${opts.status}` : db``}
        ${at ? db`and (c.created_at, c.id) < ('epoch'::timestamptz + ${at.us}::bigint * interval '1 microsecond', ${at.id}::uuid)` : db``}
      order by c.created_at desc, c.id desc
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return {
      items: page.map(({ cursorUs: _, ...r }) => ({ ...r, priceFen: Number(r.priceFen) })),
      nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.id }) : null,
    };
  },

  /**
   * active → completed (all milestones accepted and paid: the delivery rules decide that, this only records it).
   * Null when the contract is not active (already completed, terminated, or never agreed).
   */
  async markCompleted(db: Db, contractId: string): Promise<ContractRow | null> {
    if (!isUuid(contractId)) return null;
    const [row] = await db<ContractRow[]>`
      update contracts set status = 'completed', completed_at = clock_timestamp(), version = version + 1, updated_at = clock_timestamp()
      where id = ${contractId} and status = any(${db.array([...contractStatusesFor('complete')])}::text[])
      returning *`;
    return row ?? null;
  },
};

// the open change order and termination proposal lapse when the contract ends
async function closeOpenProposals(tx: Tx, contractId: string, by: string, message: string): Promise<void> {
  await tx`
    update change_orders set status = 'withdrawn', decided_by = ${by}, decided_at = clock_timestamp(), decision_message = ${message}
    where contract_id = ${contractId} and status = 'proposed'`;
  await tx`
    update contract_terminations set status = 'withdrawn', decided_by = ${by}, decided_at = clock_timestamp(), decision_message = ${message}
    where contract_id = ${contractId} and status = 'proposed'`;
}

