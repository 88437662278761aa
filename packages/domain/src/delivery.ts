import { type WorkingCalendar, nthWorkingDayAfter, shanghaiDate } from './policy/working-days.ts';
import type { AcceptanceRule } from './acceptance.ts';
import { type Result, fail, ok } from './result.ts';

/**
 * The delivery of a milestone's batch and its acceptance (DESIGN §2.5): the vendor delivers, the buyer inspects a
 * sample and accepts or rejects with reasons; the vendor reworks and delivers again (each delivery is one attempt
 * of the milestone, so the loop is kept and counted). Silence past the review window accepts the batch; the vendor
 * may dispute a rejection, and the secretariat upholds it (rework) or overturns it (accepted).
 */

/** The states of one delivered batch (one attempt of a milestone). */
export const DELIVERY_STATUSES = ['delivered', 'under_inspection', 'accepted', 'rejected', 'disputed', 'auto_accepted'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Who takes a step of a delivery: the contract's two parties, the secretariat, or the clock. */
export type DeliveryRole = 'buyer' | 'vendor' | 'secretariat' | 'clock';

/** A step of the delivery machine. */
export type DeliveryAction =
  | { type: 'start_inspection' }
  | { type: 'accept' }
  | { type: 'reject'; reasons: string }
  | { type: 'auto_accept' }
  | { type: 'dispute'; reason: string }
  | { type: 'uphold_rejection'; reason: string }
  | { type: 'overturn_rejection'; reason: string };
export type DeliveryActionType = DeliveryAction['type'];

type Step = { from: readonly DeliveryStatus[]; to: DeliveryStatus; by: readonly DeliveryRole[] };

/**
 * The delivery machine: for each step the states it starts from, where it leads and who takes it. The
 * repository's guarded updates, the API's permissions and the web's buttons all ask this table.
 */
export const DELIVERY_STEPS = {
  start_inspection: { from: ['delivered'], to: 'under_inspection', by: ['buyer'] },
  // the buyer may accept without sampling (it trusts the vendor); a rejection needs a measured sample
  accept: { from: ['delivered', 'under_inspection'], to: 'accepted', by: ['buyer'] },
  reject: { from: ['under_inspection'], to: 'rejected', by: ['buyer'] },
  // the vendor is protected: a batch not decided within the review window is accepted
  auto_accept: { from: ['delivered', 'under_inspection'], to: 'auto_accepted', by: ['clock'] },
  dispute: { from: ['rejected'], to: 'disputed', by: ['vendor'] },
  // upheld: the rejection stands and the vendor reworks; overturned: the batch is accepted
  uphold_rejection: { from: ['disputed'], to: 'rejected', by: ['secretariat'] },
  overturn_rejection: { from: ['disputed'], to: 'accepted', by: ['secretariat'] },
} as const satisfies Record<DeliveryActionType, Step>;

/** States in which the buyer still has to decide (the review window runs). */
export const UNDECIDED_DELIVERY_STATUSES = ['delivered', 'under_inspection'] as const satisfies readonly DeliveryStatus[];
/** States of an accepted batch (by the buyer, by the secretariat on a dispute, or by the clock). */
export const ACCEPTED_DELIVERY_STATUSES = ['accepted', 'auto_accepted'] as const satisfies readonly DeliveryStatus[];

/** Why a delivery step was refused. */
export type DeliveryRuleError = 'forbidden' | 'invalid_transition' | 'reason_required' | 'review_window_over' | 'review_window_open' | 'dispute_decided';

/** One delivery as its rules need it. */
export type DeliveryFacts = {
  status: DeliveryStatus;
  reviewEndsAt: Date;
  /** whether the rejection was already disputed once (a second dispute of the same rejection is refused) */
  disputed: boolean;
};

/** The stored states a step may start from (for the repository's guarded update). */
export const deliveryStatusesFor = (action: DeliveryActionType): readonly DeliveryStatus[] => DELIVERY_STEPS[action].from;

/**
 * Validates one step of the delivery machine taken by `role` at `now`. The buyer decides before the review
 * window ends and the clock only after it: at any instant exactly one of them may decide an undecided batch.
 */
export function applyDeliveryAction(d: DeliveryFacts, action: DeliveryAction, role: DeliveryRole, now: Date): Result<DeliveryStatus, DeliveryRuleError> {
  const step = DELIVERY_STEPS[action.type];
  if (!(step.by as readonly DeliveryRole[]).includes(role)) return fail('forbidden');
  if (!(step.from as readonly DeliveryStatus[]).includes(d.status)) return fail('invalid_transition');
  const windowOver = now.getTime() >= d.reviewEndsAt.getTime();
  if (role === 'buyer' && windowOver) return fail('review_window_over');
  if (action.type === 'auto_accept' && !windowOver) return fail('review_window_open');
  if (action.type === 'dispute' && d.disputed) return fail('dispute_decided');
  const reason = 'reasons' in action ? action.reasons : 'reason' in action ? action.reason : null;
  if (reason !== null && reason.trim() === '') return fail('reason_required');
  return ok(step.to);
}

/** The default review window: 5 working days (a setting of the API). */
export const DEFAULT_REVIEW_WORKING_DAYS = 5;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * When the review window of a batch delivered at `deliveredAt` ends: at midnight (Asia/Shanghai) after the
 * `workingDays`-th working day following the day of delivery (that day itself does not count).
 */
export function reviewWindowEndsAt(cal: WorkingCalendar, deliveredAt: Date, workingDays: number): Date {
  const lastDay = nthWorkingDayAfter(cal, shanghaiDate(deliveredAt), workingDays);
  return new Date(Date.parse(`${lastDay}T00:00:00Z`) - SHANGHAI_OFFSET_MS + DAY_MS);
}

/** When both sides are told the batch will be accepted automatically: a day before the window ends. */
export const autoAcceptNoticeAt = (reviewEndsAt: Date): Date => new Date(reviewEndsAt.getTime() - DAY_MS);

/** What the scheduler owes an undecided batch at `now`: nothing yet, the notice of a day before, or the acceptance. */
export function dueDeliveryStep(
  d: { status: DeliveryStatus; reviewEndsAt: Date; noticeSentAt: Date | null }, now: Date,
): 'auto_accept' | 'notify_auto_accept' | null {
  if (!(UNDECIDED_DELIVERY_STATUSES as readonly DeliveryStatus[]).includes(d.status)) return null;
  if (now.getTime() >= d.reviewEndsAt.getTime()) return 'auto_accept';
  if (d.noticeSentAt === null && now.getTime() >= autoAcceptNoticeAt(d.reviewEndsAt).getTime()) return 'notify_auto_accept';
  return null;
}

/** Where a milestone stands in delivery, from its attempts. */
export type MilestoneDeliveryState = {
  /** the latest attempt's state; `awaiting_delivery` before the first */
  status: DeliveryStatus | 'awaiting_delivery';
  attempts: number;
  /** deliveries after a rejection (the rework loop) */
  reworks: number;
  accepted: boolean;
  /** accepted at the first attempt (for the vendor's first-pass acceptance) */
  firstPass: boolean;
};

/** The delivery state of a milestone from its attempts, oldest first. */
export function milestoneDeliveryState(attempts: readonly { status: DeliveryStatus }[]): MilestoneDeliveryState {
  const last = attempts.at(-1);
  const accepted = last !== undefined && (ACCEPTED_DELIVERY_STATUSES as readonly DeliveryStatus[]).includes(last.status);
  return {
    status: last?.status ?? 'awaiting_delivery',
    attempts: attempts.length,
    reworks: Math.max(0, attempts.length - 1),
    accepted,
    firstPass: accepted && attempts.length === 1,
  };
}

/**
 * Whether the vendor may deliver (again) now: the first batch of a milestone, or rework after a rejection that
 * stands (not while a dispute of it waits); never once the milestone is accepted or while a batch is in review.
 */
export function mayDeliver(state: MilestoneDeliveryState): boolean {
  return state.status === 'awaiting_delivery' || state.status === 'rejected';
}

/** What the delivery screens offer. */
export const DELIVERY_VIEWER_ACTIONS = ['deliver', 'startInspection', 'recordErrors', 'accept', 'reject', 'dispute', 'decideDispute'] as const;
export type DeliveryViewerAction = (typeof DELIVERY_VIEWER_ACTIONS)[number];

/**
 * What a party may do with a milestone's latest batch now — the one answer the API's `permissions` (and the
 * web's buttons) come from; the use cases check each step again under the row lock.
 */
export function allowedDeliveryActions(
  milestone: MilestoneDeliveryState, latest: DeliveryFacts | null, role: Exclude<DeliveryRole, 'clock'> | null, now: Date,
): Record<DeliveryViewerAction, boolean> {
  const may = (action: DeliveryAction) => role !== null && latest !== null && applyDeliveryAction(latest, action, role, now).ok;
  return {
    deliver: role === 'vendor' && mayDeliver(milestone) && latest?.status !== 'disputed',
    startInspection: may({ type: 'start_inspection' }),
    recordErrors: role === 'buyer' && latest?.status === 'under_inspection' && now.getTime() < latest.reviewEndsAt.getTime(),
    accept: may({ type: 'accept' }),
    reject: may({ type: 'reject', reasons: 'x' }),
    dispute: may({ type: 'dispute', reason: 'x' }),
    decideDispute: may({ type: 'uphold_rejection', reason: 'x' }),
  };
}

/** Why a manifest was refused. */
export type ManifestError = 'item_count' | 'content_required' | 'checksum_required' | 'checksum_format' | 'qa_accuracy';

/** The manifest of a batch: item count, files or a link with its checksum, notes, the vendor's own QA figure. */
export type Manifest = {
  itemCount: number;
  fileCount: number;
  link: string | null;
  checksum: string | null;
  vendorQaAccuracy: number | null;
};

// sha256:<64 hex> or md5:<32 hex>, the forms download tools print
const CHECKSUM = /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}|md5:[0-9a-f]{32})$/;

/** Checks a manifest: some items, files or a link, a link always with its checksum, a QA figure in 0–100. */
export function checkManifest(m: Manifest, maxItems: number): Result<Manifest, ManifestError> {
  if (!Number.isInteger(m.itemCount) || m.itemCount < 1 || m.itemCount > maxItems) return fail('item_count');
  if (m.fileCount === 0 && !m.link) return fail('content_required');
  if (m.link && !m.checksum) return fail('checksum_required');
  if (m.checksum && !CHECKSUM.test(m.checksum)) return fail('checksum_format');
  if (m.vendorQaAccuracy !== null && !(m.vendorQaAccuracy >= 0 && m.vendorQaAccuracy <= 100)) return fail('qa_accuracy');
  return ok(m);
}

/** Why recorded errors were refused. */
export type ErrorRecordError = 'not_in_sample' | 'duplicate_item';

/** Checks the errors recorded in an inspection: each one an item of the drawn sample, each item once. */
export function checkRecordedErrors(sample: readonly number[], errors: readonly { itemNumber: number }[]): Result<number, ErrorRecordError> {
  const drawn = new Set(sample);
  const seen = new Set<number>();
  for (const e of errors) {
    if (!drawn.has(e.itemNumber)) return fail('not_in_sample');
    if (seen.has(e.itemNumber)) return fail('duplicate_item');
    seen.add(e.itemNumber);
  }
  return ok(seen.size);
}

/** The order form's earlier rule (before 0012 turned stored ones into acceptance rules): a share of each batch. */
export type LegacyPercentRule = { samplePercent: number };

/** The rule a contract's batches are inspected by, and where it came from: the contract's terms, or Annex's default. */
export type EffectiveAcceptanceRule =
  | { source: 'contract'; rule: AcceptanceRule | LegacyPercentRule }
  | { source: 'default'; rule: AcceptanceRule };

/** The default when the terms name no rule: a statistical plan around the accuracy target, ±2 points at 95 %. */
export const DEFAULT_RULE_MARGIN_PERCENT = 2;
export const DEFAULT_RULE_CONFIDENCE = 95;

/**
 * The one answer to "which rule inspects this contract's batches": the terms' AcceptanceRule as it is (or the
 * earlier `{ samplePercent }`), else the default statistical plan around the accuracy target — so a contract without
 * a rule is still inspected by a stated plan, and every page that shows the rule shows this one, with its source.
 */
export function effectiveAcceptanceRule(raw: unknown, accuracyTargetPercent: number): EffectiveAcceptanceRule {
  const r = (raw ?? null) as Record<string, unknown> | null;
  if (r && (r.kind === 'fixed' || r.kind === 'statistical' || r.kind === 'gbt2828')) return { source: 'contract', rule: r as AcceptanceRule };
  if (r && typeof r.samplePercent === 'number' && r.samplePercent > 0) return { source: 'contract', rule: { samplePercent: r.samplePercent } };
  return {
    source: 'default',
    rule: {
      kind: 'statistical', expectedAccuracy: Math.min(99.9, accuracyTargetPercent), marginPercent: DEFAULT_RULE_MARGIN_PERCENT,
      confidence: DEFAULT_RULE_CONFIDENCE,
    },
  };
}

/**
 * The acceptance rule an inspection of a lot of `lotSize` items follows: effectiveAcceptanceRule, with the earlier
 * `{ samplePercent }` as a fixed sample of that share of the lot (at least one item).
 */
export function inspectionRuleOf(raw: unknown, lotSize: number, accuracyTargetPercent: number): AcceptanceRule {
  const { rule } = effectiveAcceptanceRule(raw, accuracyTargetPercent);
  if ('kind' in rule) return rule;
  return { kind: 'fixed', sampleSize: Math.min(lotSize, Math.max(1, Math.ceil((lotSize * rule.samplePercent) / 100))) };
}
