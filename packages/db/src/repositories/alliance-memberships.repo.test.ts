import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithOwner } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend, truncateAll } from '../testing.ts';
import { allianceMemberships, listMembersForStatistics } from './alliance-memberships.repo.ts';
import { industrialBases } from './industrial-bases.repo.ts';
import { organisations } from './organisations.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const approve = (orgId: string, joinedOn = '2026-03-01', tier: 'council' | 'member' = 'member') =>
  allianceMemberships.decide(t.sql, orgId, ['applied'], { status: 'member', tier, joinedOn, reason: null }, null);

describe(`alliance memberships (${testBackend()})`, () => {
  it('applies, is approved with the next member number, suspended and reinstated with the same number', async () => {
    await truncateAll(t.sql);
    const { org, owner } = await createOrgWithOwner(t.sql, 'vendor');
    const a = await allianceMemberships.apply(t.sql, { orgId: org.id, tier: 'council', statement: '共建标注人才基地', appliedBy: owner.id });
    expect(a).toMatchObject({ orgId: org.id, orgName: org.name, orgKind: 'vendor', county: '371502', status: 'applied', tier: 'council', memberNo: null });
    // a second application while one waits changes nothing
    expect(await allianceMemberships.apply(t.sql, { orgId: org.id, tier: 'member', statement: '', appliedBy: owner.id })).toBeNull();

    const m1 = await approve(org.id, '2026-03-01', 'member');
    expect(m1).toMatchObject({ status: 'member', tier: 'member', joinedOn: '2026-03-01', decidedBy: null });
    const no = m1?.memberNo as number;
    expect(no).toBeGreaterThan(0);
    // approving again finds no application
    expect(await approve(org.id)).toBeNull();

    const s = await allianceMemberships.decide(t.sql, org.id, ['member'], { status: 'suspended', tier: 'member', joinedOn: '2026-03-01', reason: '拖欠会费' }, null);
    expect(s).toMatchObject({ status: 'suspended', reason: '拖欠会费', memberNo: no });
    const r = await allianceMemberships.decide(t.sql, org.id, ['suspended'], { status: 'member', tier: 'member', joinedOn: '2026-03-01', reason: null }, null);
    expect(r).toMatchObject({ status: 'member', reason: null, memberNo: no });
  });

  it('numbers members in approval order and never reuses a number; a rejected organisation applies again', async () => {
    await truncateAll(t.sql);
    const a = await createOrgWithOwner(t.sql, 'buyer');
    const b = await createOrgWithOwner(t.sql, 'training_institution');
    const c = await createOrgWithOwner(t.sql, 'base_operator');
    for (const x of [a, b, c]) await allianceMemberships.apply(t.sql, { orgId: x.org.id, tier: 'member', statement: '', appliedBy: x.owner.id });
    const nb = (await approve(b.org.id))?.memberNo as number;
    const rej = await allianceMemberships.decide(t.sql, a.org.id, ['applied'], { status: 'rejected', tier: 'member', joinedOn: null, reason: '材料不全' }, null);
    expect(rej).toMatchObject({ status: 'rejected', reason: '材料不全', memberNo: null });
    const again = await allianceMemberships.apply(t.sql, { orgId: a.org.id, tier: 'council', statement: '补齐材料', appliedBy: a.owner.id });
    expect(again).toMatchObject({ status: 'applied', tier: 'council', statement: '补齐材料', reason: null, decidedAt: null });
    expect(Number(again?.appliedAt)).toBeGreaterThanOrEqual(Number(rej?.appliedAt));
    const nc = (await approve(c.org.id))?.memberNo as number;
    const na = (await approve(a.org.id))?.memberNo as number;
    expect([nc - nb, na - nc]).toEqual([1, 1]);
  });

  it("lists the secretariat's queue oldest first in pages, and sums it up", async () => {
    await truncateAll(t.sql);
    const orgs = [];
    for (let i = 0; i < 5; i++) {
      const x = await createOrgWithOwner(t.sql, i % 2 ? 'vendor' : 'buyer');
      await allianceMemberships.apply(t.sql, {
        orgId: x.org.id, tier: 'member', statement: `第 ${i} 家`, appliedBy: x.owner.id, at: new Date(Date.UTC(2026, 0, 10 - i)),
      });
      orgs.push(x.org);
    }
    const first = await allianceMemberships.listByStatus(t.sql, 'applied', undefined, 2);
    expect(first.items.map((r) => r.statement)).toEqual(['第 4 家', '第 3 家']);
    expect(first.items[0]).toMatchObject({ uscc: orgs[4]?.uscc, contactName: '张三', contactPhone: '13800000000' });
    const second = await allianceMemberships.listByStatus(t.sql, 'applied', first.nextCursor as string, 2);
    const third = await allianceMemberships.listByStatus(t.sql, 'applied', second.nextCursor as string, 2);
    expect([...second.items, ...third.items].map((r) => r.statement)).toEqual(['第 2 家', '第 1 家', '第 0 家']);
    expect(third.nextCursor).toBeNull();
    expect(await allianceMemberships.queueSummary(t.sql)).toEqual({ count: 5, oldestAppliedAt: new Date(Date.UTC(2026, 0, 6)) });
  });

  it('shows only current members in the directory, filtered by kind, county, tier and name, paged by member number', async () => {
    await truncateAll(t.sql);
    const mk = async (kind: 'vendor' | 'buyer' | 'training_institution', name: string, tier: 'council' | 'member', county = '371502') => {
      const x = await createOrgWithOwner(t.sql, kind, { name });
      await organisations.update(t.sql, x.org.id, { county });
      await allianceMemberships.apply(t.sql, { orgId: x.org.id, tier, statement: '', appliedBy: x.owner.id });
      return x.org.id;
    };
    const shuicheng = await mk('vendor', '聊城水城数据标注有限公司', 'council');
    const yunhe = await mk('vendor', '临清运河智能标注有限公司', 'member', '371581');
    const xingheng = await mk('buyer', '星衡智能科技（北京）有限公司', 'council');
    const school = await mk('training_institution', '聊城职业技术学院', 'member');
    const waiting = await mk('vendor', '冠县启明数据服务有限公司', 'member', '371525');
    const suspended = await mk('vendor', '阳谷景阳冈标注中心', 'member', '371521');
    for (const id of [shuicheng, yunhe, xingheng, school, suspended]) await approve(id, '2025-01-01', (await allianceMemberships.get(t.sql, id))?.tier);
    await allianceMemberships.decide(t.sql, suspended, ['member'], { status: 'suspended', tier: 'member', joinedOn: '2025-01-01', reason: '违规' }, null);

    const names = async (f: Parameters<typeof allianceMemberships.directory>[1]) => (await allianceMemberships.directory(t.sql, f)).items.map((r) => r.name);
    expect(await names({})).toEqual(['聊城水城数据标注有限公司', '临清运河智能标注有限公司', '星衡智能科技（北京）有限公司', '聊城职业技术学院']);
    expect(await names({ kinds: ['vendor'] })).toEqual(['聊城水城数据标注有限公司', '临清运河智能标注有限公司']);
    expect(await names({ county: '371581' })).toEqual(['临清运河智能标注有限公司']);
    expect(await names({ tier: 'council' })).toEqual(['聊城水城数据标注有限公司', '星衡智能科技（北京）有限公司']);
    expect(await names({ q: '标注' })).toEqual(['聊城水城数据标注有限公司', '临清运河智能标注有限公司']);
    // a LIKE wildcard in the query is taken literally
    expect(await names({ q: '%' })).toEqual([]);
    const p1 = await allianceMemberships.directory(t.sql, { limit: 3 });
    expect(p1.total).toBe(4);
    const p2 = await allianceMemberships.directory(t.sql, { limit: 3, cursor: p1.nextCursor as string });
    expect(p2.items.map((r) => r.orgId)).toEqual([school]);
    expect(p2.nextCursor).toBeNull();
    expect(waiting).toBeTruthy();
  });

  it('lists the members the quarterly statistics ask: current members of the given kinds that had joined by a day', async () => {
    await truncateAll(t.sql);
    const firm = await createOrgWithOwner(t.sql, 'vendor');
    const school = await createOrgWithOwner(t.sql, 'training_institution');
    const late = await createOrgWithOwner(t.sql, 'vendor');
    const ai = await createOrgWithOwner(t.sql, 'buyer');
    for (const [x, joined] of [[firm, '2025-05-01'], [school, '2025-09-30'], [late, '2025-10-01'], [ai, '2025-01-01']] as const) {
      await allianceMemberships.apply(t.sql, { orgId: x.org.id, tier: 'member', statement: '', appliedBy: x.owner.id });
      await approve(x.org.id, joined);
    }
    const rows = await listMembersForStatistics(t.sql, { kinds: ['vendor', 'training_institution'], joinedBy: '2025-09-30' });
    expect(rows.map((r) => [r.orgId, r.kind, r.joinedOn])).toEqual([[firm.org.id, 'vendor', '2025-05-01'], [school.org.id, 'training_institution', '2025-09-30']]);
    expect((await listMembersForStatistics(t.sql, { kinds: ['vendor'] })).map((r) => r.orgId)).toEqual([firm.org.id, late.org.id]);
    expect(await listMembersForStatistics(t.sql, { kinds: [] })).toEqual([]);
  });

  it('requires the county of training institutions and base operators', async () => {
    const x = await createOrgWithOwner(t.sql, 'base_operator');
    await expect(t.sql`update organisations set county = null where id = ${x.org.id}`).rejects.toThrow(/organisations_local_kinds_county/);
  });
});

describe(`industrial bases (${testBackend()})`, () => {
  it('records, edits and lists bases, benchmark ones first, with the operator', async () => {
    await truncateAll(t.sql);
    const op = await createOrgWithOwner(t.sql, 'base_operator', { name: '聊城高新区数字产业园运营有限公司' });
    const fields = {
      name: '聊城高新区数据标注产业园', county: '371572', operatorOrgId: op.org.id, address: '聊城市高新区黄山路 1 号', floorAreaM2: 12_000,
      seats: 800, occupiedSeats: 560, openedOn: '2024-09-01', benchmarkStatus: 'candidate' as const, benchmarkSince: null,
    };
    const a = await industrialBases.create(t.sql, fields);
    expect(a).toMatchObject({ ...fields, operatorName: '聊城高新区数字产业园运营有限公司' });
    const b = await industrialBases.create(t.sql, { ...fields, name: '东昌府区数据标注基地', operatorOrgId: null, benchmarkStatus: 'benchmark', benchmarkSince: '2025-06-30' });
    expect((await industrialBases.list(t.sql)).map((x) => x.id)).toEqual([b.id, a.id]);
    expect((await industrialBases.list(t.sql, { benchmarkStatus: 'candidate' })).map((x) => x.id)).toEqual([a.id]);
    const edited = await industrialBases.update(t.sql, a.id, { ...fields, occupiedSeats: 800 });
    expect(edited).toMatchObject({ occupiedSeats: 800 });
    expect(await industrialBases.update(t.sql, '00000000-0000-4000-8000-000000000000', fields)).toBeNull();
    // the table holds the rules the domain checks first
    await expect(industrialBases.update(t.sql, a.id, { ...fields, occupiedSeats: 801 })).rejects.toThrow(/industrial_bases_occupied_check/);
  });
});
