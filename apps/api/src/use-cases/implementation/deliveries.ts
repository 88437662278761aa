import { randomBytes } from 'node:crypto';
import type {
  DecideRejectionDisputeRequest, DeliverRequest, DeliveryDecisionRequest, DeliveryFile, MilestoneImplementation, RecordErrorsRequest,
} from '@annex/contracts';
import {
  CONSTRAINTS, type DeliveryRow, type DeliveryWriteFailure, type Tx, dbNow, deliveries, disputes, isUniqueViolation, organisations,
  withTransaction, workingCalendar,
} from '@annex/db';
import {
  type AcceptanceRule, type DeliveryAction, type DeliveryRuleError, applyDeliveryAction, checkManifest, checkRecordedErrors, deliveryStatusesFor,
  drawSample, mayDeliver, milestoneDeliveryState, reviewWindowEndsAt, samplingPlan, inspectionRuleOf, DELIVERY_STEPS,
} from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type UploadLimits, type UploadedFile, checkUpload, storeUpload } from '../../lib/uploads.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { type MilestoneAccess, loadMilestone, record, requireContractInForce, requireParty, toParties } from './access.ts';
import { implementationView, measure, toDeliveryFile } from './presenters.ts';
import { openPayment } from './steps.ts';

/** A batch's files: at most 20, 200 MB in all (large deliveries go by link with a checksum). */
const BATCH_FILE_LIMITS: UploadLimits = { holder: 'a batch', maxFiles: 20, maxTotalBytes: 200 * 1024 * 1024 };

const RULE_ERRORS: Record<DeliveryRuleError, (what: string) => AppError> = {
  forbidden: (what) => new AppError('forbidden', `you cannot ${what} on this batch`),
  invalid_transition: (what) => new AppError('invalid_transition', `the batch is not in a state to ${what}`),
  reason_required: () => new AppError('rule_violation', 'give the reasons', { errors: [{ path: 'reasons', message: 'required' }] }),
  review_window_over: () => new AppError('review_window_over', 'the review window has ended: the batch is accepted automatically'),
  review_window_open: () => new AppError('invalid_transition', 'the review window is still open'),
  dispute_decided: () => new AppError('invalid_transition', 'this rejection has been disputed already'),
};

const WRITE_FAILURES: Record<DeliveryWriteFailure, (what: string) => AppError> = {
  not_found: () => new AppError('not_found', 'no batch with this id'),
  state: (what) => new AppError('invalid_transition', `the batch changed meanwhile and can no longer ${what}`),
  window: () => RULE_ERRORS.review_window_over(''),
  version: () => new AppError('version_conflict', 'the batch changed since you read it; reload it and try again'),
};

const actorOf = (auth: AuthContext, a: MilestoneAccess) => ({ userId: auth.user.id, orgId: a.orgId });

/** The batch under its lock, checked to belong to the milestone. */
async function lockBatch(tx: Tx, a: MilestoneAccess, deliveryId: string): Promise<DeliveryRow> {
  await deliveries.lockMilestone(tx, a.ctx.milestoneId);
  const found = await deliveries.get(tx, a.ctx.milestoneId, deliveryId);
  const row = found ? await deliveries.lock(tx, found.id) : null;
  if (!row) throw new AppError('not_found', 'no batch with this id on this milestone');
  return row;
}

/** Checks a step with the domain against the database clock (which also guards the write). */
async function check(tx: Tx, a: MilestoneAccess, row: DeliveryRow, action: DeliveryAction, what: string): Promise<void> {
  const dispute = action.type === 'dispute' ? (await disputes.forMilestone(tx, a.ctx.milestoneId)).some((d) => d.deliveryId === row.id) : false;
  const r = applyDeliveryAction({ status: row.status, reviewEndsAt: row.reviewEndsAt, disputed: dispute }, action, a.role, await dbNow(tx));
  if (!r.ok) throw RULE_ERRORS[r.error](what);
}

/** GET …/milestones/{mid}/implementation: the batches, the payment and what the caller may do. */
export async function getImplementation(deps: Deps, auth: AuthContext, orderId: string, milestoneId: string): Promise<MilestoneImplementation> {
  return await implementationView(deps, await loadMilestone(deps, auth, orderId, milestoneId));
}

/** POST …/files: the vendor uploads a file of its next batch (bound to the batch when it delivers). */
export async function uploadDeliveryFile(
  deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, file: UploadedFile, meta: RequestMeta,
): Promise<DeliveryFile> {
  const a = await loadMilestone(deps, auth, orderId, milestoneId);
  requireParty(a, 'vendor', 'deliver');
  requireContractInForce(a.ctx);
  if (!mayDeliver(milestoneDeliveryState(await deliveries.listForMilestone(db(deps), milestoneId)))) {
    throw new AppError('invalid_transition', 'a batch of this milestone is in review, in dispute or accepted');
  }
  const upload = await checkUpload(file, BATCH_FILE_LIMITS, () => deliveries.pendingFileUsage(db(deps), milestoneId));
  const row = await storeUpload(deps.storage, upload, (f) =>
    withTransaction(db(deps), async (tx) => {
      const added = await deliveries.addFile(tx, { ...f, milestoneId, uploadedBy: auth.user.id });
      await record(tx, { ctx: a.ctx, actor: actorOf(auth, a), meta }, 'delivery.file_added',
        { after: { fileId: added.id, fileName: added.fileName, sizeBytes: added.sizeBytes } }, []);
      return added;
    }));
  return toDeliveryFile(row);
}

/** GET …/files/{fileId}: a batch's file to both parties and the secretariat; a file not yet delivered to the vendor only. */
export async function downloadDeliveryFile(deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, fileId: string) {
  const a = await loadMilestone(deps, auth, orderId, milestoneId);
  const row = await deliveries.getFile(db(deps), milestoneId, fileId);
  if (!row || (row.deliveryId === null && a.role !== 'vendor')) throw new AppError('not_found', 'no file with this id');
  const bytes = await deps.storage.get(row.storageKey);
  if (!bytes) throw new AppError('not_found', 'the file is missing from storage');
  return { row, bytes };
}

/**
 * POST …/deliveries: the vendor delivers a batch (the first, or rework after a rejection that stands). The review
 * window starts: `reviewWindowWorkingDays` working days by the calendar, ending at midnight in Asia/Shanghai.
 */
export async function deliverBatch(
  deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, body: DeliverRequest, meta: RequestMeta,
): Promise<MilestoneImplementation> {
  const a = await loadMilestone(deps, auth, orderId, milestoneId);
  requireParty(a, 'vendor', 'deliver');
  requireContractInForce(a.ctx);
  const manifest = checkManifest(
    { itemCount: body.itemCount, fileCount: body.fileIds.length, link: body.link, checksum: body.checksum, vendorQaAccuracy: body.vendorQaAccuracy },
    a.ctx.quantity,
  );
  if (!manifest.ok) {
    const field: Record<typeof manifest.error, [string, string]> = {
      item_count: ['itemCount', `between 1 and the milestone's ${a.ctx.quantity} items`],
      content_required: ['fileIds', 'upload files or give a link'],
      checksum_required: ['checksum', 'a link needs the checksum of what it points to'],
      checksum_format: ['checksum', 'sha256:<64 hex>, sha512:<128 hex> or md5:<32 hex>'],
      qa_accuracy: ['vendorQaAccuracy', '0 to 100'],
    };
    const [path, message] = field[manifest.error];
    throw new AppError('rule_violation', `the manifest is incomplete: ${message}`, { errors: [{ path, message }] });
  }
  await withTransaction(db(deps), async (tx) => {
    await deliveries.lockMilestone(tx, milestoneId);
    const attempts = await deliveries.listForMilestone(tx, milestoneId);
    if (!mayDeliver(milestoneDeliveryState(attempts))) {
      throw new AppError('invalid_transition', 'a batch of this milestone is in review, in dispute or accepted');
    }
    const now = await dbNow(tx);
    const year = Number(now.toISOString().slice(0, 4));
    const cal = await workingCalendar.load(tx, year, year + 1);
    let row: DeliveryRow;
    try {
      row = await deliveries.create(tx, {
        milestoneId, orderId, itemCount: body.itemCount, link: body.link, checksum: body.checksum, notes: body.notes,
        vendorQaAccuracy: body.vendorQaAccuracy, deliveredBy: auth.user.id, deliveredAt: now,
        reviewEndsAt: reviewWindowEndsAt(cal, now, deps.config.reviewWindowWorkingDays),
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('invalid_transition', 'another batch of this milestone was delivered meanwhile');
      throw err;
    }
    const bound = await deliveries.bindFiles(tx, milestoneId, row.id, body.fileIds);
    if (bound !== new Set(body.fileIds).size) {
      throw new AppError('rule_violation', 'some files are not uploads waiting for this milestone', { errors: [{ path: 'fileIds', message: 'unknown or delivered already' }] });
    }
    await record(tx, { ctx: a.ctx, actor: actorOf(auth, a), meta }, 'delivery.delivered', {
      after: { deliveryId: row.id, attempt: row.attempt, status: row.status, itemCount: row.itemCount, files: bound, link: row.link, reviewEndsAt: row.reviewEndsAt },
    }, toParties(a.ctx, [a.ctx.buyerOrgId], 'batch_delivered', { attempt: row.attempt, itemCount: row.itemCount, reviewEndsAt: row.reviewEndsAt.toISOString() }));
  });
  return await implementationView(deps, a);
}

/**
 * POST …/deliveries/{did}/inspection: the buyer starts inspecting. Annex draws the sample from a fresh random seed
 * it records, under the contract's acceptance rule and the plan for the batch's size; anyone can draw it again.
 */
export async function startInspection(
  deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, deliveryId: string, meta: RequestMeta,
): Promise<MilestoneImplementation> {
  const a = await loadMilestone(deps, auth, orderId, milestoneId);
  requireContractInForce(a.ctx);
  await withTransaction(db(deps), async (tx) => {
    const row = await lockBatch(tx, a, deliveryId);
    await check(tx, a, row, { type: 'start_inspection' }, 'start an inspection');
    const rule: AcceptanceRule = inspectionRuleOf(a.ctx.acceptanceRule, row.itemCount, a.ctx.accuracyTarget);
    const plan = samplingPlan(rule, row.itemCount);
    const seed = randomBytes(16).toString('hex');
    const sampleItems = drawSample(seed, row.itemCount, plan.sampleSize);
    const moved = await deliveries.transition(tx, row.id, { from: deliveryStatusesFor('start_inspection'), to: 'under_inspection', window: 'open' });
    if (!moved.ok) throw WRITE_FAILURES[moved.reason]('start an inspection');
    await deliveries.addInspection(tx, { deliveryId: row.id, seed, rule: rule as never, plan, sampleItems, startedBy: auth.user.id });
    await record(tx, { ctx: a.ctx, actor: actorOf(auth, a), meta }, 'delivery.inspection_started', {
      before: { status: row.status }, after: { deliveryId: row.id, attempt: row.attempt, status: 'under_inspection', seed, rule, plan, sampleSize: plan.sampleSize },
    }, toParties(a.ctx, [a.ctx.vendorOrgId], 'batch_inspection_started', { attempt: row.attempt }));
  });
  return await implementationView(deps, a);
}

/** PUT …/deliveries/{did}/inspection/errors: the buyer records the errors found so far, each a sampled item with a note. */
export async function recordErrors(
  deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, deliveryId: string, body: RecordErrorsRequest, meta: RequestMeta,
): Promise<MilestoneImplementation> {
  const a = await loadMilestone(deps, auth, orderId, milestoneId);
  requireParty(a, 'buyer', 'record errors');
  requireContractInForce(a.ctx);
  await withTransaction(db(deps), async (tx) => {
    const row = await lockBatch(tx, a, deliveryId);
    if (row.status !== 'under_inspection') throw new AppError('invalid_transition', 'errors are recorded while the batch is under inspection');
    if ((await dbNow(tx)) >= row.reviewEndsAt) throw RULE_ERRORS.review_window_over('');
    if (body.version !== undefined && body.version !== row.version) throw WRITE_FAILURES.version('');
    const inspection = await deliveries.inspection(tx, row.id);
    if (!inspection) throw new AppError('invalid_transition', 'no sample was drawn for this batch');
    const checked = checkRecordedErrors(inspection.sampleItems, body.errors);
    if (!checked.ok) {
      const message = checked.error === 'not_in_sample' ? 'an item number that was not drawn' : 'an item number given twice';
      throw new AppError('rule_violation', `errors are recorded for the drawn items, each once: ${message}`, { errors: [{ path: 'errors', message }] });
    }
    await deliveries.replaceErrors(tx, row.id, body.errors, auth.user.id);
    await deliveries.touch(tx, row.id);
    // the vendor is told of the decision, not of each entry on the way to it
    await record(tx, { ctx: a.ctx, actor: actorOf(auth, a), meta }, 'delivery.errors_recorded',
      { after: { deliveryId: row.id, attempt: row.attempt, errors: checked.value } }, []);
  });
  return await implementationView(deps, a);
}

/**
 * POST …/deliveries/{did}/decision: the buyer accepts, or rejects with reasons after sampling, before the review
 * window ends (by the database clock). One decision per batch: the batch's row lock orders racing requests and
 * the decision table's key refuses a second one whatever happens.
 */
export async function decideBatch(
  deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, deliveryId: string, body: DeliveryDecisionRequest, meta: RequestMeta,
): Promise<MilestoneImplementation> {
  const a = await loadMilestone(deps, auth, orderId, milestoneId);
  requireContractInForce(a.ctx);
  const action: DeliveryAction = body.decision === 'accept' ? { type: 'accept' } : { type: 'reject', reasons: body.reasons };
  const what = body.decision === 'accept' ? 'accept it' : 'reject it';
  await withTransaction(db(deps), async (tx) => {
    const row = await lockBatch(tx, a, deliveryId);
    await check(tx, a, row, action, what);
    const inspection = await deliveries.inspection(tx, row.id);
    const errors = inspection ? (await deliveries.errors(tx, row.id)).length : null;
    const m = inspection && errors !== null ? measure(inspection.rule as AcceptanceRule, inspection.plan, a.ctx.accuracyTarget, errors) : null;
    const to = DELIVERY_STEPS[action.type].to;
    const moved = await deliveries.transition(tx, row.id, { from: deliveryStatusesFor(action.type), to, window: 'open', version: body.version });
    if (!moved.ok) throw WRITE_FAILURES[moved.reason](what);
    try {
      await deliveries.decide(tx, {
        deliveryId: row.id, outcome: to === 'accepted' ? 'accepted' : 'rejected', decidedHow: 'buyer', decidedBy: auth.user.id,
        reasons: body.reasons, sampleSize: m?.sampleSize ?? null, errors: m?.errors ?? null, accuracy: m?.accuracy ?? null,
        intervalLow: m?.interval.low ?? null, intervalHigh: m?.interval.high ?? null, suggested: m?.verdict ?? null,
      });
    } catch (err) {
      if (isUniqueViolation(err, CONSTRAINTS.deliveryDecisionsOnePerBatch)) throw new AppError('invalid_transition', 'this batch has been decided already');
      throw err;
    }
    if (to === 'accepted') await openPayment(tx, a.ctx, moved.row.statusChangedAt);
    const measured = m ? { accuracy: m.accuracy, interval: m.interval, errors: m.errors, sampleSize: m.sampleSize, suggested: m.verdict } : {};
    await record(tx, { ctx: a.ctx, actor: actorOf(auth, a), meta }, to === 'accepted' ? 'delivery.accepted' : 'delivery.rejected', {
      before: { status: row.status }, after: { deliveryId: row.id, attempt: row.attempt, status: to, reasons: body.reasons, ...measured },
    }, to === 'accepted'
      ? toParties(a.ctx, [a.ctx.vendorOrgId], 'batch_accepted', { attempt: row.attempt, how: 'buyer' })
      : toParties(a.ctx, [a.ctx.vendorOrgId], 'batch_rejected', { attempt: row.attempt, reason: body.reasons }));
  });
  return await implementationView(deps, a);
}

/** POST …/deliveries/{did}/dispute: the vendor disputes a rejection; the secretariat decides. */
export async function disputeRejection(
  deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, deliveryId: string, reason: string, meta: RequestMeta,
): Promise<MilestoneImplementation> {
  const a = await loadMilestone(deps, auth, orderId, milestoneId);
  requireContractInForce(a.ctx);
  await withTransaction(db(deps), async (tx) => {
    const row = await lockBatch(tx, a, deliveryId);
    await check(tx, a, row, { type: 'dispute', reason }, 'dispute it');
    const moved = await deliveries.transition(tx, row.id, { from: deliveryStatusesFor('dispute'), to: 'disputed', window: 'any' });
    if (!moved.ok) throw WRITE_FAILURES[moved.reason]('dispute it');
    let filed: Awaited<ReturnType<typeof disputes.file>>;
    try {
      filed = await disputes.file(tx, {
        orderId, milestoneId, subject: 'rejection', deliveryId: row.id, raisedByRole: 'vendor', raisedByOrg: a.ctx.vendorOrgId, raisedBy: auth.user.id, reason,
      });
    } catch (err) {
      if (isUniqueViolation(err, CONSTRAINTS.disputesOnePerRejection)) throw RULE_ERRORS.dispute_decided('');
      throw err;
    }
    const secretariat = await organisations.listIdsOfKind(tx, 'secretariat');
    await record(tx, { ctx: a.ctx, actor: actorOf(auth, a), meta }, 'delivery.disputed', {
      before: { status: row.status }, after: { deliveryId: row.id, attempt: row.attempt, status: 'disputed', disputeId: filed.id, reason },
    }, toParties(a.ctx, [a.ctx.buyerOrgId, ...secretariat], 'batch_disputed', { attempt: row.attempt, reason }));
  });
  return await implementationView(deps, a);
}

/**
 * POST …/deliveries/{did}/dispute/decision: the secretariat upholds the rejection (the vendor reworks) or overturns
 * it (the batch is accepted and its payment opens).
 */
export async function decideRejectionDispute(
  deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, deliveryId: string, body: DecideRejectionDisputeRequest, meta: RequestMeta,
): Promise<MilestoneImplementation> {
  const a = await loadMilestone(deps, auth, orderId, milestoneId);
  const action: DeliveryAction = body.decision === 'uphold'
    ? { type: 'uphold_rejection', reason: body.reason }
    : { type: 'overturn_rejection', reason: body.reason };
  await withTransaction(db(deps), async (tx) => {
    const row = await lockBatch(tx, a, deliveryId);
    await check(tx, a, row, action, 'decide the dispute');
    const to = DELIVERY_STEPS[action.type].to;
    const moved = await deliveries.transition(tx, row.id, { from: deliveryStatusesFor(action.type), to, window: 'any' });
    if (!moved.ok) throw WRITE_FAILURES[moved.reason]('decide the dispute');
    const pending = (await disputes.forMilestone(tx, milestoneId)).find((d) => d.deliveryId === row.id && d.status === 'pending');
    if (!pending) throw new AppError('invalid_transition', 'this dispute has been decided already');
    const outcome = body.decision === 'uphold' ? 'upheld' : 'overturned';
    const decided = await disputes.decide(tx, pending.id, { status: outcome, reason: body.reason, by: auth.user.id });
    if (!decided) throw new AppError('invalid_transition', 'this dispute has been decided already');
    if (to === 'accepted') await openPayment(tx, a.ctx, moved.row.statusChangedAt);
    await record(tx, { ctx: a.ctx, actor: actorOf(auth, a), meta }, 'delivery.dispute_decided', {
      before: { status: row.status }, after: { deliveryId: row.id, attempt: row.attempt, status: to, disputeId: pending.id, outcome, reason: body.reason },
    }, toParties(a.ctx, [a.ctx.buyerOrgId, a.ctx.vendorOrgId], 'batch_dispute_decided', { attempt: row.attempt, outcome, reason: body.reason }));
  });
  return await implementationView(deps, a);
}
