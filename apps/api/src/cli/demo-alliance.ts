import { type AllianceMembershipRow, type Db, type IndustrialBaseFields, type Tx, allianceMemberships, history, industrialBases, listMembersForStatistics } from '@annex/db';
import {
  type MemberKind, type Membership, type MembershipAction, type MembershipRole, type MembershipTier, MEMBER_KINDS,
  applyMembership, checkIndustrialBase, membershipStatusesFor, shanghaiDate,
} from '@annex/domain';
import { toMembership } from '../use-cases/alliance/presenters.ts';
import { notify, toOrgs } from '../use-cases/notify.ts';
import type { DemoPerson } from './demo-history.ts';

// The demo's alliance (联盟成员) and industrial bases (产业基地): firms, AI companies, a college and a park operator that
// applied and were approved over the past year and a half (council and ordinary members, numbers in the order of
// approval), one AI company suspended, one firm's application waiting in the secretariat's queue; a benchmark base and
// a candidate. Each step is checked by the domain's rules at its own time and written, audited and told as the use
// cases (use-cases/alliance) write them.

const DAY = 86_400_000;

type DemoMember = {
  email: string;
  tier: MembershipTier;
  statement: string;
  /** days before now the secretariat approved (the join date is that day) */
  joinedDaysAgo: number;
  suspended?: { daysAgo: number; reason: string };
};

const MEMBERS: DemoMember[] = [
  { email: 'vendor.shuicheng@annex.local', tier: 'council', joinedDaysAgo: 560, statement: '本地规上标注企业，具备安全作业室和 3D 点云标注产能，愿牵头制定联盟质检规范。' },
  { email: 'buyer.xingheng@annex.local', tier: 'council', joinedDaysAgo: 545, statement: '自动驾驶数据需求方，每年在聊城下达点云与图像标注订单。' },
  { email: 'vendor.huiyan@annex.local', tier: 'council', joinedDaysAgo: 530, statement: '大模型 SFT 与 RLHF 数据服务商，可为联盟培训对话标注员。' },
  { email: 'base.dongchang@annex.local', tier: 'council', joinedDaysAgo: 500, statement: '东昌府区数据标注产业园运营方，为入驻企业提供场地、网络与安全机房。' },
  { email: 'school.lcvtc@annex.local', tier: 'member', joinedDaysAgo: 470, statement: '开设人工智能训练师课程，每年开展岗前培训和职业技能等级认定。' },
  { email: 'vendor.yunhe@annex.local', tier: 'member', joinedDaysAgo: 430, statement: '文本与语音标注企业，希望通过联盟对接更多语料订单。' },
  {
    email: 'buyer.yanchuan@annex.local', tier: 'member', joinedDaysAgo: 400, statement: '大模型企业，计划在聊城采购中文语料标注服务。',
    suspended: { daysAgo: 20, reason: '2026 年度会费逾期未缴，经秘书处两次书面催告仍未补缴；补缴后可申请恢复。' },
  },
  { email: 'vendor.jingyanggang@annex.local', tier: 'member', joinedDaysAgo: 200, statement: '阳谷县图像与文本标注企业，愿参与联盟交流研讨。' },
];

/** The application still waiting for the secretariat (the desk's membership queue). */
const PENDING = { email: 'vendor.qiming@annex.local', tier: 'member' as MembershipTier, appliedDaysAgo: 3, statement: '冠县新设标注企业，希望加入联盟获得培训和订单对接支持。' };

type DemoBase = Omit<IndustrialBaseFields, 'operatorOrgId' | 'openedOn' | 'benchmarkSince'> & {
  /** the operator's e-mail, if a registered operator runs it */
  operator: string | null;
  openedDaysAgo: number;
  benchmarkDaysAgo: number | null;
};

const BASES: DemoBase[] = [
  {
    name: '聊城市东昌府区数据标注产业园', county: '371502', operator: 'base.dongchang@annex.local', address: '聊城市东昌府区东昌东路 88 号',
    floorAreaM2: 18_000, seats: 1_200, occupiedSeats: 960, openedDaysAgo: 820, benchmarkStatus: 'benchmark', benchmarkDaysAgo: 180,
  },
  {
    name: '临清市数字经济产业园数据标注基地', county: '371581', operator: null, address: '临清市先锋路 16 号数字经济产业园 2 号楼',
    floorAreaM2: 6_500, seats: 400, occupiedSeats: 230, openedDaysAgo: 390, benchmarkStatus: 'candidate', benchmarkDaysAgo: null,
  },
];

const AUDIT_ACTIONS = { apply: 'membership.applied', approve: 'membership.approved', reject: 'membership.rejected', suspend: 'membership.suspended', reinstate: 'membership.reinstated' } as const;

const asFacts = (r: AllianceMembershipRow): Membership => ({
  status: r.status, tier: r.tier, statement: r.statement, memberNo: r.memberNo, joinedOn: r.joinedOn, reason: r.reason,
});
const auditState = (r: AllianceMembershipRow | null) =>
  r ? { status: r.status, tier: r.tier, memberNo: r.memberNo, joinedOn: r.joinedOn, reason: r.reason } : null;

/** The organisations of the current members by kind (as the statistics ask them), e.g. for the demo's quarterly reports. */
export async function demoMemberOrgIds(db: Db): Promise<Record<MemberKind, string[]>> {
  const rows = await listMembersForStatistics(db, { kinds: MEMBER_KINDS });
  return Object.fromEntries(MEMBER_KINDS.map((k) => [k, rows.filter((r) => r.kind === k).map((r) => r.orgId)])) as Record<MemberKind, string[]>;
}

/** Writes the demo's memberships and industrial bases in `tx`, as of `now`; returns the current members' organisations by kind. */
export async function writeDemoAlliance(tx: Tx, people: Map<string, DemoPerson>, now: Date): Promise<Record<MemberKind, string[]>> {
  const person = (email: string) => {
    const p = people.get(email);
    if (!p) throw new Error(`demo alliance: nobody with the e-mail ${email}`);
    return p;
  };
  const secretariat = [...people.values()].find((p) => p.kind === 'secretariat')!;
  // 10:00 Beijing time on the day `days` before now
  const dayAt = (days: number, hour = 10) => new Date(`${shanghaiDate(new Date(now.getTime() - days * DAY))}T${String(hour).padStart(2, '0')}:00:00+08:00`);

  /** One step of the membership machine at `at`, as the use cases take it: checked, written under its guard, audited, told. */
  async function step(p: DemoPerson, action: MembershipAction, at: Date): Promise<void> {
    const role: MembershipRole = action.type === 'apply' ? 'applicant' : 'secretariat';
    const current = await allianceMemberships.get(tx, p.orgId);
    const next = applyMembership(current ? asFacts(current) : null, p.kind, action, role, at);
    if (!next.ok) throw new Error(`demo alliance: ${p.orgName} ${action.type}: ${next.error}`);
    const row = action.type === 'apply'
      ? await allianceMemberships.apply(tx, { orgId: p.orgId, tier: next.value.tier, statement: next.value.statement, appliedBy: p.userId, at })
      : await allianceMemberships.decide(tx, p.orgId, membershipStatusesFor(action.type), {
        status: next.value.status, tier: next.value.tier, joinedOn: next.value.joinedOn, reason: next.value.reason,
      }, secretariat.userId, at);
    if (!row) throw new Error(`demo alliance: ${p.orgName} ${action.type} found the membership changed`);
    const actor = role === 'applicant' ? p : secretariat;
    await history.audit(tx, {
      at, actorUserId: actor.userId, actorOrgId: actor.orgId, entityType: 'alliance_membership', entityId: p.orgId, action: AUDIT_ACTIONS[action.type],
      before: auditState(current), after: action.type === 'apply' ? { ...auditState(row), statement: row.statement } : auditState(row),
    });
    const notices = action.type === 'apply'
      ? toOrgs([secretariat.orgId], { kind: 'membership_applied', orderId: null, payload: { orgId: p.orgId, orgName: row.orgName, tier: row.tier, again: current !== null } })
      : toOrgs([p.orgId], {
        kind: 'membership_decided', orderId: null,
        payload: {
          orgName: row.orgName, decision: action.type, status: row.status, tier: row.tier, memberNo: toMembership(row).memberNo, joinedOn: row.joinedOn,
          reason: row.reason,
        },
      });
    await notify(tx, notices, at);
  }

  // approvals in the order they happened, so member numbers follow the join dates
  for (const m of [...MEMBERS].sort((a, b) => b.joinedDaysAgo - a.joinedDaysAgo)) {
    const p = person(m.email);
    const approvedAt = dayAt(m.joinedDaysAgo);
    await step(p, { type: 'apply', tier: m.tier, statement: m.statement }, dayAt(m.joinedDaysAgo + 9, 15));
    await step(p, { type: 'approve', tier: m.tier, joinedOn: shanghaiDate(approvedAt) }, approvedAt);
  }
  for (const m of MEMBERS.filter((x) => x.suspended)) {
    await step(person(m.email), { type: 'suspend', reason: m.suspended!.reason }, dayAt(m.suspended!.daysAgo, 16));
  }
  await step(person(PENDING.email), { type: 'apply', tier: PENDING.tier, statement: PENDING.statement }, dayAt(PENDING.appliedDaysAgo, 11));

  for (const b of BASES) {
    const { operator, openedDaysAgo, benchmarkDaysAgo, ...facts } = b;
    const fields: IndustrialBaseFields = {
      ...facts, operatorOrgId: operator ? person(operator).orgId : null, openedOn: shanghaiDate(dayAt(openedDaysAgo)),
      benchmarkSince: benchmarkDaysAgo === null ? null : shanghaiDate(dayAt(benchmarkDaysAgo)),
    };
    // recorded by the secretariat when it came to the alliance's notice, as it stands today
    const at = new Date(now.getTime() - 30 * DAY);
    const problems = checkIndustrialBase(fields, at);
    if (problems.length > 0) throw new Error(`demo base ${b.name}: ${JSON.stringify(problems)}`);
    const row = await industrialBases.create(tx, fields, at);
    await history.audit(tx, {
      at, actorUserId: secretariat.userId, actorOrgId: secretariat.orgId, entityType: 'industrial_base', entityId: row.id, action: 'base.created',
      after: fields,
    });
  }
  return demoMemberOrgIds(tx);
}

/** The demo's members, its waiting application and its bases, for the seed test. */
export const DEMO_ALLIANCE = { members: MEMBERS, pending: PENDING, bases: BASES } as const;
