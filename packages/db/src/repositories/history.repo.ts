import type { Db } from '../client.ts';
import type { AuditEntry } from './audit.repo.ts';
import type { AwardRow } from './awards.repo.ts';
import { BID_SNAPSHOT, type BidRow, type NewBid } from './bids.repo.ts';
import { type NewOrder, type OrderRow, orders } from './orders.repo.ts';
import type { CaseStatus, MaterialStatus } from '@annex/domain';
import type { NewCaseFile } from './policy-cases.repo.ts';
import type { QuestionRow } from './questions.repo.ts';

/** The stamps an order's past steps left on its row. */
export type PastOrderStamps = {
  createdAt: Date;
  submittedAt: Date | null;
  /** the last step's time */
  updatedAt: Date;
  /** one per step taken since the draft was saved */
  version: number;
};

/**
 * Records of steps taken in the past, each at its own time (the demo market's history). The live writes stamp
 * rows with the database clock and refuse anything past a deadline; these write what those writes would have
 * written at the given times, for callers that have checked the domain's rules at those times themselves.
 */
export const history = {
  /** An order as its past steps left it. */
  async order(db: Db, o: NewOrder & PastOrderStamps): Promise<OrderRow> {
    const { createdAt, submittedAt, updatedAt, version, ...fields } = o;
    const id = await orders.create(db, fields);
    const [row] = await db<OrderRow[]>`
      update orders set created_at = ${createdAt}, submitted_at = ${submittedAt}, updated_at = ${updatedAt}, version = ${version}
      where id = ${id}
      returning *`;
    return row as OrderRow;
  },

  /** An audit record written at `at` (the log stays append-only: it is inserted, never changed). */
  async audit(db: Db, e: AuditEntry & { at: Date }): Promise<void> {
    const json = (v: unknown) => (v === undefined || v === null ? null : db.json(JSON.parse(JSON.stringify(v))));
    await db`
      insert into audit_log (at, actor_user_id, actor_org_id, entity_type, entity_id, action, before, after, request_id)
      values (${e.at}, ${e.actorUserId ?? null}, ${e.actorOrgId ?? null}, ${e.entityType}, ${e.entityId}, ${e.action},
              ${json(e.before)}, ${json(e.after)}, ${e.requestId ?? null})`;
  },

  /** A question asked at `askedAt`. */
  async question(db: Db, q: { orderId: string; askerOrgId: string; askerUserId: string; body: string; askedAt: Date }): Promise<QuestionRow> {
    const [row] = await db<QuestionRow[]>`
      insert into questions (order_id, asker_org_id, asker_user_id, body, created_at)
      values (${q.orderId}, ${q.askerOrgId}, ${q.askerUserId}, ${q.body}, ${q.askedAt})
      returning *`;
    return row as QuestionRow;
  },

  /** The buyer's answer to a question, given at `at`. */
  async answer(db: Db, a: { questionId: string; answer: string; answeredBy: string; at: Date }): Promise<void> {
    await db`update questions set answer = ${a.answer}, answered_at = ${a.at}, answered_by = ${a.answeredBy} where id = ${a.questionId}`;
  },

  /** A bid placed at `at`, with its first revision. */
  async bid(db: Db, b: NewBid & { at: Date }): Promise<BidRow> {
    const [row] = await db<BidRow[]>`
      with w as (
        insert into bids (order_id, vendor_org_id, total_price_fen, unit_price_fen, delivery_days, team_size, committed_accuracy,
                          proposal, quote_lines, submitted_at, updated_at, submitted_by)
        values (${b.orderId}, ${b.vendorOrgId}, ${b.totalPriceFen}, ${b.unitPriceFen}, ${b.deliveryDays}, ${b.teamSize},
                ${b.committedAccuracy}, ${b.proposal ?? ''}, ${db.json(JSON.parse(JSON.stringify(b.quoteLines ?? [])))}, ${b.at}, ${b.at},
                ${b.submittedBy ?? null})
        returning *
      ),
      rev as (
        insert into bid_revisions (bid_id, revision, snapshot, created_at)
        select id, revision, ${db.unsafe(BID_SNAPSHOT)}, updated_at from w
      )
      select * from w`;
    return row as BidRow;
  },

  /** An award made at `at`: the winning bid `awarded`, the order's other active bids `not_awarded`. */
  async award(db: Db, a: { orderId: string; bidId: string; reason: string; awardedBy: string; at: Date }): Promise<AwardRow> {
    const [row] = await db<AwardRow[]>`
      insert into awards (order_id, bid_id, reason, awarded_by, awarded_at)
      values (${a.orderId}, ${a.bidId}, ${a.reason}, ${a.awardedBy}, ${a.at})
      returning *`;
    await db`
      update bids set status = case when id = ${a.bidId} then 'awarded' else 'not_awarded' end, updated_at = ${a.at}
      where order_id = ${a.orderId} and status = 'active'`;
    return row as AwardRow;
  },
  /** A policy case as its past steps left it: its state, reasons and the times of its steps. */
  async policyCase(
    db: Db, id: string,
    c: {
      status: CaseStatus; createdAt: Date; updatedAt: Date; acceptedAt: Date | null; filedAt: Date | null; decidedAt: Date | null;
      closedAt: Date | null; rejectReason: string | null; withdrawReason: string | null;
    },
  ): Promise<void> {
    await db`
      update policy_cases set status = ${c.status}, created_at = ${c.createdAt}, updated_at = ${c.updatedAt}, accepted_at = ${c.acceptedAt},
        filed_at = ${c.filedAt}, decided_at = ${c.decidedAt}, closed_at = ${c.closedAt}, reject_reason = ${c.rejectReason},
        withdraw_reason = ${c.withdrawReason}
      where id = ${id}`;
  },

  /** A material of a case as its past uploads and reviews left it. */
  async caseMaterial(
    db: Db, caseId: string, materialId: string,
    m: { status: MaterialStatus; reviewReason: string | null; reviewedBy: string | null; reviewedAt: Date | null; updatedAt: Date },
  ): Promise<void> {
    await db`
      update policy_case_materials set status = ${m.status}, review_reason = ${m.reviewReason}, reviewed_by = ${m.reviewedBy},
        reviewed_at = ${m.reviewedAt}, updated_at = ${m.updatedAt}
      where case_id = ${caseId} and material_id = ${materialId}`;
  },

  /** A file handed in for a case's material at `at`. */
  async caseFile(db: Db, f: NewCaseFile & { at: Date }): Promise<void> {
    await db`
      insert into policy_case_files (case_id, material_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by, created_at)
      values (${f.caseId}, ${f.materialId}, ${f.fileName}, ${f.contentType}, ${f.sizeBytes}, ${f.sha256}, ${f.storageKey}, ${f.uploadedBy}, ${f.at})`;
  },

  /** A message of a case's thread written at `at`. */
  async caseMessage(
    db: Db, m: { caseId: string; authorUserId: string; authorOrgId: string | null; fromSecretariat: boolean; body: string; at: Date },
  ): Promise<void> {
    await db`
      insert into policy_case_messages (case_id, author_user_id, author_org_id, from_secretariat, body, created_at)
      values (${m.caseId}, ${m.authorUserId}, ${m.authorOrgId}, ${m.fromSecretariat}, ${m.body}, ${m.at})`;
  },
};
