import { describe, expect, it } from 'vitest';
import {
  type DeliveryAction, type DeliveryFacts, type DeliveryRole, type DeliveryStatus, allowedDeliveryActions, applyDeliveryAction,
  autoAcceptNoticeAt, checkManifest, checkRecordedErrors, dueDeliveryStep, effectiveAcceptanceRule, inspectionRuleOf, mayDeliver, milestoneDeliveryState, reviewWindowEndsAt,
} from './delivery.ts';
import type { WorkingCalendar } from './policy/working-days.ts';

/** An instant at a wall-clock time in Asia/Shanghai. */
const cst = (local: string) => new Date(`${local}+08:00`);
// the review window ends at midnight after Friday 13 November
const END = cst('2026-11-14T00:00:00');
const before = cst('2026-11-10T10:00:00');
const after = cst('2026-11-14T00:00:01');
const d = (status: DeliveryStatus, disputed = false): DeliveryFacts => ({ status, reviewEndsAt: END, disputed });

describe('applyDeliveryAction', () => {
  const reject: DeliveryAction = { type: 'reject', reasons: '框选偏移' };
  const cases: [string, DeliveryFacts, DeliveryAction, DeliveryRole, Date, string][] = [
    ['the buyer starts inspecting a delivered batch', d('delivered'), { type: 'start_inspection' }, 'buyer', before, 'under_inspection'],
    ['the buyer accepts without sampling', d('delivered'), { type: 'accept' }, 'buyer', before, 'accepted'],
    ['the buyer accepts after sampling', d('under_inspection'), { type: 'accept' }, 'buyer', before, 'accepted'],
    ['the buyer rejects after sampling', d('under_inspection'), reject, 'buyer', before, 'rejected'],
    ['a rejection needs a sample drawn first', d('delivered'), reject, 'buyer', before, 'invalid_transition'],
    ['a rejection needs reasons', d('under_inspection'), { type: 'reject', reasons: '  ' }, 'buyer', before, 'reason_required'],
    ['the vendor cannot accept its own batch', d('delivered'), { type: 'accept' }, 'vendor', before, 'forbidden'],
    ['the secretariat does not decide batches', d('under_inspection'), reject, 'secretariat', before, 'forbidden'],
    ['the buyer is late after the window', d('under_inspection'), { type: 'accept' }, 'buyer', after, 'review_window_over'],
    ['the buyer is late at the very end instant', d('under_inspection'), reject, 'buyer', END, 'review_window_over'],
    ['the clock accepts at the end instant', d('under_inspection'), { type: 'auto_accept' }, 'clock', END, 'auto_accepted'],
    ['the clock accepts a batch nobody opened', d('delivered'), { type: 'auto_accept' }, 'clock', after, 'auto_accepted'],
    ['the clock waits while the window runs', d('delivered'), { type: 'auto_accept' }, 'clock', before, 'review_window_open'],
    ['the clock leaves decided batches alone', d('rejected'), { type: 'auto_accept' }, 'clock', after, 'invalid_transition'],
    ['a decided batch is not decided again', d('accepted'), reject, 'buyer', before, 'invalid_transition'],
    ['the vendor disputes a rejection, also after the window', d('rejected'), { type: 'dispute', reason: '抽样不含错误' }, 'vendor', after, 'disputed'],
    ['a dispute needs a reason', d('rejected'), { type: 'dispute', reason: '' }, 'vendor', before, 'reason_required'],
    ['one dispute per rejection', d('rejected', true), { type: 'dispute', reason: '再议' }, 'vendor', before, 'dispute_decided'],
    ['the buyer does not dispute', d('rejected'), { type: 'dispute', reason: 'x' }, 'buyer', before, 'forbidden'],
    ['the secretariat upholds the rejection', d('disputed', true), { type: 'uphold_rejection', reason: '错误属实' }, 'secretariat', after, 'rejected'],
    ['the secretariat overturns the rejection', d('disputed', true), { type: 'overturn_rejection', reason: '标注规范未要求' }, 'secretariat', after, 'accepted'],
    ['the secretariat decides with a reason', d('disputed', true), { type: 'overturn_rejection', reason: ' ' }, 'secretariat', after, 'reason_required'],
    ['only a disputed batch goes to the secretariat', d('rejected'), { type: 'uphold_rejection', reason: 'x' }, 'secretariat', after, 'invalid_transition'],
  ];
  it.each(cases)('%s', (_, facts, action, role, now, expected) => {
    const r = applyDeliveryAction(facts, action, role, now);
    expect(r.ok ? r.value : r.error).toBe(expected);
  });

  it('lets exactly one of the buyer and the clock decide an undecided batch at any instant', () => {
    for (const now of [before, new Date(END.getTime() - 1), END, after]) {
      const buyer = applyDeliveryAction(d('under_inspection'), { type: 'accept' }, 'buyer', now).ok;
      const clock = applyDeliveryAction(d('under_inspection'), { type: 'auto_accept' }, 'clock', now).ok;
      expect(Number(buyer) + Number(clock)).toBe(1);
    }
  });
});

// 2026 国庆: 1–7 October off, Sunday 20 September and Saturday 10 October worked
const cal: WorkingCalendar = {
  days: {
    '2026-09-20': 'workday', '2026-10-10': 'workday', '2026-10-01': 'holiday', '2026-10-02': 'holiday', '2026-10-03': 'holiday',
    '2026-10-04': 'holiday', '2026-10-05': 'holiday', '2026-10-06': 'holiday', '2026-10-07': 'holiday',
  },
  confirmedYears: [2026],
};

describe('reviewWindowEndsAt', () => {
  const cases: [string, Date, number, string][] = [
    // Fri 6 Nov + 5 working days: 9, 10, 11, 12, 13 Nov; ends at midnight after Fri 13 Nov
    ['a plain week', cst('2026-11-06T15:00:00'), 5, '2026-11-14T00:00:00+08:00'],
    // the day counts in Shanghai: 23:30 UTC on 5 Nov is already Fri 6 Nov in Shanghai
    ['the day of delivery in Shanghai, not UTC', new Date('2026-11-05T23:30:00Z'), 5, '2026-11-14T00:00:00+08:00'],
    // Wed 30 Sep + 5: 8, 9, 10 (make-up Saturday), 12, 13 Oct
    ['across 国庆 with its make-up Saturday', cst('2026-09-30T09:00:00'), 5, '2026-10-14T00:00:00+08:00'],
    // delivered on a holiday, Sat 3 Oct + 1: Thu 8 Oct
    ['delivered during a holiday', cst('2026-10-03T12:00:00'), 1, '2026-10-09T00:00:00+08:00'],
    // a setting of 10: Fri 6 Nov → Fri 20 Nov
    ['a longer window from the settings', cst('2026-11-06T15:00:00'), 10, '2026-11-21T00:00:00+08:00'],
  ];
  it.each(cases)('%s', (_, deliveredAt, days, expected) => {
    expect(reviewWindowEndsAt(cal, deliveredAt, days).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('tells both sides a day before it ends', () => {
    expect(autoAcceptNoticeAt(cst('2026-11-14T00:00:00')).toISOString()).toBe(cst('2026-11-13T00:00:00').toISOString());
  });
});

describe('dueDeliveryStep', () => {
  const ends = cst('2026-11-14T00:00:00');
  const cases: [string, DeliveryStatus, Date, Date | null, string | null][] = [
    ['nothing while the window runs', 'delivered', cst('2026-11-12T23:59:59'), null, null],
    ['the notice a day before', 'delivered', cst('2026-11-13T00:00:00'), null, 'notify_auto_accept'],
    ['the notice once', 'under_inspection', cst('2026-11-13T08:00:00'), cst('2026-11-13T00:00:05'), null],
    ['acceptance when the window ends', 'under_inspection', ends, cst('2026-11-13T00:00:05'), 'auto_accept'],
    ['acceptance even if the notice was missed', 'delivered', cst('2026-11-15T00:00:00'), null, 'auto_accept'],
    ['nothing for a decided batch', 'rejected', cst('2026-11-15T00:00:00'), null, null],
    ['nothing for a disputed batch', 'disputed', cst('2026-11-15T00:00:00'), null, null],
  ];
  it.each(cases)('%s', (_, status, now, noticeSentAt, expected) => {
    expect(dueDeliveryStep({ status, reviewEndsAt: ends, noticeSentAt }, now)).toBe(expected);
  });
});

describe('milestoneDeliveryState', () => {
  const s = (...statuses: DeliveryStatus[]) => milestoneDeliveryState(statuses.map((status) => ({ status })));
  it.each([
    ['no batch yet', s(), { status: 'awaiting_delivery', attempts: 0, reworks: 0, accepted: false, firstPass: false }, true],
    ['in review', s('delivered'), { status: 'delivered', attempts: 1, reworks: 0, accepted: false, firstPass: false }, false],
    ['accepted at once', s('accepted'), { status: 'accepted', attempts: 1, reworks: 0, accepted: true, firstPass: true }, false],
    ['accepted by silence at once', s('auto_accepted'), { status: 'auto_accepted', attempts: 1, reworks: 0, accepted: true, firstPass: true }, false],
    ['rejected: rework due', s('rejected'), { status: 'rejected', attempts: 1, reworks: 0, accepted: false, firstPass: false }, true],
    ['disputed: wait for the secretariat', s('disputed'), { status: 'disputed', attempts: 1, reworks: 0, accepted: false, firstPass: false }, false],
    ['accepted after two reworks', s('rejected', 'rejected', 'accepted'), { status: 'accepted', attempts: 3, reworks: 2, accepted: true, firstPass: false }, false],
  ] as const)('%s', (_, state, expected, deliverable) => {
    expect(state).toEqual(expected);
    expect(mayDeliver(state)).toBe(deliverable);
  });
});

describe('allowedDeliveryActions', () => {
  it('offers each party only its own next steps', () => {
    const inReview = milestoneDeliveryState([{ status: 'under_inspection' }]);
    const buyer = allowedDeliveryActions(inReview, d('under_inspection'), 'buyer', before);
    expect(buyer).toEqual({ deliver: false, startInspection: false, recordErrors: true, accept: true, reject: true, dispute: false, decideDispute: false });
    const vendor = allowedDeliveryActions(inReview, d('under_inspection'), 'vendor', before);
    expect(Object.values(vendor).some(Boolean)).toBe(false);
    const rejected = milestoneDeliveryState([{ status: 'rejected' }]);
    expect(allowedDeliveryActions(rejected, d('rejected'), 'vendor', before)).toMatchObject({ deliver: true, dispute: true });
    const disputed = milestoneDeliveryState([{ status: 'disputed' }]);
    expect(allowedDeliveryActions(disputed, d('disputed', true), 'secretariat', after)).toMatchObject({ decideDispute: true });
    expect(allowedDeliveryActions(milestoneDeliveryState([]), null, 'vendor', before).deliver).toBe(true);
    expect(allowedDeliveryActions(milestoneDeliveryState([]), null, 'buyer', before).deliver).toBe(false);
  });
});

describe('checkManifest', () => {
  const base = { itemCount: 1000, fileCount: 1, link: null, checksum: null, vendorQaAccuracy: 98.5 };
  const sha = `sha256:${'a'.repeat(64)}`;
  it.each([
    ['files', base, 'ok'],
    ['a link with its checksum', { ...base, fileCount: 0, link: 'https://pan.example.cn/s/1', checksum: sha }, 'ok'],
    ['no items', { ...base, itemCount: 0 }, 'item_count'],
    ['more items than the milestone', { ...base, itemCount: 5001 }, 'item_count'],
    ['neither files nor a link', { ...base, fileCount: 0 }, 'content_required'],
    ['a link without a checksum', { ...base, fileCount: 0, link: 'https://pan.example.cn/s/1' }, 'checksum_required'],
    ['a checksum of no known form', { ...base, fileCount: 0, link: 'https://x.example', checksum: 'sha256:xyz' }, 'checksum_format'],
    ['a QA figure above 100', { ...base, vendorQaAccuracy: 100.5 }, 'qa_accuracy'],
    ['no QA figure', { ...base, vendorQaAccuracy: null }, 'ok'],
  ] as const)('%s', (_, m, expected) => {
    const r = checkManifest(m, 5000);
    expect(r.ok ? 'ok' : r.error).toBe(expected);
  });
});

describe('checkRecordedErrors', () => {
  it.each([
    ['errors in the sample', [{ itemNumber: 3 }, { itemNumber: 90 }], 'ok:2'],
    ['no errors', [], 'ok:0'],
    ['an item not drawn', [{ itemNumber: 4 }], 'not_in_sample'],
    ['one item twice', [{ itemNumber: 3 }, { itemNumber: 3 }], 'duplicate_item'],
  ])('%s', (_, errors, expected) => {
    const r = checkRecordedErrors([3, 17, 90], errors);
    expect(r.ok ? `ok:${r.value}` : r.error).toBe(expected);
  });
});

describe('inspectionRuleOf', () => {
  it.each([
    ['a rule of the three kinds as it is', { kind: 'gbt2828', aql: 1 }, 5000, { kind: 'gbt2828', aql: 1 }],
    ['a fixed sample as it is', { kind: 'fixed', sampleSize: 80 }, 5000, { kind: 'fixed', sampleSize: 80 }],
    // the order form's earlier share of the lot: 2 % of 1,250 = 25; 0.01 % of 1,000 rounds up to one item
    ['the earlier share of the lot', { samplePercent: 2, confidenceLevel: 95 }, 1250, { kind: 'fixed', sampleSize: 25 }],
    ['at least one item', { samplePercent: 0.01, confidenceLevel: 95 }, 1000, { kind: 'fixed', sampleSize: 1 }],
    ['no rule: a stated plan around the target', null, 1000, { kind: 'statistical', expectedAccuracy: 98, marginPercent: 2, confidence: 95 }],
    ['an unknown shape: the same', { kind: 'other' }, 1000, { kind: 'statistical', expectedAccuracy: 98, marginPercent: 2, confidence: 95 }],
  ] as const)('%s', (_, raw, lot, expected) => {
    expect(inspectionRuleOf(raw, lot, 98)).toEqual(expected);
  });
});

describe('effectiveAcceptanceRule (what the contract page and the batch page both show)', () => {
  it.each([
    ['the terms’ rule, from the contract', { kind: 'gbt2828', aql: 0.65 }, 99, { source: 'contract', rule: { kind: 'gbt2828', aql: 0.65 } }],
    ['the earlier share, from the contract', { samplePercent: 2 }, 99, { source: 'contract', rule: { samplePercent: 2 } }],
    // none: the default plan, around the target (capped at 99.9 so p(1 − p) stays above zero)
    ['no rule: the default plan', null, 97.5, { source: 'default', rule: { kind: 'statistical', expectedAccuracy: 97.5, marginPercent: 2, confidence: 95 } }],
    ['a target of 100 %', undefined, 100, { source: 'default', rule: { kind: 'statistical', expectedAccuracy: 99.9, marginPercent: 2, confidence: 95 } }],
  ] as const)('%s', (_, raw, target, expected) => {
    expect(effectiveAcceptanceRule(raw, target)).toEqual(expected);
  });

  it('is the rule an inspection follows', () => {
    expect(inspectionRuleOf(null, 500, 97.5)).toEqual(effectiveAcceptanceRule(null, 97.5).rule);
  });
});
