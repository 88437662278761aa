import { describe, expect, it } from 'vitest';
import {
  type ContractFacts, type ContractTerms, type ContractViewerAction, type Milestone, applyChangeOrder, canonicalJson, canonicalTerms,
  checkContractAction, checkContractTerms, checkMilestonePlan, contractActions, proposedTerms, splitEvenly, suggestMilestones,
} from './contract.ts';

const NOW = new Date('2027-01-10T00:00:00.000Z');
const DEADLINE = '2027-06-30T16:00:00.000Z';

const ms = (...rows: [quantity: number, amountFen: number, dueAt?: string][]): Milestone[] =>
  rows.map(([quantity, amountFen, dueAt], i) => ({ seq: i + 1, title: `第 ${i + 1} 批`, quantity, amountFen, dueAt: dueAt ?? `2027-0${i + 2}-01T00:00:00.000Z` }));

const TERMS: ContractTerms = {
  priceFen: 10_000_001, volume: { quantity: 1000, unit: 'images' }, accuracyTarget: 98.5, acceptanceRule: { kind: 'fixed', sampleSize: 200 },
  deliveryDeadline: DEADLINE, paymentTermsDays: 30, guidelineAttachmentId: null, milestones: ms([400, 4_000_000], [600, 6_000_001]),
};

describe('splitEvenly', () => {
  it.each([
    // total, parts → shares (the remainder on the last)
    [10, 3, [3, 3, 4]],
    [9, 3, [3, 3, 3]],
    [10_000_001, 2, [5_000_000, 5_000_001]],
    [7, 1, [7]],
    [3, 3, [1, 1, 1]],
    [2, 3, null], // a share would be 0
    [10, 0, null],
    [10.5, 2, null],
  ])('%s in %s parts → %j', (total, parts, want) => {
    const got = splitEvenly(total, parts);
    expect(got).toEqual(want);
    if (got) expect(got.reduce((a, b) => a + b, 0)).toBe(total);
  });
});

describe('suggestMilestones', () => {
  it('splits volume and price evenly with remainders on the last batch, due dates spread to the deadline', () => {
    const plan = suggestMilestones({
      priceFen: 10_000_001, quantity: 1000, count: 3, from: new Date('2027-01-01T00:00:00Z'), deliveryDeadline: new Date('2027-01-31T00:00:00Z'),
      title: (n) => `第 ${n} 批`,
    });
    // 1000 / 3 = 333 r1 → 333, 333, 334; 10,000,001 / 3 = 3,333,333 r2 → …, 3,333,335; 30 days / 3 = every 10 days
    expect(plan).toEqual([
      { seq: 1, title: '第 1 批', quantity: 333, amountFen: 3_333_333, dueAt: '2027-01-11T00:00:00.000Z' },
      { seq: 2, title: '第 2 批', quantity: 333, amountFen: 3_333_333, dueAt: '2027-01-21T00:00:00.000Z' },
      { seq: 3, title: '第 3 批', quantity: 334, amountFen: 3_333_335, dueAt: '2027-01-31T00:00:00.000Z' },
    ]);
    expect(checkMilestonePlan(plan!, { priceFen: 10_000_001, quantity: 1000, deliveryDeadline: '2027-01-31T00:00:00Z' })).toEqual([]);
  });

  it.each([
    ['more batches than items', { quantity: 2, count: 3 }],
    ['more batches than fen', { priceFen: 2, count: 3 }],
    ['no batch', { count: 0 }],
    ['a deadline before the start', { deliveryDeadline: new Date('2026-12-01T00:00:00Z') }],
  ])('refuses %s', (_, over) => {
    const base = { priceFen: 100_000, quantity: 100, count: 2, from: new Date('2027-01-01T00:00:00Z'), deliveryDeadline: new Date('2027-02-01T00:00:00Z'), title: String };
    expect(suggestMilestones({ ...base, ...over })).toBeNull();
  });
});

describe('checkMilestonePlan', () => {
  const limits = { priceFen: 10_000_001, quantity: 1000, deliveryDeadline: DEADLINE };
  it.each<[string, Milestone[], { path: string; error: string }[], { now?: Date; before?: Milestone[]; frozen?: number[] }?]>([
    ['a plan that adds up', ms([400, 4_000_000], [600, 6_000_001]), []],
    ['no milestones', [], [{ path: 'milestones', error: 'milestones_missing' }]],
    ['quantities short of the volume (999)', ms([400, 4_000_000], [599, 6_000_001]), [{ path: 'milestones', error: 'quantity_sum' }]],
    ['shares one fen over the price', ms([400, 4_000_001], [600, 6_000_001]), [{ path: 'milestones', error: 'amount_sum' }]],
    ['a zero share (each share > 0)', ms([400, 0], [600, 10_000_001]), [{ path: 'milestones.0.amountFen', error: 'amount_invalid' }]],
    ['a fractional share', ms([400, 4_000_000.5], [600, 6_000_000.5]), [
      { path: 'milestones.0.amountFen', error: 'amount_invalid' }, { path: 'milestones.1.amountFen', error: 'amount_invalid' },
      { path: 'milestones', error: 'amount_sum' },
    ]],
    ['a zero quantity', ms([0, 4_000_000], [1000, 6_000_001]), [{ path: 'milestones.0.quantity', error: 'quantity_invalid' }]],
    ['a batch due after the delivery deadline', ms([400, 4_000_000], [600, 6_000_001, '2027-06-30T16:00:01.000Z']), [
      { path: 'milestones.1.dueAt', error: 'due_after_deadline' },
    ]],
    ['a batch due exactly at the deadline', ms([400, 4_000_000], [600, 6_000_001, DEADLINE]), []],
    ['a batch due in the past', ms([400, 4_000_000, '2027-01-09T00:00:00.000Z'], [600, 6_000_001]), [{ path: 'milestones.0.dueAt', error: 'due_in_past' }], { now: NOW }],
    ['a past due date kept as it was', ms([400, 4_000_000, '2027-01-09T00:00:00.000Z'], [600, 6_000_001]), [], {
      now: NOW, before: ms([400, 4_000_000, '2027-01-09T00:00:00.000Z'], [600, 6_000_001]),
    }],
    ['an unreadable due date', ms([400, 4_000_000, 'tomorrow'], [600, 6_000_001]), [{ path: 'milestones.0.dueAt', error: 'due_invalid' }]],
    ['seqs out of order', [{ ...ms([400, 4_000_000])[0]!, seq: 2 }, { ...ms([400, 4_000_000], [600, 6_000_001])[1]!, seq: 1 }], [
      { path: 'milestones.0.seq', error: 'seq_invalid' }, { path: 'milestones.1.seq', error: 'seq_invalid' },
    ]],
    ['a blank title', [{ ...ms([400, 4_000_000])[0]!, title: '  ' }, ms([400, 4_000_000], [600, 6_000_001])[1]!], [{ path: 'milestones.0.title', error: 'title_missing' }]],
    ['a delivered batch changed', ms([500, 5_000_000], [500, 5_000_001]), [{ path: 'milestones.0', error: 'milestone_frozen' }], {
      before: ms([400, 4_000_000], [600, 6_000_001]), frozen: [1],
    }],
    ['a delivered batch kept', ms([400, 4_000_000], [600, 6_000_001]), [], { before: ms([400, 4_000_000], [600, 6_000_001]), frozen: [1] }],
  ])('%s', (_, plan, want, opts) => {
    expect(checkMilestonePlan(plan, limits, opts)).toEqual(want);
  });
});

describe('checkContractTerms', () => {
  it.each<[string, Partial<ContractTerms>, { path: string; error: string }[]]>([
    ['terms that hold', {}, []],
    ['账期 of 0 days (pay on acceptance)', { paymentTermsDays: 0 }, []],
    ['账期 over a year', { paymentTermsDays: 366 }, [{ path: 'paymentTermsDays', error: 'payment_terms_invalid' }]],
    ['a negative 账期', { paymentTermsDays: -1 }, [{ path: 'paymentTermsDays', error: 'payment_terms_invalid' }]],
    ['a price of 0', { priceFen: 0 }, [{ path: 'priceFen', error: 'price_invalid' }]],
    ['no volume', { volume: { quantity: 0, unit: 'images' } }, [{ path: 'volume.quantity', error: 'volume_invalid' }]],
    ['an unreadable deadline', { deliveryDeadline: 'soon' }, [{ path: 'deliveryDeadline', error: 'deadline_invalid' }]],
  ])('%s', (_, over, want) => {
    expect(checkContractTerms({ ...TERMS, ...over }, { now: NOW })).toEqual(want);
  });
});

describe('canonicalTerms', () => {
  it('gives the same text whatever the key order, milestone order or time-zone spelling', () => {
    const reordered: ContractTerms = {
      milestones: [...TERMS.milestones].reverse().map((m) => ({ amountFen: m.amountFen, dueAt: m.dueAt.replace('T00:00:00.000Z', 'T08:00:00+08:00'), quantity: m.quantity, title: ` ${m.title} `, seq: m.seq })),
      guidelineAttachmentId: null, paymentTermsDays: 30, deliveryDeadline: '2027-07-01T00:00:00+08:00', acceptanceRule: { sampleSize: 200, kind: 'fixed' },
      accuracyTarget: 98.5, volume: { unit: 'images', quantity: 1000 }, priceFen: 10_000_001,
    };
    expect(canonicalTerms(reordered)).toBe(canonicalTerms(TERMS));
    expect(canonicalTerms({ ...TERMS, paymentTermsDays: 31 })).not.toBe(canonicalTerms(TERMS));
  });

  it.each([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ z: { y: 2, x: 1 }, u: undefined }, '{"z":{"x":1,"y":2}}'],
    ['引号"与\\', '"引号\\"与\\\\"'],
    [[1.5, -0, 1e21], '[1.5,0,1e+21]'],
  ])('canonicalJson(%j) = %s', (value, want) => {
    expect(canonicalJson(value)).toBe(want);
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson({ a: 1n })).toThrow();
  });
});

describe('proposedTerms', () => {
  it('takes the 账期, guideline and plan from the proposal and the rest from the award', () => {
    const { paymentTermsDays: _, guidelineAttachmentId: __, milestones: ___, ...base } = TERMS;
    const t = proposedTerms(base, { paymentTermsDays: 45, guidelineAttachmentId: null, milestones: ms([1000, 10_000_001]) });
    expect(t).toMatchObject({ priceFen: 10_000_001, paymentTermsDays: 45, milestones: [{ seq: 1, quantity: 1000, amountFen: 10_000_001 }] });
    expect(checkContractTerms(t, { now: NOW })).toEqual([]);
  });
});

describe('applyChangeOrder', () => {
  const now = NOW;
  it.each<[string, Parameters<typeof applyChangeOrder>[1], { ok: true; check: Partial<ContractTerms> } | { ok: false; problems: { path: string; error: string }[] }, number[]?]>([
    ['more volume at a higher price with a new plan', {
      priceFen: 12_000_001, volume: { quantity: 1200, unit: 'images' }, milestones: ms([400, 4_000_000], [800, 8_000_001]),
    }, { ok: true, check: { priceFen: 12_000_001, volume: { quantity: 1200, unit: 'images' } } }],
    ['a price change without a plan (shares would no longer add up)', { priceFen: 12_000_001 }, { ok: false, problems: [{ path: 'milestones', error: 'milestones_required' }] }],
    ['a plan that no longer adds up', { priceFen: 12_000_001, milestones: ms([400, 4_000_000], [600, 6_000_001]) }, {
      ok: false, problems: [{ path: 'milestones', error: 'amount_sum' }],
    }],
    ['a later deadline lets a batch move past the old one', {
      deliveryDeadline: '2027-08-31T16:00:00.000Z', milestones: ms([400, 4_000_000], [600, 6_000_001, '2027-08-15T00:00:00.000Z']),
    }, { ok: true, check: { deliveryDeadline: '2027-08-31T16:00:00.000Z' } }],
    ['a batch past the deadline the change keeps', { milestones: ms([400, 4_000_000], [600, 6_000_001, '2027-08-15T00:00:00.000Z']) }, {
      ok: false, problems: [{ path: 'milestones.1.dueAt', error: 'due_after_deadline' }],
    }],
    ['an earlier deadline that strands a batch', { deliveryDeadline: '2027-02-15T00:00:00.000Z' }, {
      ok: false, problems: [{ path: 'milestones.1.dueAt', error: 'due_after_deadline' }],
    }],
    ['a new guideline file', { guidelineAttachmentId: '5b3c8a5e-6f1a-4c55-9f43-2a3b5c7d9e01' }, { ok: true, check: { guidelineAttachmentId: '5b3c8a5e-6f1a-4c55-9f43-2a3b5c7d9e01' } }],
    ['nothing at all', {}, { ok: false, problems: [{ path: '', error: 'no_changes' }] }],
    ['the values already in force', { priceFen: 10_000_001, milestones: TERMS.milestones }, { ok: false, problems: [{ path: '', error: 'no_changes' }] }],
    ['a re-split that touches a delivered batch', { milestones: ms([500, 5_000_000], [500, 5_000_001]) }, {
      ok: false, problems: [{ path: 'milestones.0', error: 'milestone_frozen' }],
    }, [1]],
  ])('%s', (_, changes, want, frozen) => {
    const r = applyChangeOrder(TERMS, changes, { now, frozen });
    if (want.ok) {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.terms).toMatchObject(want.check);
    } else {
      expect(r).toEqual(want);
    }
  });
});

describe('the contract machine: who may do what', () => {
  const c = (status: ContractFacts['status'], openChangeBy: ContractFacts['openChangeBy'] = null, openTerminationBy: ContractFacts['openTerminationBy'] = null): ContractFacts =>
    ({ status, openChangeBy, openTerminationBy });

  it.each<[string, ContractFacts, 'buyer' | 'vendor' | 'secretariat', ContractViewerAction[]]>([
    ['draft, buyer', c('draft'), 'buyer', ['propose_terms', 'propose_termination']],
    ['draft, vendor', c('draft'), 'vendor', ['propose_termination']],
    ['proposed, vendor', c('proposed'), 'vendor', ['request_changes', 'accept_terms', 'propose_termination']],
    ['proposed, buyer (waits)', c('proposed'), 'buyer', ['propose_termination']],
    ['changes requested, buyer', c('changes_requested'), 'buyer', ['propose_terms', 'propose_termination']],
    ['active, either side', c('active'), 'vendor', ['propose_change', 'propose_termination']],
    ['active with the buyer’s change order, vendor', c('active', 'buyer'), 'vendor', ['accept_change', 'decline_change', 'propose_termination']],
    ['active with the buyer’s change order, buyer', c('active', 'buyer'), 'buyer', ['withdraw_change', 'propose_termination']],
    ['active with the vendor’s termination, buyer', c('active', null, 'vendor'), 'buyer', ['propose_change', 'accept_termination', 'decline_termination']],
    ['active, secretariat', c('active'), 'secretariat', ['terminate']],
    ['proposed, secretariat', c('proposed'), 'secretariat', ['terminate']],
    ['completed, buyer', c('completed'), 'buyer', []],
    ['terminated, secretariat', c('terminated'), 'secretariat', []],
  ])('%s → %j', (_, facts, role, want) => {
    expect(contractActions(facts, role)).toEqual(want);
  });

  it.each<[string, ContractFacts, 'buyer' | 'vendor' | 'secretariat', ContractViewerAction, string]>([
    ['the buyer accepting its own proposal', c('proposed'), 'buyer', 'accept_terms', 'forbidden'],
    ['the vendor proposing terms', c('draft'), 'vendor', 'propose_terms', 'forbidden'],
    ['accepting terms already in force', c('active'), 'vendor', 'accept_terms', 'invalid_transition'],
    ['a second change order', c('active', 'vendor'), 'buyer', 'propose_change', 'change_order_open'],
    ['accepting a change order nobody proposed', c('active'), 'buyer', 'accept_change', 'no_open_change_order'],
    ['accepting one’s own change order', c('active', 'buyer'), 'buyer', 'accept_change', 'forbidden'],
    ['withdrawing the other side’s change order', c('active', 'buyer'), 'vendor', 'withdraw_change', 'forbidden'],
    ['a change order before the terms are agreed', c('proposed'), 'buyer', 'propose_change', 'invalid_transition'],
    ['a second termination proposal', c('active', null, 'buyer'), 'vendor', 'propose_termination', 'termination_open'],
    ['accepting one’s own termination', c('active', null, 'buyer'), 'buyer', 'accept_termination', 'forbidden'],
    ['a party terminating alone', c('active'), 'buyer', 'terminate', 'forbidden'],
    ['the secretariat terminating twice', c('terminated'), 'secretariat', 'terminate', 'invalid_transition'],
    ['the secretariat proposing a change', c('active'), 'secretariat', 'propose_change', 'forbidden'],
  ])('refuses %s (%s)', (_, facts, role, action, want) => {
    expect(checkContractAction(facts, role, action)).toEqual({ ok: false, error: want });
  });
});
