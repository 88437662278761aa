import { describe, expect, it } from 'vitest';
import {
  type FeedPosition, type OcdsProcess, type OcdsRelease, awardFinalAt, compareFeed, feedPage, ocdsReleases, orderAt, unsuccessfulAt,
} from './ocds.ts';

// A sealed order's life on a clock of whole days after 2026-12-01: published day 0, amended day 1, bidding closes
// day 3, awarded day 4 with publicity to day 7, an objection rejected on day 8 — the award is final on day 8.
const day = (n: number) => new Date(Date.UTC(2026, 11, 1) + n * 86_400_000);
const BUYER = { id: 'b0000000-0000-4000-8000-000000000001', name: '甲方智驾科技有限公司' };
const WINNER = { id: 'v0000000-0000-4000-8000-000000000001', name: '东昌数标科技有限公司' };
const LOSER = { id: 'v0000000-0000-4000-8000-000000000002', name: '临清智能标注有限公司' };
const SECRETARIAT = { id: 's0000000-0000-4000-8000-000000000001', name: '聊城市数据标注产业联盟秘书处' };
const OPTS = { ocidPrefix: 'ocds-test01', reviewBody: SECRETARIAT };

function process(over: Partial<OcdsProcess['order']> = {}, rest: Partial<Omit<OcdsProcess, 'order'>> = {}): OcdsProcess {
  return {
    order: {
      id: 'o0000000-0000-4000-8000-000000000001', buyer: BUYER, title: '城市道路图像 2D 框标注', description: '车辆、行人', modality: 'image',
      taskTypes: ['bbox', 'tracking'], volumeQuantity: 100_000, volumeUnit: 'images', unitPriceCeilingFen: 120, budgetTotalFen: 10_000_000,
      biddingMode: 'sealed', securityLevel: 'internal', status: 'in_progress', questionsCloseAt: day(2), bidDeadline: day(3),
      deliveryDeadline: day(40), publishedAt: day(0), cancelledAt: null, publicityEndsAt: day(7), awardWindowEndsAt: day(33), ...over,
    },
    amendments: [{ id: '1', at: day(1), reason: '补充说明', changes: { title: { from: '旧标题', to: '城市道路图像 2D 框标注' } } }],
    bids: [
      { id: 'bid-w', vendor: WINNER, status: 'awarded', totalPriceFen: 7_000_000, submittedAt: day(2) },
      { id: 'bid-l', vendor: LOSER, status: 'not_awarded', totalPriceFen: 9_000_050, submittedAt: day(2) },
    ],
    awards: [{ id: 'award-1', bidId: 'bid-w', awardedAt: day(4), cancelledAt: null }],
    objections: [{ awardId: 'award-1', status: 'rejected', decidedAt: day(8) }],
    unsuccessfulAt: null,
    ...rest,
  };
}

const keys = (rs: OcdsRelease[]) => rs.map((r) => [r.id.replace('ocds-test01-o0000000-0000-4000-8000-000000000001-', ''), r.tag[0], r.date.slice(0, 10)]);
const text = (x: unknown) => JSON.stringify(x);

describe('ocdsReleases', () => {
  it.each([
    // [now, the releases by then]
    [day(0.5), [['tender', 'tender', '2026-12-01']]],
    [day(3.5), [['tender', 'tender', '2026-12-01'], ['tender-amendment-1', 'tenderAmendment', '2026-12-02'], ['bidding-closed', 'tenderUpdate', '2026-12-04']]],
    // publicity over on day 7, but the objection was decided only on day 8: final then
    [day(7.5), [['tender', 'tender', '2026-12-01'], ['tender-amendment-1', 'tenderAmendment', '2026-12-02'], ['bidding-closed', 'tenderUpdate', '2026-12-04'],
      ['award-award-1', 'award', '2026-12-05']]],
    [day(9), [['tender', 'tender', '2026-12-01'], ['tender-amendment-1', 'tenderAmendment', '2026-12-02'], ['bidding-closed', 'tenderUpdate', '2026-12-04'],
      ['award-award-1', 'award', '2026-12-05'], ['award-award-1-final', 'awardUpdate', '2026-12-09']]],
  ])('by %s', (now, expected) => {
    expect(keys(ocdsReleases(process(), { ...OPTS, now }))).toEqual(expected);
  });

  it('ids and dates are the same on every call; a release is the process as it stood then', () => {
    const a = ocdsReleases(process(), { ...OPTS, now: day(9) });
    const b = ocdsReleases(process(), { ...OPTS, now: day(20) });
    expect(b).toEqual(a);
    // the tender release shows the title before the amendment, the amendment's the one after
    expect(a[0]!.tender.title).toBe('旧标题');
    expect(a[1]!.tender.title).toBe('城市道路图像 2D 框标注');
    expect(a[1]!.tender.amendments).toEqual([expect.objectContaining({ rationale: '补充说明', description: 'Changed: title' })]);
  });

  it('losing amounts only in releases from the final award on; the winner’s price from the award on', () => {
    const rs = ocdsReleases(process(), { ...OPTS, now: day(9) });
    const before = rs.filter((r) => r.date < day(8).toISOString());
    expect(text(before)).not.toContain('90000.5');
    expect(before.at(-1)!.awards).toEqual([expect.objectContaining({ status: 'pending', value: { amount: 70000, currency: 'CNY' } })]);
    const final = rs.at(-1)!;
    expect(final.bids!.details.map((b) => [b.id, b.value])).toEqual([
      ['bid-w', { amount: 70000, currency: 'CNY' }], ['bid-l', { amount: 90000.5, currency: 'CNY' }],
    ]);
    expect(final.awards![0]!.status).toBe('active');
    expect(final.tender).toMatchObject({ status: 'complete', numberOfTenderers: 2 });
    expect(final.parties.find((p) => p.id === WINNER.id)!.roles).toEqual(['supplier', 'tenderer']);
    expect(final.parties.find((p) => p.id === LOSER.id)!.roles).toEqual(['tenderer']);
    expect(final.parties.find((p) => p.id === BUYER.id)!.roles).toEqual(['buyer', 'procuringEntity']);
  });

  it('a pending objection keeps the award from being final, whatever the publicity window says', () => {
    const p = process({}, { objections: [{ awardId: 'award-1', status: 'pending', decidedAt: null }] });
    expect(awardFinalAt(p, day(30))).toBeNull();
    expect(text(ocdsReleases(p, { ...OPTS, now: day(30) }))).not.toContain('"bids"');
  });

  it('without objections the award is final at the end of publicity', () => {
    expect(awardFinalAt(process({}, { objections: [] }), day(7))).toEqual(day(7));
    expect(awardFinalAt(process({}, { objections: [] }), new Date(day(7).getTime() - 1))).toBeNull();
  });

  it('a confidential order’s description is in no release, its title and terms are', () => {
    const p = process({ securityLevel: 'confidential', description: '绝密图纸编号 XJ-2047' }, {
      amendments: [{ id: '1', at: day(1), reason: null, changes: { description: { from: '旧的绝密说明 XJ-2046', to: '绝密图纸编号 XJ-2047' } } }],
    });
    const rs = ocdsReleases(p, { ...OPTS, now: day(9) });
    expect(rs.length).toBe(5);
    expect(text(rs)).not.toContain('XJ-204');
    for (const r of rs) expect(r.tender).not.toHaveProperty('description');
    expect(rs[0]!.tender.title).toBe('城市道路图像 2D 框标注');
  });

  it('a tender cancelled before its deadline never closes; one cancelled in evaluation did', () => {
    const early = process({ status: 'cancelled', cancelledAt: day(2), publicityEndsAt: null }, { awards: [], objections: [], bids: [] });
    expect(keys(ocdsReleases(early, { ...OPTS, now: day(9) })).map((k) => k[0])).toEqual(['tender', 'tender-amendment-1', 'tender-cancelled']);
    expect(ocdsReleases(early, { ...OPTS, now: day(9) }).at(-1)!.tender.status).toBe('cancelled');
    const late = process({ status: 'cancelled', cancelledAt: day(5), publicityEndsAt: null }, { awards: [], objections: [] });
    expect(keys(ocdsReleases(late, { ...OPTS, now: day(9) })).map((k) => k[0])).toEqual(['tender', 'tender-amendment-1', 'bidding-closed', 'tender-cancelled']);
  });

  it.each([
    ['no bid by the deadline: unsuccessful at the deadline', { status: 'unsuccessful' as const }, [], null, day(3)],
    ['bids but no award in the window: at its end', { status: 'evaluation' as const }, undefined, null, day(33)],
    ['recorded by the scheduler a little after the deadline: the deadline still', { status: 'unsuccessful' as const }, [], day(3.001), day(3)],
    ['every bid disqualified: as the scheduler recorded it', { status: 'unsuccessful' as const }, undefined, day(12), day(12)],
  ])('%s', (_, over, bids, recorded, expected) => {
    const p = process({ ...over, publicityEndsAt: null }, { awards: [], objections: [], unsuccessfulAt: recorded, ...(bids ? { bids } : {}) });
    expect(unsuccessfulAt(p, day(40))).toEqual(expected);
    const last = ocdsReleases(p, { ...OPTS, now: day(40) }).at(-1)!;
    expect([last.id.endsWith('tender-unsuccessful'), last.tender.status]).toEqual([true, 'unsuccessful']);
  });

  it('an award cancelled on an upheld objection, then a second award', () => {
    const p = process({}, {
      awards: [
        { id: 'award-1', bidId: 'bid-l', awardedAt: day(4), cancelledAt: day(5) },
        { id: 'award-2', bidId: 'bid-w', awardedAt: day(6), cancelledAt: null },
      ],
      objections: [{ awardId: 'award-1', status: 'upheld', decidedAt: day(5) }],
      bids: process().bids.map((b) => ({ ...b, status: b.id === 'bid-w' ? 'awarded' : 'not_awarded' })),
    });
    const rs = ocdsReleases({ ...p, order: { ...p.order, publicityEndsAt: day(9) } }, { ...OPTS, now: day(10) });
    expect(keys(rs).slice(3).map((k) => k[0])).toEqual(['award-award-1', 'award-award-1-cancelled', 'award-award-2', 'award-award-2-final']);
    expect(rs.at(-1)!.awards!.map((a) => [a.id, a.status])).toEqual([['award-1', 'cancelled'], ['award-2', 'active']]);
  });

  it('an order never published has no release', () => {
    expect(ocdsReleases(process({ publishedAt: null, status: 'draft' }, { amendments: [], awards: [], bids: [], objections: [] }), { ...OPTS, now: day(50) })).toEqual([]);
  });

  it('items from task types with modality and CPV, money in yuan from fen, periods from the deadlines', () => {
    const [tender] = ocdsReleases(process(), { ...OPTS, now: day(1) });
    expect(tender!.tender).toMatchObject({
      value: { amount: 100000, currency: 'CNY' },
      tenderPeriod: { startDate: day(0).toISOString(), endDate: day(3).toISOString() },
      enquiryPeriod: { endDate: day(2).toISOString() },
      procurementMethod: 'open',
      mainProcurementCategory: 'services',
    });
    expect((tender!.tender.items as unknown[])[0]).toMatchObject({
      id: 'bbox', quantity: 100_000, classification: { scheme: 'ANNEX-TASK', id: 'bbox', description: '矩形框标注' },
      unit: { name: 'images', value: { amount: 1.2, currency: 'CNY' } },
    });
    expect(tender!.tender).not.toHaveProperty('numberOfTenderers');
    expect(tender!.ocid).toBe('ocds-test01-o0000000-0000-4000-8000-000000000001');
  });
});

describe('the contract stage', () => {
  const contract = {
    id: 'c-1', awardId: 'award-1', milestoneIds: { 1: 'ms-1', 2: 'ms-2' }, completedAt: null, terminatedAt: day(30),
    versions: [
      { number: 1, agreedAt: day(10), priceFen: 7_000_000, deliveryDeadline: day(40).toISOString(), reason: null, milestones: [
        { seq: 1, title: '第一批', quantity: 50_000, dueAt: day(20).toISOString(), amountFen: 3_500_000 },
        { seq: 2, title: '第二批', quantity: 50_000, dueAt: day(35).toISOString(), amountFen: 3_500_000 },
      ] },
      { number: 2, agreedAt: day(15), priceFen: 7_700_000, deliveryDeadline: day(45).toISOString(), reason: '增加 10% 数据量', milestones: [
        { seq: 1, title: '第一批', quantity: 50_000, dueAt: day(20).toISOString(), amountFen: 3_500_000 },
        { seq: 2, title: '第二批', quantity: 60_000, dueAt: day(40).toISOString(), amountFen: 4_200_000 },
      ] },
    ],
  };
  const rs = ocdsReleases(process({}, { contract }), { ...OPTS, now: day(50) });

  it('signed, amended by a change order, ended: a release each, after the final award', () => {
    expect(keys(rs).slice(4)).toEqual([
      ['award-award-1-final', 'awardUpdate', '2026-12-09'], ['contract-c-1', 'contract', '2026-12-11'],
      ['contract-c-1-v2', 'contractAmendment', '2026-12-16'], ['contract-c-1-ended', 'contractTermination', '2026-12-31'],
    ]);
    expect(rs.filter((r) => r.date < day(10).toISOString()).every((r) => r.contracts === undefined)).toBe(true);
  });

  it('each shows the version in force then, milestones with their stable ids and amounts in yuan', () => {
    const [signed, amended, ended] = rs.slice(5).map((r) => r.contracts![0]!);
    expect(signed).toMatchObject({ id: 'c-1', awardID: 'award-1', status: 'active', dateSigned: day(10).toISOString(), value: { amount: 70000, currency: 'CNY' } });
    expect(signed).not.toHaveProperty('amendments');
    expect(amended!.value).toEqual({ amount: 77000, currency: 'CNY' });
    expect(amended!.milestones).toEqual([
      { id: 'ms-1', title: '第一批', type: 'delivery', dueDate: day(20).toISOString(), value: { amount: 35000, currency: 'CNY' }, status: 'scheduled' },
      { id: 'ms-2', title: '第二批', type: 'delivery', dueDate: day(40).toISOString(), value: { amount: 42000, currency: 'CNY' }, status: 'scheduled' },
    ]);
    expect(amended!.amendments).toEqual([{ id: 'v2', date: day(15).toISOString(), rationale: '增加 10% 数据量' }]);
    expect(ended!.status).toBe('terminated');
  });

  it('the implementation: a milestone met when its batch was accepted, a transaction when the buyer recorded the payment', () => {
    const withWork = {
      ...contract,
      acceptances: [{ milestoneId: 'ms-1', acceptedAt: day(22) }],
      payments: [{ milestoneId: 'ms-1', amountFen: 3_500_000, paidOn: '2026-12-25', recordedAt: day(24.5) }],
    };
    const all = ocdsReleases(process({}, { contract: withWork }), { ...OPTS, now: day(50) });
    expect(keys(all).slice(7)).toEqual([
      ['milestone-ms-1-met', 'implementation', '2026-12-23'], ['milestone-ms-1-paid', 'implementationUpdate', '2026-12-25'],
      ['contract-c-1-ended', 'contractTermination', '2026-12-31'],
    ]);
    const [met, paid] = all.slice(7).map((r) => r.contracts![0]!.implementation as Record<string, unknown[]>);
    expect(met!.milestones).toEqual([
      { id: 'ms-1', title: '第一批', type: 'delivery', dueDate: day(20).toISOString(), status: 'met', dateMet: day(22).toISOString() },
      { id: 'ms-2', title: '第二批', type: 'delivery', dueDate: day(40).toISOString(), status: 'scheduled' },
    ]);
    expect(met!.transactions).toEqual([]);
    expect(paid!.transactions).toEqual([{
      id: 'ms-1-payment', date: '2026-12-25T00:00:00+08:00', value: { amount: 35000, currency: 'CNY' },
      payer: { id: BUYER.id, name: BUYER.name }, payee: { id: WINNER.id, name: WINNER.name },
    }]);
    expect(all.slice(0, 7).every((r) => r.contracts?.[0]?.implementation === undefined)).toBe(true);
  });

  it('a contract not yet agreed is in no release', () => {
    const draft = ocdsReleases(process({}, { contract: { ...contract, versions: [], terminatedAt: null } }), { ...OPTS, now: day(50) });
    expect(draft.some((r) => r.contracts)).toBe(false);
  });
});

describe('orderAt', () => {
  it('undoes later amendments newest first, dates back to dates', () => {
    const o = process().order;
    const amendments = [
      { id: '1', at: day(1), reason: null, changes: { bidDeadline: { from: day(2).toISOString(), to: day(2.5).toISOString() } } },
      { id: '2', at: day(1.5), reason: null, changes: { bidDeadline: { from: day(2.5).toISOString(), to: day(3).toISOString() } } },
    ];
    expect(orderAt(o, amendments, day(0)).bidDeadline).toEqual(day(2));
    expect(orderAt(o, amendments, day(1.2)).bidDeadline).toEqual(day(2.5));
    expect(orderAt(o, amendments, day(2)).bidDeadline).toEqual(day(3));
  });
});

describe('feedPage', () => {
  const r = (id: string, at: Date) => ({ ocid: 'ocds-x', id: `ocds-x-${id}`, date: at.toISOString() }) as OcdsRelease;
  const A = 'a0000000-0000-4000-8000-000000000000';
  const B = 'b0000000-0000-4000-8000-000000000000';
  const procs = [
    { orderId: A, releases: [r('a1', day(1)), r('a2', day(3))] },
    { orderId: B, releases: [r('b1', day(2)), r('b2', day(3))] },
  ];
  const pos = (at: Date, orderId: string, releaseId: string): FeedPosition => ({ at, orderId, releaseId });
  it.each([
    // [case, after, bound, limit, ids served, next, more]
    ['everything, no bound', null, null, 10, ['a1', 'b1', 'a2', 'b2'], pos(day(3), B, 'b2'), false],
    ['a full page: continue after its last', null, null, 2, ['a1', 'b1'], pos(day(2), B, 'b1'), true],
    ['after a position', pos(day(2), B, 'b1'), null, 10, ['a2', 'b2'], pos(day(3), B, 'b2'), false],
    // an order left out begins on day 3 with an id after A: releases from (day 3, that order) on wait for the next page
    ['a bound cuts the page, next is the bound', null, { at: day(3), orderId: 'c0000000-0000-4000-8000-000000000000' }, 10,
      ['a1', 'b1', 'a2', 'b2'], pos(day(3), 'c0000000-0000-4000-8000-000000000000', ''), true],
    ['a bound at an order between A and B on day 3', null, { at: day(3), orderId: 'a1000000-0000-4000-8000-000000000000' }, 10,
      ['a1', 'b1', 'a2'], pos(day(3), 'a1000000-0000-4000-8000-000000000000', ''), true],
    ['nothing new: stay where we were', pos(day(3), B, 'b2'), null, 10, [], pos(day(3), B, 'b2'), false],
  ])('%s', (_, after, bound, limit, ids, next, more) => {
    const page = feedPage(procs, after, bound, limit);
    expect(page.releases.map((x) => x.id)).toEqual(ids.map((id) => `ocds-x-${id}`));
    expect(page.next).toEqual(next);
    expect(page.more).toBe(more);
  });

  it('orders positions by date, order, release', () => {
    expect(compareFeed(pos(day(1), B, 'x'), pos(day(2), A, 'a'))).toBeLessThan(0);
    expect(compareFeed(pos(day(1), A, 'z'), pos(day(1), B, 'a'))).toBeLessThan(0);
    expect(compareFeed(pos(day(1), A, 'a'), pos(day(1), A, 'b'))).toBeLessThan(0);
    expect(compareFeed(pos(day(1), A, 'a'), pos(day(1), A, 'a'))).toBe(0);
  });
});
