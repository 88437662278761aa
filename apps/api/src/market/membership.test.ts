import { hashPassword } from '@annex/auth';
import { allianceMemberships, audit, notifications, organisations, users } from '@annex/db';
import { createOrgWithOwner, randomEmail } from '@annex/db/fixtures.ts';
import { shanghaiDate } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, call, registerAs, registration, sessionCookie, freshSource } from '../test-helpers.ts';
import { type Market, type Party, as, setupMarket } from '../test-market.ts';

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
}, 120_000);
afterAll(() => m?.close());

const apply = (p: Party, body: unknown = { tier: 'council', statement: '愿共建本地标注人才体系' }) =>
  as(m.app, p).post('/api/v1/organisations/mine/membership', body);
const decide = (orgId: string, body: unknown) => as(m.app, m.parties.secretariat).post(`/api/v1/admin/memberships/${orgId}/decision`, body);
const noticesOf = async (p: Party) => (await notifications.listForUser(m.db.sql, p.userId, { limit: 100 })).items;
const party = async (kind: 'buyer' | 'vendor' | 'training_institution' | 'base_operator'): Promise<Party> => {
  const r = await registerAs(m.app, kind);
  return { cookie: r.cookie, orgId: r.me.organisation.id, userId: r.me.user.id, name: r.me.organisation.name };
};

describe('registration of the kinds that join the alliance', () => {
  it('registers training institutions and base operators, with their county required', async () => {
    for (const kind of ['training_institution', 'base_operator'] as const) {
      const r = await registerAs(m.app, kind);
      expect(r.me.organisation).toMatchObject({ kind, county: '371502', verification: null });
      const body = registration(kind);
      const { county: _, ...organisation } = body.organisation;
      const missing = await call(m.app, 'POST', '/api/v1/auth/register', { body: { ...body, organisation }, headers: freshSource() });
      expect(missing.status).toBe(400);
      expect(missing.json.errors).toContainEqual(expect.objectContaining({ path: 'organisation.county' }));
    }
  });
});

describe('membership of the alliance', () => {
  it('is applied for by the owner, approved with a number, suspended and reinstated; told, audited and listed', async () => {
    const firm = await party('vendor');
    const { secretariat } = m.parties;
    expect((await as(m.app, firm).get('/api/v1/organisations/mine/membership')).json).toEqual({
      membership: null, eligible: true, permissions: { apply: true, approve: false, reject: false, suspend: false, reinstate: false },
    });
    const applied = await apply(firm);
    expect(applied.status, applied.text).toBe(201);
    expect(applied.json).toMatchObject({
      membership: { orgId: firm.orgId, kind: 'vendor', county: '371502', status: 'applied', tier: 'council', statement: '愿共建本地标注人才体系', memberNo: null },
      permissions: { apply: false },
    });
    expect((await apply(firm)).json.code).toBe('membership_exists');
    expect((await noticesOf(secretariat)).map((n) => n.kind)).toContain('membership_applied');

    // the queue: oldest first, with its age and the secretariat's steps
    const queue = await as(m.app, secretariat).get('/api/v1/admin/memberships?limit=100');
    const row = queue.json.items.find((x: { orgId: string }) => x.orgId === firm.orgId);
    expect(row).toMatchObject({ status: 'applied', ageDays: 0, contactPhone: '13800000000', permissions: { approve: true, reject: true, suspend: false } });

    // approve: the tier the secretariat sets, joined today (Asia/Shanghai) by default, the next member number
    const approved = await decide(firm.orgId, { decision: 'approve', tier: 'member' });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json).toMatchObject({ status: 'member', tier: 'member', joinedOn: shanghaiDate(new Date()), reason: null });
    expect(approved.json.memberNo).toMatch(/^LCDA-\d{4}$/);
    expect((await decide(firm.orgId, { decision: 'approve', tier: 'member' })).json.code).toBe('invalid_transition');
    const told = (await noticesOf(firm)).find((n) => n.kind === 'membership_decided');
    expect(told?.payload).toMatchObject({ decision: 'approve', status: 'member', memberNo: approved.json.memberNo });

    // the public directory shows it without contacts
    const dir = await as(m.app, null).get(`/api/v1/members?kind=vendor&q=${encodeURIComponent(firm.name)}`);
    expect(dir.json.items).toEqual([{ orgId: firm.orgId, name: firm.name, kind: 'vendor', county: '371502', tier: 'member', memberNo: approved.json.memberNo, joinedOn: approved.json.joinedOn }]);

    // suspend needs a reason; a suspended member leaves the directory and keeps its number when reinstated
    expect((await decide(firm.orgId, { decision: 'suspend' })).status).toBe(400);
    const suspended = await decide(firm.orgId, { decision: 'suspend', reason: '未按期报送统计数据' });
    expect(suspended.json).toMatchObject({ status: 'suspended', reason: '未按期报送统计数据', memberNo: approved.json.memberNo });
    expect((await as(m.app, null).get(`/api/v1/members?q=${encodeURIComponent(firm.name)}`)).json.items).toEqual([]);
    expect((await apply(firm)).json.code).toBe('membership_exists');
    const reinstated = await decide(firm.orgId, { decision: 'reinstate' });
    expect(reinstated.json).toMatchObject({ status: 'member', reason: null, memberNo: approved.json.memberNo });

    const trail = await audit.listForEntity(m.db.sql, 'alliance_membership', firm.orgId);
    expect(trail.map((e) => e.action)).toEqual(['membership.applied', 'membership.approved', 'membership.suspended', 'membership.reinstated']);
    expect(trail[2]).toMatchObject({ before: { status: 'member' }, after: { status: 'suspended', reason: '未按期报送统计数据' }, actorOrgId: secretariat.orgId });
    expect((await noticesOf(firm)).filter((n) => n.kind === 'membership_decided')).toHaveLength(3);
  });

  it('is rejected with a reason, applied for again and approved with a past join date; never in the future', async () => {
    const school = await party('training_institution');
    await apply(school, { tier: 'member', statement: '' });
    expect((await decide(school.orgId, { decision: 'reject', reason: ' ' })).status).toBe(400);
    const rejected = await decide(school.orgId, { decision: 'reject', reason: '请补充办学许可证' });
    expect(rejected.json).toMatchObject({ status: 'rejected', reason: '请补充办学许可证', memberNo: null });
    expect((await as(m.app, school).get('/api/v1/organisations/mine/membership')).json.permissions.apply).toBe(true);
    const again = await apply(school, { tier: 'council', statement: '已补充办学许可证' });
    expect(again.json.membership).toMatchObject({ status: 'applied', tier: 'council', reason: null });
    const future = await decide(school.orgId, { decision: 'approve', tier: 'council', joinedOn: '2999-01-01' });
    expect(future.status).toBe(422);
    expect(future.json).toMatchObject({ code: 'rule_violation', errors: [{ path: 'joinedOn' }] });
    expect((await decide(school.orgId, { decision: 'approve', tier: 'council', joinedOn: '2025-09-01' })).json).toMatchObject({
      status: 'member', tier: 'council', joinedOn: '2025-09-01',
    });
  });

  it('refuses applications of the secretariat and of members who are not the owner, and decisions on nothing', async () => {
    expect((await apply(m.parties.secretariat)).status).toBe(403);
    const firm = await party('buyer');
    const email = randomEmail('member');
    const user = await users.create(m.db.sql, { email, passwordHash: await hashPassword(PASSWORD), displayName: '职员' });
    await organisations.addMember(m.db.sql, { userId: user.id, orgId: firm.orgId, role: 'member' });
    const login = await call(m.app, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    const staff: Party = { cookie: sessionCookie(login.res) as string, orgId: firm.orgId, userId: user.id, name: firm.name };
    expect((await apply(staff)).status).toBe(403);
    expect((await as(m.app, staff).get('/api/v1/organisations/mine/membership')).json.permissions.apply).toBe(false);
    expect((await decide(firm.orgId, { decision: 'approve', tier: 'member' })).status).toBe(404);
    expect((await decide('not-a-uuid', { decision: 'reinstate' })).status).toBe(404);
    expect((await apply(firm, { tier: 'gold' })).status).toBe(400);
    expect((await as(m.app, m.parties.secretariat).get('/api/v1/admin/memberships?cursor=nonsense')).status).toBe(400);
    expect((await as(m.app, firm).get('/api/v1/admin/memberships')).status).toBe(403);
  });

  it('answers one of two concurrent approvals and refuses the other', async () => {
    const { org, owner } = await createOrgWithOwner(m.db.sql, 'base_operator');
    await allianceMemberships.apply(m.db.sql, { orgId: org.id, tier: 'member', statement: '', appliedBy: owner.id });
    const both = await Promise.all([1, 2].map(() => decide(org.id, { decision: 'approve', tier: 'member' })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('filters the directory by kind, county, tier and name, in pages by member number', async () => {
    const dir = (q: string) => as(m.app, null).get(`/api/v1/members?${q}`);
    const a = await party('base_operator');
    await call(m.app, 'PATCH', '/api/v1/organisations/mine', { cookie: a.cookie, body: { county: '371572', name: '聊城高新区数字产业园运营有限公司' } });
    await apply(a, { tier: 'council', statement: '' });
    await decide(a.orgId, { decision: 'approve', tier: 'council' });
    expect((await dir('county=371572')).json.items.map((x: { name: string }) => x.name)).toEqual(['聊城高新区数字产业园运营有限公司']);
    expect((await dir('kind=base_operator&tier=council')).json.items.map((x: { orgId: string }) => x.orgId)).toContain(a.orgId);
    expect((await dir('tier=member')).json.items.map((x: { orgId: string }) => x.orgId)).not.toContain(a.orgId);
    const first = await dir('limit=1');
    expect(first.json.items).toHaveLength(1);
    expect(first.json.total).toBeGreaterThan(1);
    const second = await dir(`limit=1&cursor=${first.json.nextCursor}`);
    expect(second.json.items[0].memberNo > first.json.items[0].memberNo).toBe(true);
    for (const bad of ['kind=secretariat', 'county=110000', 'tier=gold', 'cursor=x']) expect((await dir(bad)).status).toBe(400);
  });
});

describe('industrial bases', () => {
  const base = (over: Record<string, unknown> = {}) => ({
    name: '聊城高新区数据标注产业园', county: '371572', address: '聊城市高新区黄山路 1 号', floorAreaM2: 12_000, seats: 800, occupiedSeats: 560,
    openedOn: '2024-09-01', benchmarkStatus: 'candidate', ...over,
  });

  it('are kept by the secretariat under the domain rules and read by everyone, benchmark ones counted', async () => {
    const admin = as(m.app, m.parties.secretariat);
    const op = await party('base_operator');
    const created = await admin.post('/api/v1/industrial-bases', base({ operatorOrgId: op.orgId }));
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ operator: { orgId: op.orgId, name: op.name }, occupancyPercent: 70, benchmarkSince: null });
    const id = created.json.id as string;

    for (const [over, path] of [
      [{ occupiedSeats: 801 }, 'occupiedSeats'],
      [{ benchmarkStatus: 'benchmark' }, 'benchmarkSince'],
      [{ benchmarkStatus: 'candidate', benchmarkSince: '2025-01-01' }, 'benchmarkSince'],
      [{ openedOn: '2999-01-01' }, 'openedOn'],
      [{ operatorOrgId: m.parties.vendorA.orgId }, 'operatorOrgId'],
    ] as const) {
      const r = await admin.post('/api/v1/industrial-bases', base(over));
      expect(r.status, JSON.stringify(over)).toBe(422);
      expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await admin.post('/api/v1/industrial-bases', base({ seats: -1 }))).status).toBe(400);
    expect((await as(m.app, m.parties.buyerA).post('/api/v1/industrial-bases', base())).status).toBe(403);

    const before = (await as(m.app, null).get('/api/v1/industrial-bases')).json.benchmarkCount as number;
    const put = await call(m.app, 'PUT', `/api/v1/industrial-bases/${id}`, {
      cookie: m.parties.secretariat.cookie, body: base({ operatorOrgId: op.orgId, benchmarkStatus: 'benchmark', benchmarkSince: '2025-06-30', occupiedSeats: 800 }),
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toMatchObject({ benchmarkStatus: 'benchmark', benchmarkSince: '2025-06-30', occupancyPercent: 100 });
    const list = (await as(m.app, null).get('/api/v1/industrial-bases')).json;
    expect(list.benchmarkCount).toBe(before + 1);
    expect(list.items[0].benchmarkStatus).toBe('benchmark');
    expect((await as(m.app, null).get('/api/v1/industrial-bases?benchmarkStatus=candidate')).json.items.map((b: { id: string }) => b.id)).not.toContain(id);
    expect((await as(m.app, null).get(`/api/v1/industrial-bases/${id}`)).json.name).toBe('聊城高新区数据标注产业园');
    expect((await as(m.app, null).get('/api/v1/industrial-bases/00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const trail = await audit.listForEntity(m.db.sql, 'industrial_base', id);
    expect(trail.map((e) => e.action)).toEqual(['base.created', 'base.updated']);
    expect(trail[1]).toMatchObject({ before: { benchmarkStatus: 'candidate' }, after: { benchmarkStatus: 'benchmark', benchmarkSince: '2025-06-30' } });
  });
});
