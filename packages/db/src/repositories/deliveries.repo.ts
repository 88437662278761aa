import type { DeliveryStatus, PaymentStatus } from '@annex/domain';
import type { Db } from '../client.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';

/** A contract milestone with what its delivery and payment need: the contract's parties and terms, the order. */
export type MilestoneContextRow = {
  milestoneId: string;
  seq: number;
  title: string;
  quantity: number;
  amountFen: number;
  milestoneStatus: 'planned' | 'cancelled';
  contractId: string;
  contractStatus: string;
  buyerOrgId: string;
  vendorOrgId: string;
  accuracyTarget: number;
  acceptanceRule: Record<string, unknown> | null;
  paymentTermsDays: number;
  orderId: string;
  orderTitle: string;
  orderStatus: string;
};

/** One delivered batch (an attempt of a milestone). */
export type DeliveryRow = {
  id: string;
  milestoneId: string;
  orderId: string;
  attempt: number;
  status: DeliveryStatus;
  itemCount: number;
  link: string | null;
  checksum: string | null;
  notes: string;
  vendorQaAccuracy: number | null;
  deliveredBy: string | null;
  deliveredAt: Date;
  reviewEndsAt: Date;
  noticeSentAt: Date | null;
  statusChangedAt: Date;
  version: number;
};

export type InspectionRow = {
  deliveryId: string;
  seed: string;
  rule: Record<string, unknown>;
  plan: { sampleSize: number; codeLetter?: string; acceptNumber?: number; rejectNumber?: number };
  sampleItems: number[];
  startedBy: string | null;
  startedAt: Date;
};

export type InspectionErrorRow = { deliveryId: string; itemNumber: number; note: string; recordedAt: Date };

export type DecisionRow = {
  deliveryId: string;
  outcome: 'accepted' | 'rejected';
  decidedHow: 'buyer' | 'review_window';
  decidedBy: string | null;
  decidedAt: Date;
  reasons: string;
  sampleSize: number | null;
  errors: number | null;
  accuracy: number | null;
  intervalLow: number | null;
  intervalHigh: number | null;
  suggested: 'accept' | 'reject' | null;
};

/** A file of a batch (delivery null until the batch that takes it is delivered). */
export type DeliveryFileRow = {
  id: string;
  milestoneId: string;
  deliveryId: string | null;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  createdAt: Date;
};

/** A milestone's batches with everything recorded about each. */
export type DeliveryDetail = DeliveryRow & {
  files: DeliveryFileRow[];
  inspection: InspectionRow | null;
  errors: InspectionErrorRow[];
  decision: DecisionRow | null;
};

/** The decision of a batch to record. */
export type NewDecision = Omit<DecisionRow, 'decidedAt'>;

/** Why a guarded write of a batch did not happen. */
export type DeliveryWriteFailure = 'not_found' | 'state' | 'window' | 'version';

const CONTEXT = (db: Db) => db`
  select m.id as milestone_id, m.seq, m.title, m.quantity, m.amount_fen, m.status as milestone_status,
         c.id as contract_id, c.status as contract_status, c.buyer_org_id, c.vendor_org_id, c.accuracy_target,
         c.acceptance_rule, c.payment_terms_days, o.id as order_id, o.title as order_title, o.status as order_status
  from contract_milestones m
  join contracts c on c.id = m.contract_id
  join orders o on o.id = c.order_id`;

/** A milestone of a contract with where its delivery and payment stand (the contract page's overview). */
export type MilestoneProgressRow = {
  milestoneId: string;
  seq: number;
  title: string;
  quantity: number;
  amountFen: number;
  dueAt: Date;
  milestoneStatus: 'planned' | 'cancelled';
  attempts: number;
  latestStatus: DeliveryStatus | null;
  latestDeliveredAt: Date | null;
  reviewEndsAt: Date | null;
  paymentStatus: PaymentStatus | null;
  paymentDueOn: string | null;
  paidOn: string | null;
};

/** Batches delivered for contract milestones, their inspections and their one decision each. */
export const deliveries = {
  /** Every milestone of a contract, by sequence, with its latest batch and its payment. */
  async contractProgress(db: Db, contractId: string): Promise<MilestoneProgressRow[]> {
    if (!isUuid(contractId)) return [];
    return await db<MilestoneProgressRow[]>`
      select m.id as milestone_id, m.seq, m.title, m.quantity, m.amount_fen, m.due_at, m.status as milestone_status,
             (select count(*)::int from milestone_deliveries d where d.milestone_id = m.id) as attempts,
             l.status as latest_status, l.delivered_at as latest_delivered_at, l.review_ends_at,
             p.status as payment_status, p.due_on as payment_due_on, p.paid_on
      from contract_milestones m
      left join lateral (
        select status, delivered_at, review_ends_at from milestone_deliveries d where d.milestone_id = m.id order by attempt desc limit 1
      ) l on true
      left join milestone_payments p on p.milestone_id = m.id
      where m.contract_id = ${contractId}
      order by m.seq`;
  },

  /** The milestone of an order's contract, with the contract and the order; null when the order has no such milestone. */
  async milestoneContext(db: Db, orderId: string, milestoneId: string): Promise<MilestoneContextRow | null> {
    if (!isUuid(orderId) || !isUuid(milestoneId)) return null;
    const [row] = await db<MilestoneContextRow[]>`${CONTEXT(db)} where m.id = ${milestoneId} and c.order_id = ${orderId}`;
    return row ?? null;
  },

  /** The same by milestone alone (the scheduler's view). */
  async milestoneContextById(db: Db, milestoneId: string): Promise<MilestoneContextRow | null> {
    if (!isUuid(milestoneId)) return null;
    const [row] = await db<MilestoneContextRow[]>`${CONTEXT(db)} where m.id = ${milestoneId}`;
    return row ?? null;
  },

  /** Locks the milestone's row: deliveries of one milestone are numbered and checked one at a time. */
  async lockMilestone(db: Db, milestoneId: string): Promise<boolean> {
    if (!isUuid(milestoneId)) return false;
    const rows = await db`select id from contract_milestones where id = ${milestoneId} for update`;
    return rows.length === 1;
  },

  /** The batches of a milestone, oldest attempt first. */
  async listForMilestone(db: Db, milestoneId: string): Promise<DeliveryRow[]> {
    if (!isUuid(milestoneId)) return [];
    return await db<DeliveryRow[]>`select * from milestone_deliveries where milestone_id = ${milestoneId} order by attempt`;
  },

  /** The batches of a milestone with their files, inspection, errors and decision, oldest first. */
  async detailsForMilestone(db: Db, milestoneId: string): Promise<DeliveryDetail[]> {
    const rows = await deliveries.listForMilestone(db, milestoneId);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [files, inspections, errors, decisions] = await Promise.all([
      db<DeliveryFileRow[]>`select * from delivery_files where delivery_id in ${db(ids)} order by created_at, id`,
      db<InspectionRow[]>`select * from delivery_inspections where delivery_id in ${db(ids)}`,
      db<InspectionErrorRow[]>`select * from inspection_errors where delivery_id in ${db(ids)} order by item_number`,
      db<DecisionRow[]>`select * from delivery_decisions where delivery_id in ${db(ids)}`,
    ]);
    return rows.map((r) => ({
      ...r,
      files: files.filter((f) => f.deliveryId === r.id),
      inspection: inspections.find((i) => i.deliveryId === r.id) ?? null,
      errors: errors.filter((e) => e.deliveryId === r.id),
      decision: decisions.find((d) => d.deliveryId === r.id) ?? null,
    }));
  },

  /** One batch of a milestone, or null (also for another milestone's). */
  async get(db: Db, milestoneId: string, deliveryId: string): Promise<DeliveryRow | null> {
    if (!isUuid(milestoneId) || !isUuid(deliveryId)) return null;
    const [row] = await db<DeliveryRow[]>`select * from milestone_deliveries where id = ${deliveryId} and milestone_id = ${milestoneId}`;
    return row ?? null;
  },

  /** Locks a batch's row and returns it as it stands now. */
  async lock(db: Db, deliveryId: string): Promise<DeliveryRow | null> {
    if (!isUuid(deliveryId)) return null;
    const [row] = await db<DeliveryRow[]>`select * from milestone_deliveries where id = ${deliveryId} for update`;
    return row ?? null;
  },

  /**
   * Records a delivered batch as the milestone's next attempt (the caller holds the milestone's lock). The unique
   * indexes refuse a second batch in review and a second number, whatever the caller checked.
   */
  async create(
    db: Db,
    d: {
      milestoneId: string; orderId: string; itemCount: number; link: string | null; checksum: string | null; notes: string;
      vendorQaAccuracy: number | null; deliveredBy: string; deliveredAt: Date; reviewEndsAt: Date;
    },
  ): Promise<DeliveryRow> {
    try {
      const [row] = await db<DeliveryRow[]>`
        insert into milestone_deliveries (milestone_id, order_id, attempt, item_count, link, checksum, notes, vendor_qa_accuracy,
                                          delivered_by, delivered_at, status_changed_at, review_ends_at)
        values (${d.milestoneId}, ${d.orderId},
                (select coalesce(max(attempt), 0) + 1 from milestone_deliveries where milestone_id = ${d.milestoneId}),
                ${d.itemCount}, ${d.link}, ${d.checksum}, ${d.notes}, ${d.vendorQaAccuracy}, ${d.deliveredBy},
                ${d.deliveredAt}, ${d.deliveredAt}, ${d.reviewEndsAt})
        returning *`;
      return row as DeliveryRow;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /**
   * Moves a batch from one of `from` to `to` — only while the review window is open (`window: 'open'`), only once it
   * has ended (`'over'`), or regardless — and, when `version` is given, only if the batch is still at it. The
   * window is judged by the database clock.
   */
  async transition(
    db: Db,
    deliveryId: string,
    t: { from: readonly DeliveryStatus[]; to: DeliveryStatus; window: 'open' | 'over' | 'any'; version?: number | undefined },
  ): Promise<{ ok: true; row: DeliveryRow } | { ok: false; reason: DeliveryWriteFailure }> {
    if (!isUuid(deliveryId)) return { ok: false, reason: 'not_found' };
    const [row] = await db<DeliveryRow[]>`
      update milestone_deliveries set status = ${t.to}, status_changed_at = clock_timestamp(), version = version + 1
      where id = ${deliveryId} and status in ${db(t.from as DeliveryStatus[])}
        and (${t.window} = 'any' or (${t.window} = 'open') = (review_ends_at > clock_timestamp()))
        and (${t.version ?? null}::int is null or version = ${t.version ?? null}::int)
      returning *`;
    if (row) return { ok: true, row };
    const [now] = await db<{ status: DeliveryStatus; open: boolean; version: number }[]>`
      select status, review_ends_at > clock_timestamp() as open, version from milestone_deliveries where id = ${deliveryId}`;
    if (!now) return { ok: false, reason: 'not_found' };
    if (!t.from.includes(now.status)) return { ok: false, reason: 'state' };
    if (t.version !== undefined && now.version !== t.version) return { ok: false, reason: 'version' };
    return { ok: false, reason: 'window' };
  },

  /** Bumps a batch's version (its inspection changed). */
  async touch(db: Db, deliveryId: string): Promise<DeliveryRow> {
    const [row] = await db<DeliveryRow[]>`update milestone_deliveries set version = version + 1 where id = ${deliveryId} returning *`;
    return row as DeliveryRow;
  },

  /** Records that both sides were told of the automatic acceptance; false if someone did already. */
  async markNoticeSent(db: Db, deliveryId: string): Promise<boolean> {
    const rows = await db`
      update milestone_deliveries set notice_sent_at = clock_timestamp() where id = ${deliveryId} and notice_sent_at is null returning id`;
    return rows.length === 1;
  },

  /** Undecided batches whose notice or whose automatic acceptance is due by the database clock, oldest first. */
  async dueForClock(db: Db, limit = 100): Promise<{ id: string; milestoneId: string }[]> {
    // only under a contract in force: a terminated contract's batches wait for nobody
    return await db<{ id: string; milestoneId: string }[]>`
      select d.id, d.milestone_id from milestone_deliveries d
      join contract_milestones m on m.id = d.milestone_id join contracts c on c.id = m.contract_id
      where d.status in ('delivered', 'under_inspection') and c.status = 'active'
        and (d.review_ends_at <= clock_timestamp()
             or (d.notice_sent_at is null and d.review_ends_at - interval '1 day' <= clock_timestamp()))
      order by d.review_ends_at, d.id limit ${limit}`;
  },

  /** The inspection of a batch, or null. */
  async inspection(db: Db, deliveryId: string): Promise<InspectionRow | null> {
    if (!isUuid(deliveryId)) return null;
    const [row] = await db<InspectionRow[]>`select * from delivery_inspections where delivery_id = ${deliveryId}`;
    return row ?? null;
  },

  /** Records the drawn sample of a batch (one inspection per batch: the key refuses a second). */
  async addInspection(db: Db, i: Omit<InspectionRow, 'startedAt'>): Promise<InspectionRow> {
    try {
      const [row] = await db<InspectionRow[]>`
        insert into delivery_inspections (delivery_id, seed, rule, plan, sample_items, started_by)
        values (${i.deliveryId}, ${i.seed}, ${db.json(i.rule as never)}, ${db.json(i.plan as never)}, ${i.sampleItems}, ${i.startedBy})
        returning *`;
      return row as InspectionRow;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** The errors recorded in a batch's inspection, by item number. */
  async errors(db: Db, deliveryId: string): Promise<InspectionErrorRow[]> {
    return await db<InspectionErrorRow[]>`select * from inspection_errors where delivery_id = ${deliveryId} order by item_number`;
  },

  /** Replaces the errors recorded in a batch's inspection. */
  async replaceErrors(db: Db, deliveryId: string, errors: readonly { itemNumber: number; note: string }[], by: string): Promise<void> {
    await db`delete from inspection_errors where delivery_id = ${deliveryId}`;
    if (errors.length === 0) return;
    await db`
      insert into inspection_errors ${db(errors.map((e) => ({ deliveryId, itemNumber: e.itemNumber, note: e.note, recordedBy: by })))}`;
  },

  /**
   * Records the decision of a batch. The batch is its key: a second decision fails with
   * UniqueViolation('delivery_decisions_pkey') even when two race past the callers' checks.
   */
  async decide(db: Db, d: NewDecision): Promise<DecisionRow> {
    try {
      const [row] = await db<DecisionRow[]>`
        insert into delivery_decisions (delivery_id, outcome, decided_how, decided_by, reasons, sample_size, errors, accuracy,
                                        interval_low, interval_high, suggested)
        values (${d.deliveryId}, ${d.outcome}, ${d.decidedHow}, ${d.decidedBy}, ${d.reasons}, ${d.sampleSize}, ${d.errors},
                ${d.accuracy}, ${d.intervalLow}, ${d.intervalHigh}, ${d.suggested})
        returning *`;
      return row as DecisionRow;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** Records an uploaded file for the milestone's next batch. */
  async addFile(db: Db, f: Omit<DeliveryFileRow, 'id' | 'createdAt' | 'deliveryId'>): Promise<DeliveryFileRow> {
    try {
      const [row] = await db<DeliveryFileRow[]>`
        insert into delivery_files (milestone_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
        values (${f.milestoneId}, ${f.fileName}, ${f.contentType}, ${f.sizeBytes}, ${f.sha256}, ${f.storageKey}, ${f.uploadedBy})
        returning *`;
      return row as DeliveryFileRow;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** One file of a milestone, or null. */
  async getFile(db: Db, milestoneId: string, fileId: string): Promise<DeliveryFileRow | null> {
    if (!isUuid(milestoneId) || !isUuid(fileId)) return null;
    const [row] = await db<DeliveryFileRow[]>`select * from delivery_files where id = ${fileId} and milestone_id = ${milestoneId}`;
    return row ?? null;
  },

  /** Files uploaded for the milestone's next batch, oldest first. */
  async pendingFiles(db: Db, milestoneId: string): Promise<DeliveryFileRow[]> {
    if (!isUuid(milestoneId)) return [];
    return await db<DeliveryFileRow[]>`
      select * from delivery_files where milestone_id = ${milestoneId} and delivery_id is null order by created_at, id`;
  },

  /** Count and bytes of the files waiting for the milestone's next batch. */
  async pendingFileUsage(db: Db, milestoneId: string): Promise<{ count: number; bytes: number }> {
    const [row] = await db<{ count: number; bytes: number }[]>`
      select count(*)::int as count, coalesce(sum(size_bytes), 0)::bigint as bytes
      from delivery_files where milestone_id = ${milestoneId} and delivery_id is null`;
    return row ?? { count: 0, bytes: 0 };
  },

  /** Binds waiting files of the milestone to a batch; returns how many it bound (fewer than asked: some were not waiting). */
  async bindFiles(db: Db, milestoneId: string, deliveryId: string, fileIds: readonly string[]): Promise<number> {
    if (fileIds.length === 0) return 0;
    if (!fileIds.every(isUuid)) return 0;
    const rows = await db`
      update delivery_files set delivery_id = ${deliveryId}
      where milestone_id = ${milestoneId} and delivery_id is null and id in ${db(fileIds as string[])} returning id`;
    return rows.length;
  },
};
