import { type Tx, allianceHistory, audiences, history } from '@annex/db';
import { type Audience, audienceRecipients, decideRegistration, eventFieldProblems } from '@annex/domain';
import { notify } from '../use-cases/notify.ts';
import type { DemoPerson } from './demo-history.ts';

// The demo's announcements (通知公告) and events (交流研讨): a pinned announcement, one for members only, one for the
// annotation firms, a draft; an upcoming seminar that is full with a waitlist, an online session with seats left, and a
// past salon whose attendance was marked. Written as the use cases would have written them, each step at its time.

const DAY = 86_400_000;
const HOUR = 3_600_000;

type DemoAnnouncement = { title: string; body: string; pinned: boolean; audience: Audience; daysAgo: number | null };

const ANNOUNCEMENTS: DemoAnnouncement[] = [
  {
    title: '关于印发《聊城市数据标注产业联盟章程》的通知', pinned: true, audience: 'everyone', daysAgo: 20,
    body: '各成员单位、各有关企业：\n\n经联盟第一次成员大会审议通过，现将《聊城市数据标注产业联盟章程》印发给你们，请遵照执行。\n\n## 主要内容\n\n1. 联盟的宗旨、业务范围与组织机构；\n2. 理事单位与会员单位的权利和义务；\n3. 入会程序与退出机制；\n4. 会费标准与财务管理。\n\n如有疑问，请联系联盟秘书处：0635-8210000。',
  },
  {
    title: '聊城市数据标注产业扶持政策解读', pinned: false, audience: 'everyone', daysAgo: 10,
    body: '为帮助企业用好用足政策，秘书处对市政府印发的数据标注产业发展措施作如下解读：\n\n- **语料券、数据券、算力券**：面向在本市注册的标注企业和 AI 企业，按实际采购金额的一定比例给予支持；\n- **升规纳统奖励**：首次纳入规模以上统计的标注企业可申请一次性奖励；\n- **人才培训补贴**：开展岗前培训和职业技能等级认定的，按培训人数给予补贴。\n\n具体申请可通过平台“政策代办”办理。',
  },
  {
    title: '关于开展数据安全与保密培训的通知', pinned: false, audience: 'vendor', daysAgo: 6,
    body: '为提升标注企业数据安全管理水平，联盟将组织数据安全与保密专题培训，内容包括等保三级要求、涉敏数据处理规范和安全作业室建设。\n\n请各标注企业安排项目负责人和安全管理员参加。',
  },
  {
    title: '关于报送 2026 年第四季度会员统计数据的通知', pinned: false, audience: 'members', daysAgo: 3,
    body: '各会员单位：\n\n请于季度结束后 15 日内，通过平台“统计填报”报送本季度从业人员、营业收入和培训人数等数据。数据仅用于联盟汇总分析，单个企业数据不对外公开。',
  },
  { title: '2026 年联盟年度工作总结（草稿）', pinned: false, audience: 'members', daysAgo: null, body: '（起草中）' },
];

type DemoEvent = {
  title: string;
  description: string;
  /** days from now to the start (negative: past) */
  startsIn: number;
  hours: number;
  placeKind: 'online' | 'onsite';
  place: string;
  capacity: number;
  audience: Audience;
  /** who registered, in arrival order, by e-mail */
  registrants: string[];
  /** attendance of the seat holders (past events) */
  attended?: boolean[];
};

const EVENTS: DemoEvent[] = [
  {
    title: '自动驾驶点云标注质量研讨会', startsIn: 9, hours: 3, placeKind: 'onsite', place: '聊城市东昌府区数据标注产业园 3 号楼报告厅', capacity: 3, audience: 'everyone',
    description: '围绕 3D 点云框、车道线和多传感器融合标注，交流质检抽样方案与常见返工原因。\n\n**议程**\n\n1. 需求方分享：点云标注规范的演进\n2. 标注企业分享：质检流程与一次通过率\n3. 圆桌讨论：验收标准如何写进合同',
    registrants: ['vendor.shuicheng@annex.local', 'buyer.xingheng@annex.local', 'vendor.yunhe@annex.local', 'vendor.qiming@annex.local', 'buyer.yanchuan@annex.local'],
  },
  {
    title: '大模型 SFT 与 RLHF 数据标注线上交流会', startsIn: 16, hours: 2, placeKind: 'online', place: 'https://meeting.example.cn/j/20261223', capacity: 100, audience: 'everyone',
    description: '邀请语料需求方介绍对话数据、偏好排序数据的标注要求，标注企业交流标注员培训与一致性控制经验。',
    registrants: ['vendor.huiyan@annex.local', 'buyer.yanchuan@annex.local'],
  },
  {
    title: '数据标注企业对接沙龙（第一期）', startsIn: -14, hours: 3, placeKind: 'onsite', place: '聊城市高新区创新创业中心 A 座 5 楼', capacity: 30, audience: 'everyone',
    description: 'AI 企业与本地标注企业面对面交流需求与产能，秘书处介绍平台下单、投标与验收流程。',
    registrants: ['vendor.shuicheng@annex.local', 'vendor.yunhe@annex.local', 'buyer.xingheng@annex.local', 'vendor.qiming@annex.local', 'vendor.huiyan@annex.local'],
    attended: [true, true, true, false, true],
  },
];

/** Writes the demo's announcements and events in `tx`, as of `now`. */
export async function writeDemoAllianceNews(tx: Tx, people: Map<string, DemoPerson>, now: Date): Promise<void> {
  const at = (days: number) => new Date(now.getTime() - days * DAY);
  const secretariat = [...people.values()].find((p) => p.kind === 'secretariat')!;
  const by = { actorUserId: secretariat.userId, actorOrgId: secretariat.orgId };
  const tell = async (audience: Audience, kind: 'announcement_published' | 'event_published', payload: Record<string, unknown>, when: Date) => {
    const userIds = await audiences.userIds(tx, audienceRecipients(audience));
    await notify(tx, userIds.map((userId) => ({ to: { userId }, kind, orderId: null, payload })), when);
  };

  for (const a of ANNOUNCEMENTS) {
    const createdAt = at((a.daysAgo ?? 1) + 1);
    const publishAt = a.daysAgo === null ? null : at(a.daysAgo);
    const row = await allianceHistory.announcement(tx, { ...a, by: secretariat.userId, createdAt, publishAt, notifiedAt: publishAt });
    await history.audit(tx, { at: createdAt, ...by, entityType: 'announcement', entityId: row.id, action: 'announcement.created', after: { title: a.title, audience: a.audience, pinned: a.pinned } });
    if (!publishAt) continue;
    await history.audit(tx, { at: publishAt, ...by, entityType: 'announcement', entityId: row.id, action: 'announcement.published', before: { status: 'draft', publishAt: null }, after: { status: 'published', publishAt: publishAt.toISOString() } });
    await tell(a.audience, 'announcement_published', { announcementId: row.id, title: a.title }, publishAt);
  }

  for (const e of EVENTS) {
    // a start at 14:00 Beijing time on its day; registration closes two days before; published three weeks before
    const day = new Date(now.getTime() + e.startsIn * DAY);
    const startsAt = new Date(`${new Date(day.getTime() + 8 * HOUR).toISOString().slice(0, 10)}T14:00:00+08:00`);
    const fields = {
      title: e.title, description: e.description, startsAt, endsAt: new Date(startsAt.getTime() + e.hours * HOUR), placeKind: e.placeKind, place: e.place,
      capacity: e.capacity, registrationDeadline: new Date(startsAt.getTime() - 2 * DAY), audience: e.audience,
    };
    if (eventFieldProblems(fields).length) throw new Error(`demo event ${e.title}: ${JSON.stringify(eventFieldProblems(fields))}`);
    const publishedAt = new Date(startsAt.getTime() - 21 * DAY);
    const createdAt = new Date(publishedAt.getTime() - DAY);
    const row = await allianceHistory.event(tx, { ...fields, by: secretariat.userId, createdAt, publishedAt });
    await history.audit(tx, { at: createdAt, ...by, entityType: 'alliance_event', entityId: row.id, action: 'event.created', after: { title: e.title, startsAt: startsAt.toISOString(), capacity: e.capacity, audience: e.audience } });
    await history.audit(tx, { at: publishedAt, ...by, entityType: 'alliance_event', entityId: row.id, action: 'event.published', before: { status: 'draft' }, after: { status: 'published' } });
    await tell(e.audience, 'event_published', { eventId: row.id, title: e.title, startsAt: startsAt.toISOString() }, publishedAt);

    let seated = 0;
    const marks: { registrationId: string; attended: boolean }[] = [];
    for (const [i, email] of e.registrants.entries()) {
      const p = people.get(email);
      if (!p) throw new Error(`demo event: nobody with the e-mail ${email}`);
      // registrations come in over the days after publication, each decided by the rules at its time
      const requestedAt = new Date(publishedAt.getTime() + (i + 1) * DAY + i * 3 * HOUR);
      const decided = decideRegistration({ ...fields, status: 'published' }, seated, null, requestedAt);
      if (!decided.ok) throw new Error(`demo event ${e.title}: ${decided.error}`);
      const status = decided.value;
      if (status === 'registered') seated += 1;
      const attended = status === 'registered' ? (e.attended?.[i] ?? null) : null;
      const r = await allianceHistory.registration(tx, {
        eventId: row.id, userId: p.userId, orgId: p.orgId, status, requestedAt, seatedAt: status === 'registered' ? requestedAt : null, attended,
      });
      await history.audit(tx, {
        at: requestedAt, actorUserId: p.userId, actorOrgId: p.orgId, entityType: 'alliance_event', entityId: row.id,
        action: status === 'registered' ? 'event.registered' : 'event.waitlisted', after: { registrationId: r.id, userId: p.userId, orgId: p.orgId, status, arrival: r.arrival },
      });
      if (attended !== null) marks.push({ registrationId: r.id, attended });
    }
    // attendance is marked once the event has started, after every registration
    for (const [i, mark] of marks.entries()) {
      await history.audit(tx, {
        at: new Date(startsAt.getTime() + HOUR + i * 60_000), ...by, entityType: 'alliance_event', entityId: row.id, action: 'event.attendance_marked',
        before: { registrationId: mark.registrationId, attended: null }, after: mark,
      });
    }
  }
}
