import { describe, expect, it } from 'vitest';
import type { BidStatus, IneligibleReason } from './bid.ts';
import {
  ORDER_STATUSES, type OrderAction, type OrderState, type OrderStatus, type OrderTermFields, type OrderTerms, applyOrderAction,
  awardWindowEndsAt, checkDraftDates, deadlineReminderAt, dueTransitions, effectiveStatus, publishedTerms, statusesAllowing, statusesFor,
  termsOf, validateAmendment, validateTerms,
} from './order.ts';
import { ORDER_VIEWER_ACTIONS, type OrderFacts, type OrderViewer, type OrderViewerAction, allowedActions } from './order-permissions.ts';

const now = new Date('2026-11-29T04:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
const state = (status: OrderStatus, bidDeadline = hours(48), publicityEndsAt: Date | null = null): OrderState => ({
  status, bidDeadline, publicityEndsAt,
});

describe('applyOrderAction', () => {
  const cases: [string, OrderState, OrderAction, OrderStatus | string][] = [
    ['buyer submits a draft', state('draft'), { type: 'submit' }, 'pending_review'],
    ['secretariat approves', state('pending_review'), { type: 'approve' }, 'open'],
    ['approval after the deadline', state('pending_review', hours(-1)), { type: 'approve' }, 'deadline_in_past'],
    ['secretariat rejects with reason', state('pending_review'), { type: 'reject', reason: '预算不明确' }, 'draft'],
    ['reject needs a reason', state('pending_review'), { type: 'reject', reason: ' ' }, 'reason_required'],
    ['cancel an open order', state('open'), { type: 'cancel', reason: '需求变更' }, 'cancelled'],
    ['cancel needs a reason', state('open'), { type: 'cancel', reason: '' }, 'reason_required'],
    ['cancel after award', state('awarded', hours(-2), hours(10)), { type: 'cancel', reason: 'x' }, 'invalid_transition'],
    ['close bidding early', state('open'), { type: 'close_bidding' }, 'invalid_transition'],
    ['close bidding at the deadline', state('open', now), { type: 'close_bidding' }, 'evaluation'],
    ['award during evaluation', state('evaluation', hours(-1)), { type: 'award', publicitySeconds: 259200 }, 'awarded'],
    ['award while open', state('open'), { type: 'award', publicitySeconds: 1 }, 'invalid_transition'],
    ['award once the deadline passed, before the scheduler ran', state('open', hours(-1)), { type: 'award', publicitySeconds: 1 }, 'awarded'],
    ['uphold objection', state('awarded', hours(-5), hours(5)), { type: 'uphold_objection' }, 'evaluation'],
    ['end publicity too early', state('awarded', hours(-5), hours(5)), { type: 'end_publicity' }, 'invalid_transition'],
    ['declare unsuccessful', state('evaluation', hours(-1)), { type: 'declare_unsuccessful' }, 'unsuccessful'],
    ['submit twice', state('pending_review'), { type: 'submit' }, 'invalid_transition'],
    ['complete', state('in_progress'), { type: 'complete' }, 'completed'],
    ['the contract ends early', state('in_progress'), { type: 'terminate' }, 'terminated'],
    ['terminate a completed order', state('completed'), { type: 'terminate' }, 'invalid_transition'],
    ['terminate before the contract (in publicity)', state('awarded', hours(-5), hours(5)), { type: 'terminate' }, 'invalid_transition'],
  ];
  it.each(cases)('%s', (_, from, action, expected) => {
    const r = applyOrderAction(from, action, now);
    if (r.ok) expect(r.value.status).toBe(expected);
    else expect(r.error).toBe(expected);
  });

  it('sets and clears the publicity window', () => {
    const awarded = applyOrderAction(state('evaluation', hours(-1)), { type: 'award', publicitySeconds: 3600 }, now);
    expect(awarded.ok && awarded.value.publicityEndsAt).toEqual(hours(1));
    const upheld = applyOrderAction(state('awarded', hours(-1), hours(1)), { type: 'uphold_objection' }, now);
    expect(upheld.ok && upheld.value.publicityEndsAt).toBeNull();
  });
});

describe('effectiveStatus', () => {
  it('treats a passed deadline as closed', () => {
    expect(effectiveStatus(state('open', now), now)).toBe('evaluation');
    expect(effectiveStatus(state('open', hours(1)), now)).toBe('open');
    expect(effectiveStatus(state('awarded', hours(-9), now), now)).toBe('in_progress');
  });
});

describe('validateTerms', () => {
  const terms: OrderTerms = {
    modality: 'point_cloud', taskTypes: ['cuboid_3d'], volume: { quantity: 50000, unit: 'frames' },
    unitPriceCeilingFen: 350, budgetTotalFen: 17_500_000, biddingMode: 'sealed',
    questionsCloseAt: hours(24), bidDeadline: hours(72), deliveryDeadline: hours(24 * 40),
    accuracyTarget: 98, securityLevel: 'internal', containsPersonalInfo: false, workLocation: 'remote',
    requiredCertifications: [], minHeadcount: 20, requiresSecureRoom: false,
  };
  const check = (patch: Partial<OrderTerms>, window = 86400) => {
    const r = validateTerms({ ...terms, ...patch }, now, window);
    return r.ok ? 'ok' : r.error;
  };
  it.each([
    [{}, 'ok'],
    [{ taskTypes: [] }, 'task_types_missing'],
    [{ volume: { quantity: 0, unit: 'frames' as const } }, 'volume_invalid'],
    [{ unitPriceCeilingFen: null, budgetTotalFen: null }, 'price_missing'],
    [{ budgetTotalFen: 12.5 }, 'money_invalid'],
    [{ budgetTotalFen: -100 }, 'money_invalid'],
    [{ accuracyTarget: 101 }, 'accuracy_invalid'],
    [{ bidDeadline: hours(-1) }, 'deadline_in_past'],
    [{ bidDeadline: hours(24 * 400) , deliveryDeadline: hours(24 * 500) }, 'deadline_too_far'],
    [{ questionsCloseAt: hours(80) }, 'deadline_order'],
    [{ deliveryDeadline: hours(72) }, 'deadline_order'],
    [{ questionsCloseAt: hours(1), bidDeadline: hours(2) }, 'bid_window_too_short'],
  ] as [Partial<OrderTerms>, string][])('%o → %s', (patch, expected) => {
    expect(check(patch)).toBe(expected);
  });
  it('lets tests set the minimum window to zero', () => {
    expect(check({ questionsCloseAt: hours(1), bidDeadline: hours(2) }, 0)).toBe('ok');
  });
});

describe('time-driven rules', () => {
  const base: OrderState = { status: 'open', bidDeadline: hours(-1), publicityEndsAt: null, awardWindowEndsAt: hours(24 * 30) };

  it('effectiveStatus: the award window ends an evaluation; a pending objection holds the award', () => {
    expect(effectiveStatus({ ...base, awardWindowEndsAt: hours(-0.5) }, now)).toBe('unsuccessful');
    expect(effectiveStatus({ ...base, status: 'evaluation', awardWindowEndsAt: now }, now)).toBe('unsuccessful');
    expect(effectiveStatus({ ...base, status: 'awarded', publicityEndsAt: hours(-1), pendingObjections: 1 }, now)).toBe('awarded');
    expect(effectiveStatus({ ...base, status: 'awarded', publicityEndsAt: hours(-1), pendingObjections: 0 }, now)).toBe('in_progress');
  });

  it('end_publicity waits for pending objections', () => {
    const r = applyOrderAction({ ...base, status: 'awarded', publicityEndsAt: hours(-1), pendingObjections: 1 }, { type: 'end_publicity' }, now);
    expect(r).toEqual({ ok: false, error: 'invalid_transition' });
  });

  it('keeps the extra state through a step', () => {
    const r = applyOrderAction({ ...base, status: 'evaluation' }, { type: 'award', publicitySeconds: 60 }, now);
    expect(r.ok && r.value.awardWindowEndsAt).toEqual(base.awardWindowEndsAt);
  });

  it.each([
    ['open before the deadline', { ...base, bidDeadline: hours(1) }, 3, []],
    ['open at the deadline with bids', { ...base, bidDeadline: now }, 2, ['close_bidding']],
    ['open at the deadline without bids', base, 0, ['close_bidding', 'declare_unsuccessful']],
    ['open long past the award window', { ...base, awardWindowEndsAt: hours(-0.5) }, 2, ['close_bidding', 'declare_unsuccessful']],
    ['evaluation inside the award window', { ...base, status: 'evaluation' as const }, 2, []],
    ['evaluation after the award window', { ...base, status: 'evaluation' as const, awardWindowEndsAt: now }, 2, ['declare_unsuccessful']],
    ['evaluation with every bid disqualified', { ...base, status: 'evaluation' as const }, 0, ['declare_unsuccessful']],
    ['awarded in the publicity window', { ...base, status: 'awarded' as const, publicityEndsAt: hours(1) }, 1, []],
    ['awarded after the window', { ...base, status: 'awarded' as const, publicityEndsAt: now }, 1, ['end_publicity']],
    ['awarded after the window, objection pending', { ...base, status: 'awarded' as const, publicityEndsAt: now, pendingObjections: 1 }, 1, []],
    ['draft', { ...base, status: 'draft' as const }, 0, []],
  ] as [string, OrderState, number, string[]][])('dueTransitions: %s', (_, o, bids, expected) => {
    const steps = dueTransitions(o, bids, now);
    expect(steps.map((s) => s.type)).toEqual(expected);
    // every due step applies cleanly, one after the other
    let s = o;
    for (const step of steps) {
      const r = applyOrderAction(s, step, now);
      expect(r.ok).toBe(true);
      if (r.ok) s = r.value;
    }
  });

  it('deadlineReminderAt: 24 h before, or now when that passed, none after the deadline', () => {
    expect(deadlineReminderAt(hours(48), now)).toEqual(hours(24));
    expect(deadlineReminderAt(hours(3), now)).toEqual(now);
    expect(deadlineReminderAt(hours(-1), now)).toBeNull();
  });

  it('awardWindowEndsAt counts days from the deadline', () => {
    expect(awardWindowEndsAt(now, 30)).toEqual(hours(24 * 30));
  });
});

describe('validateAmendment', () => {
  const before: OrderTerms = {
    modality: 'image', taskTypes: ['bbox'], volume: { quantity: 1000, unit: 'images' },
    unitPriceCeilingFen: 50, budgetTotalFen: null, biddingMode: 'sealed',
    questionsCloseAt: hours(-2), bidDeadline: hours(48), deliveryDeadline: hours(24 * 30),
    accuracyTarget: 97, securityLevel: 'internal', containsPersonalInfo: false, workLocation: 'remote',
    requiredCertifications: [], minHeadcount: 0, requiresSecureRoom: false,
  };
  const check = (patch: Partial<OrderTerms>, window = 86400) => {
    const r = validateAmendment(before, { ...before, ...patch }, now, window);
    return r.ok ? 'ok' : r.error;
  };
  it.each([
    ['a kept, passed questions deadline', {}, 'ok'],
    ['a new questions deadline in the past', { questionsCloseAt: hours(-1) }, 'deadline_in_past'],
    ['a new questions deadline in the future', { questionsCloseAt: hours(30) }, 'ok'],
    ['a deadline that leaves too little window', { bidDeadline: hours(5) }, 'bid_window_too_short'],
    ['switching sealed to open', { biddingMode: 'open' as const }, 'bidding_mode_locked'],
    ['a float budget', { budgetTotalFen: 1.5 }, 'money_invalid'],
  ] as [string, Partial<OrderTerms>, string][])('%s → %s', (_, patch, expected) => {
    expect(check(patch)).toBe(expected);
  });
  it('needs the window even when the deadline is unchanged', () => {
    const near = { ...before, bidDeadline: hours(3) };
    expect(validateAmendment(near, near, now, 86400)).toEqual({ ok: false, error: 'bid_window_too_short' });
    expect(validateAmendment(near, near, now, 0).ok).toBe(true);
  });
});

describe('checkDraftDates', () => {
  it('flags past and far dates, ignores missing ones', () => {
    expect(checkDraftDates({}, now)).toEqual([]);
    expect(checkDraftDates({ questionsCloseAt: null, bidDeadline: hours(-1), deliveryDeadline: null }, now)).toEqual([
      { field: 'bidDeadline', error: 'deadline_in_past' },
    ]);
    expect(checkDraftDates({ bidDeadline: hours(24 * 366), deliveryDeadline: hours(24 * 700) }, now)).toEqual([
      { field: 'bidDeadline', error: 'deadline_too_far' },
    ]);
    expect(checkDraftDates({ deliveryDeadline: hours(24 * 731) }, now)).toEqual([{ field: 'deliveryDeadline', error: 'deadline_too_far' }]);
    expect(checkDraftDates({ questionsCloseAt: hours(5), bidDeadline: hours(4), deliveryDeadline: hours(4) }, now)).toEqual([
      { field: 'questionsCloseAt', error: 'deadline_order' },
      { field: 'deliveryDeadline', error: 'deadline_order' },
    ]);
  });
  it('flags a bid deadline that leaves less than the minimum bidding window', () => {
    // a 24 h window: 1 h ahead is too short, 24 h ahead is just enough; no window, 1 h is fine
    expect(checkDraftDates({ bidDeadline: hours(1) }, now, 86_400)).toEqual([{ field: 'bidDeadline', error: 'bid_window_too_short' }]);
    expect(checkDraftDates({ bidDeadline: hours(24) }, now, 86_400)).toEqual([]);
    expect(checkDraftDates({ bidDeadline: hours(1) }, now)).toEqual([]);
  });
});

describe('the step table', () => {
  it('statusesAllowing adds open where a step starts from evaluation (a passed deadline is evaluation already)', () => {
    expect(statusesAllowing('award')).toEqual(['evaluation', 'open']);
    expect(statusesAllowing('declare_unsuccessful')).toEqual(['evaluation', 'open']);
    expect(statusesAllowing('cancel')).toEqual(['draft', 'pending_review', 'open', 'evaluation']);
    expect(statusesAllowing('close_bidding')).toEqual(['open']);
    expect(statusesAllowing('amend')).toEqual(['open']);
  });

  it('every step applies from each of its statuses and from no other', () => {
    const actions: OrderAction[] = [
      { type: 'submit' }, { type: 'approve' }, { type: 'reject', reason: 'r' }, { type: 'cancel', reason: 'r' }, { type: 'award', publicitySeconds: 60 },
      { type: 'uphold_objection' }, { type: 'complete' }, { type: 'terminate' },
    ];
    for (const a of actions) {
      for (const s of ORDER_STATUSES) {
        // bidding closed an hour ago, but the award window is far (open in effect is evaluation, so it is left out)
        if (s === 'open') continue;
        const r = applyOrderAction({ status: s, bidDeadline: hours(-1), publicityEndsAt: hours(1) }, a, now);
        // a step from its statuses may still fail another rule (approving past the deadline), never the transition
        expect(r.ok || r.error !== 'invalid_transition', `${a.type} from ${s}`).toBe((statusesFor(a.type) as readonly string[]).includes(s));
      }
    }
  });
});

describe('allowedActions', () => {
  const buyer: OrderViewer = { kind: 'buyer', orgId: 'b1' };
  const otherBuyer: OrderViewer = { kind: 'buyer', orgId: 'b2' };
  const sec: OrderViewer = { kind: 'secretariat' };
  const vendor = (myBid: BidStatus | null = null, ineligible: IneligibleReason[] = []): OrderViewer => ({ kind: 'vendor', orgId: 'v1', myBid, ineligible });
  const facts = (status: OrderStatus, o: Partial<OrderFacts> = {}): OrderFacts => ({
    status, bidDeadline: hours(48), publicityEndsAt: null, buyerOrgId: 'b1', biddingMode: 'sealed', questionsCloseAt: hours(24), ...o,
  });
  const allowed = (o: OrderFacts, v: OrderViewer) => ORDER_VIEWER_ACTIONS.filter((a) => allowedActions(o, v, now)[a]);

  it.each([
    ['the buyer of a draft edits, submits, cancels', facts('draft'), buyer, ['edit', 'submit', 'cancel']],
    ['another buyer of a draft: nothing', facts('draft'), otherBuyer, []],
    ['the secretariat reviews or cancels what waits for review', facts('pending_review'), sec, ['cancel', 'review']],
    ['the buyer of a pending order may only cancel', facts('pending_review'), buyer, ['cancel']],
    ['the buyer of an open sealed order amends, cancels, answers, disqualifies — no bids seen', facts('open'), buyer, ['edit', 'cancel', 'answer', 'disqualify']],
    ['the buyer of an open open-mode order sees bids live', facts('open', { biddingMode: 'open' }), buyer, ['edit', 'cancel', 'answer', 'seeBids', 'disqualify']],
    ['the secretariat on an open order cancels and disqualifies, no bids seen', facts('open', { biddingMode: 'open' }), sec, ['cancel', 'disqualify']],
    ['a verified vendor without a bid asks and bids', facts('open'), vendor(), ['ask', 'bid']],
    ['after the questions deadline it only bids', facts('open', { questionsCloseAt: hours(-1) }), vendor(), ['bid']],
    ['an unverified vendor neither asks nor bids', facts('open'), vendor(null, [{ code: 'not_verified' }]), []],
    ['a vendor lacking a certificate asks but does not bid', facts('open'), vendor(null, [{ code: 'no_secure_room' }]), ['ask']],
    ['a vendor with an active bid changes it', facts('open'), vendor('active'), ['ask', 'changeBid']],
    ['a bid awaiting re-confirmation is changed or re-confirmed', facts('open'), vendor('needs_reconfirm'), ['ask', 'changeBid', 'reconfirm']],
    ['a withdrawn bid may be followed by a new one', facts('open'), vendor('withdrawn'), ['ask', 'bid']],
    ['past the deadline (scheduler not run) the buyer awards and sees the bids', facts('open', { bidDeadline: hours(-1) }), buyer, ['cancel', 'seeBids', 'disqualify', 'award']],
    ['past the deadline a vendor can no longer change its bid', facts('open', { bidDeadline: hours(-1) }), vendor('needs_reconfirm'), []],
    ['the secretariat in evaluation sees bids, cancels, disqualifies', facts('evaluation', { bidDeadline: hours(-1) }), sec, ['cancel', 'seeBids', 'disqualify']],
    ['in publicity a losing bidder objects', facts('awarded', { bidDeadline: hours(-5), publicityEndsAt: hours(5) }), vendor('not_awarded'), ['object']],
    ['in publicity a disqualified bidder objects', facts('awarded', { bidDeadline: hours(-5), publicityEndsAt: hours(5) }), vendor('disqualified'), ['object']],
    ['the winner does not object', facts('awarded', { bidDeadline: hours(-5), publicityEndsAt: hours(5) }), vendor('awarded'), []],
    ['after publicity nobody objects', facts('awarded', { bidDeadline: hours(-9), publicityEndsAt: hours(-1) }), vendor('not_awarded'), []],
    ['the buyer of an awarded order only sees bids', facts('awarded', { bidDeadline: hours(-5), publicityEndsAt: hours(5) }), buyer, ['seeBids']],
    ['an order cancelled before its deadline keeps sealed bids sealed from its buyer', facts('cancelled', { cancelledAt: hours(-1) }), buyer, []],
    ['…also after the deadline has passed', facts('cancelled', { bidDeadline: hours(-1), cancelledAt: hours(-2) }), buyer, []],
    ['an order cancelled in evaluation shows its buyer the opened bids', facts('cancelled', { bidDeadline: hours(-2), cancelledAt: hours(-1) }), buyer, ['seeBids']],
    ['an open-mode order cancelled early shows its buyer the bids it saw live', facts('cancelled', { biddingMode: 'open', cancelledAt: hours(-1) }), buyer, ['seeBids']],
    ['the public may do nothing', facts('open'), { kind: 'public' } as OrderViewer, []],
  ] as [string, OrderFacts, OrderViewer, OrderViewerAction[]][])('%s', (_, o, v, expected) => {
    expect(allowed(o, v)).toEqual(expected);
  });

  it('agrees with the steps it offers: what it allows, applyOrderAction accepts', () => {
    for (const s of ORDER_STATUSES) {
      const o = facts(s, { bidDeadline: s === 'open' ? hours(48) : hours(-1), publicityEndsAt: s === 'awarded' ? hours(5) : null });
      const parties: OrderViewer[] = [buyer, sec];
      for (const v of parties) {
        const p: Record<OrderViewerAction, boolean> = allowedActions(o, v, now);
        expect(p.cancel, `cancel ${s}`).toBe(applyOrderAction(o, { type: 'cancel', reason: 'r' }, now).ok);
        if (v === buyer) expect(p.submit, `submit ${s}`).toBe(applyOrderAction(o, { type: 'submit' }, now).ok);
        if (v === buyer) expect(p.award, `award ${s}`).toBe(applyOrderAction(o, { type: 'award', publicitySeconds: 1 }, now).ok);
      }
    }
  });
});

describe('termsOf', () => {
  const fields: OrderTermFields = {
    modality: 'image', taskTypes: ['bbox'], volumeQuantity: 1000, volumeUnit: 'images', unitPriceCeilingFen: null, budgetTotalFen: 100_000,
    biddingMode: 'open', questionsCloseAt: hours(1), bidDeadline: hours(2), deliveryDeadline: hours(30), accuracyTarget: 95,
    securityLevel: 'public', containsPersonalInfo: false, workLocation: 'remote', requiredCertifications: [], minHeadcount: 0, requiresSecureRoom: false,
  };
  it('names what a draft still lacks, in the API field names', () => {
    expect(termsOf({ ...fields, volumeQuantity: null, taskTypes: [], budgetTotalFen: null })).toEqual({ ok: false, missing: ['volume', 'taskTypes', 'budgetTotalFen'] });
  });
  it('reads complete terms; publishedTerms throws on incomplete ones', () => {
    const t = termsOf(fields);
    expect(t.ok && t.terms.volume).toEqual({ quantity: 1000, unit: 'images' });
    expect(() => publishedTerms({ ...fields, bidDeadline: null, status: 'open' })).toThrow(/bidDeadline/);
  });
});
