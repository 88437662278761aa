import { notifications } from '@annex/db';
import { joinAlliance } from '@annex/db/fixtures.ts';
import { parse } from 'csv-parse/sync';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnnouncementNotices } from '../use-cases/alliance-news/announcements.ts';
import { type Market, type Party, as, setupMarket } from '../test-market.ts';

// Announcements and events through the API: audiences (members only, one kind), notifications each user once,
// publication now or later, registration with its waitlist and promotion, attendance and its CSV, audit rows.

let m: Market;
let P: Market['parties'];
beforeAll(async () => {
  m = await setupMarket();
  P = m.parties;
  // vendor A and buyer A are members of the alliance; vendor B, buyer B and the unverified vendor are not
  await joinAlliance(m.db.sql, P.vendorA.orgId);
  await joinAlliance(m.db.sql, P.buyerA.orgId);
});
afterAll(async () => {
  await m?.close();
});

const HOUR = 3_600_000;
const at = (h: number) => new Date(Date.now() + h * HOUR).toISOString();
const kindsOf = async (p: Party) => (await notifications.listForUser(m.db.sql, p.userId, { limit: 100 })).items.map((n) => [n.kind, n.payload]);
const audit = async (entity: string, id: string) =>
  (await m.db.sql<{ action: string; before: unknown; after: unknown }[]>`select action, before, after from audit_log where entity_type = ${entity} and entity_id = ${id} order by id`);

async function announcement(body: Record<string, unknown>): Promise<string> {
  const r = await as(m.app, P.secretariat).post('/api/v1/announcements', { title: '关于开展数据标注人才培训的通知', body: '正文', audience: 'everyone', ...body });
  expect(r.status, r.text).toBe(201);
  return r.json.id;
}

describe('announcements', () => {
  it('the secretariat drafts; others may not, and nobody else sees a draft', async () => {
    expect((await as(m.app, P.vendorA).post('/api/v1/announcements', { title: 't', body: '', audience: 'everyone' })).status).toBe(403);
    expect((await as(m.app, null).post('/api/v1/announcements', { title: 't', body: '', audience: 'everyone' })).status).toBe(401);
    const id = await announcement({ audience: 'members' });
    expect((await as(m.app, P.secretariat).get(`/api/v1/announcements/${id}`)).json).toMatchObject({ status: 'draft', actions: ['edit', 'publish'] });
    for (const p of [null, P.vendorA, P.buyerB]) expect((await as(m.app, p).get(`/api/v1/announcements/${id}`)).status).toBe(404);
    expect((await as(m.app, P.vendorA).get('/api/v1/announcements?scope=all')).status).toBe(403);
    expect((await as(m.app, P.secretariat).get('/api/v1/announcements?scope=all')).json.items.map((a: { id: string }) => a.id)).toContain(id);
  });

  it('a members-only announcement: the members see it and are told once each, nobody else', async () => {
    const id = await announcement({ title: '会员大会通知', body: '# 会员大会\n\n请**准时**参加\n\n<script>alert(1)</script>', audience: 'members' });
    const r = await as(m.app, P.secretariat).post(`/api/v1/announcements/${id}/publish`, {});
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ status: 'published', actions: ['edit', 'unpublish'] });
    expect(r.json.notifiedAt).not.toBeNull();
    const seen = await as(m.app, P.vendorA).get(`/api/v1/announcements/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.json.html).toContain('<strong>准时</strong>');
    expect(seen.json.html).not.toContain('script');
    expect(seen.json.actions).toEqual([]);
    for (const p of [null, P.vendorB, P.buyerB]) expect((await as(m.app, p).get(`/api/v1/announcements/${id}`)).status).toBe(404);
    const told = (p: Party) => kindsOf(p).then((xs) => xs.filter(([k, pl]) => k === 'announcement_published' && (pl as { announcementId: string }).announcementId === id));
    expect(await told(P.vendorA)).toHaveLength(1);
    expect(await told(P.buyerA)).toHaveLength(1);
    expect(await told(P.vendorB)).toHaveLength(0);
    expect(await told(P.secretariat)).toHaveLength(0);
    // taken down and published again: gone from the list meanwhile, and nobody is told twice
    expect((await as(m.app, P.secretariat).post(`/api/v1/announcements/${id}/unpublish`)).json.status).toBe('unpublished');
    expect((await as(m.app, P.vendorA).get('/api/v1/announcements')).json.items.map((a: { id: string }) => a.id)).not.toContain(id);
    expect((await as(m.app, P.secretariat).post(`/api/v1/announcements/${id}/unpublish`)).status).toBe(409);
    expect((await as(m.app, P.secretariat).post(`/api/v1/announcements/${id}/publish`, {})).status).toBe(200);
    expect(await told(P.vendorA)).toHaveLength(1);
    expect((await audit('announcement', id)).map((a) => a.action)).toEqual([
      'announcement.created', 'announcement.published', 'announcement.unpublished', 'announcement.published',
    ]);
  });

  it('an announcement for one kind of member reaches that kind only', async () => {
    const id = await announcement({ title: '标注企业座谈会', audience: 'vendor' });
    await as(m.app, P.secretariat).post(`/api/v1/announcements/${id}/publish`, {});
    expect((await as(m.app, P.vendorA).get(`/api/v1/announcements/${id}`)).status).toBe(200);
    expect((await as(m.app, P.buyerA).get(`/api/v1/announcements/${id}`)).status).toBe(404);
    expect((await kindsOf(P.buyerA)).some(([, pl]) => (pl as { announcementId?: string }).announcementId === id)).toBe(false);
  });

  it('lists pinned first, then the newest; the public sees the announcements for everyone only', async () => {
    const pinned = await announcement({ title: '置顶：联盟章程', pinned: true });
    const plain = await announcement({ title: '普通公告' });
    const members = await announcement({ title: '会员专享', audience: 'members' });
    for (const id of [pinned, plain, members]) await as(m.app, P.secretariat).post(`/api/v1/announcements/${id}/publish`, {});
    const pub = (await as(m.app, null).get('/api/v1/announcements')).json.items.map((a: { id: string }) => a.id);
    expect(pub[0]).toBe(pinned);
    expect(pub.indexOf(plain)).toBeGreaterThan(0);
    expect(pub).not.toContain(members);
    const mine = (await as(m.app, P.buyerA).get('/api/v1/announcements')).json.items.map((a: { id: string }) => a.id);
    expect(mine.indexOf(members)).toBeLessThan(mine.indexOf(plain));
    expect((await as(m.app, null).get('/api/v1/announcements?pinned=true')).json.items.map((a: { id: string }) => a.id)).toEqual([pinned]);
  });

  it('publishes at a later time: scheduled, told when the time comes (the scheduler), never at a time past', async () => {
    const id = await announcement({ title: '定时发布' });
    expect((await as(m.app, P.secretariat).post(`/api/v1/announcements/${id}/publish`, { at: at(-1) })).json).toMatchObject({
      code: 'validation_failed', errors: [{ path: 'at' }],
    });
    const r = await as(m.app, P.secretariat).post(`/api/v1/announcements/${id}/publish`, { at: at(2) });
    expect(r.json).toMatchObject({ status: 'scheduled', notifiedAt: null });
    expect((await as(m.app, null).get(`/api/v1/announcements/${id}`)).status).toBe(404);
    const log = pino({ level: 'silent' });
    expect(await runAnnouncementNotices(m.db.sql, log, new Date())).toBe(0);
    expect(await runAnnouncementNotices(m.db.sql, log, new Date(Date.now() + 3 * HOUR))).toBeGreaterThanOrEqual(1);
    expect(await runAnnouncementNotices(m.db.sql, log, new Date(Date.now() + 3 * HOUR))).toBe(0);
    expect((await kindsOf(P.vendorB)).filter(([, pl]) => (pl as { announcementId?: string }).announcementId === id)).toHaveLength(1);
  });

  it('edits with an audit row of what changed; refuses bad input with 400', async () => {
    const id = await announcement({});
    const r = await as(m.app, P.secretariat).patch(`/api/v1/announcements/${id}`, { title: '新标题', pinned: true });
    expect(r.json).toMatchObject({ title: '新标题', pinned: true });
    expect((await audit('announcement', id)).at(-1)).toMatchObject({ action: 'announcement.updated', before: { pinned: false }, after: { title: '新标题', pinned: true } });
    expect((await as(m.app, P.secretariat).patch(`/api/v1/announcements/${id}`, {})).status).toBe(400);
    expect((await as(m.app, P.secretariat).post('/api/v1/announcements', { title: '', body: '', audience: 'all' })).status).toBe(400);
    expect((await as(m.app, P.secretariat).patch('/api/v1/announcements/00000000-0000-4000-8000-000000000000', { title: 'x' })).status).toBe(404);
  });
});

const eventBody = (over: Record<string, unknown> = {}) => ({
  title: '数据标注质量交流研讨会', description: '议程：\n1. 质检方法', startsAt: at(48), endsAt: at(51), placeKind: 'onsite',
  place: '聊城市东昌府区数据标注产业园 3 楼', capacity: 2, registrationDeadline: at(24), audience: 'everyone', ...over,
});
async function publishedEvent(over: Record<string, unknown> = {}): Promise<string> {
  const c = await as(m.app, P.secretariat).post('/api/v1/events', eventBody(over));
  expect(c.status, c.text).toBe(201);
  const p = await as(m.app, P.secretariat).post(`/api/v1/events/${c.json.id}/publish`);
  expect(p.status, p.text).toBe(200);
  return c.json.id;
}
const reg = (p: Party | null, id: string) => as(m.app, p).post(`/api/v1/events/${id}/registration`);
const unreg = (p: Party | null, id: string) => as(m.app, p).delete(`/api/v1/events/${id}/registration`);

describe('events', () => {
  it('refuses times that do not fit, an online event without a link, and writers other than the secretariat', async () => {
    const post = (body: unknown) => as(m.app, P.secretariat).post('/api/v1/events', body);
    expect((await post(eventBody({ endsAt: at(47) }))).json).toMatchObject({ code: 'validation_failed', errors: [{ path: 'endsAt' }] });
    expect((await post(eventBody({ registrationDeadline: at(49) }))).json).toMatchObject({ errors: [{ path: 'registrationDeadline' }] });
    expect((await post(eventBody({ placeKind: 'online', place: '腾讯会议' }))).json).toMatchObject({ errors: [{ path: 'place' }] });
    expect((await post(eventBody({ capacity: 0 }))).status).toBe(400);
    expect((await as(m.app, P.buyerA).post('/api/v1/events', eventBody())).status).toBe(403);
  });

  it('a draft is the secretariat\'s; publishing tells the audience', async () => {
    const c = await as(m.app, P.secretariat).post('/api/v1/events', eventBody({ audience: 'members', title: '会员沙龙' }));
    expect(c.json).toMatchObject({ status: 'draft', phase: 'draft', actions: ['edit', 'publish', 'cancel'] });
    expect((await as(m.app, P.vendorA).get(`/api/v1/events/${c.json.id}`)).status).toBe(404);
    expect((await reg(P.vendorA, c.json.id)).status).toBe(404);
    expect((await as(m.app, P.vendorA).get('/api/v1/events?drafts=true')).status).toBe(403);
    await as(m.app, P.secretariat).post(`/api/v1/events/${c.json.id}/publish`);
    expect((await as(m.app, P.secretariat).post(`/api/v1/events/${c.json.id}/publish`)).status).toBe(409);
    expect((await as(m.app, P.vendorA).get(`/api/v1/events/${c.json.id}`)).json).toMatchObject({ phase: 'registration_open', canRegister: true });
    expect((await as(m.app, P.vendorB).get(`/api/v1/events/${c.json.id}`)).status).toBe(404);
    const told = async (p: Party) => (await kindsOf(p)).filter(([k, pl]) => k === 'event_published' && (pl as { eventId: string }).eventId === c.json.id);
    expect(await told(P.vendorA)).toHaveLength(1);
    expect(await told(P.vendorB)).toHaveLength(0);
  });

  it('seats, then the waitlist in arrival order; a seat given back goes to the first who waits, who is told', async () => {
    const id = await publishedEvent();
    expect((await reg(P.vendorA, id)).json).toMatchObject({ mine: { status: 'registered' }, seatsLeft: 1, canRegister: false, canCancel: true });
    expect((await reg(P.buyerB, id)).json).toMatchObject({ mine: { status: 'registered' }, seatsLeft: 0 });
    expect((await reg(P.vendorB, id)).json).toMatchObject({ mine: { status: 'waitlisted', waitlistPosition: 1 }, waitlisted: 1 });
    expect((await reg(P.unverified, id)).json).toMatchObject({ mine: { status: 'waitlisted', waitlistPosition: 2 } });
    expect((await reg(P.vendorA, id)).json.code).toBe('already_registered');
    expect((await reg(P.secretariat, id)).status).toBe(403);
    expect((await reg(null, id)).status).toBe(401);
    expect((await unreg(P.buyerA, id)).json.code).toBe('not_registered');
    // vendor A gives its seat back: vendor B (first in the queue) gets it and is told; the unverified vendor moves up
    expect((await unreg(P.vendorA, id)).json).toMatchObject({ mine: { status: 'cancelled' }, registered: 2, waitlisted: 1 });
    expect((await as(m.app, P.vendorB).get(`/api/v1/events/${id}`)).json.mine).toMatchObject({ status: 'registered' });
    expect((await as(m.app, P.unverified).get(`/api/v1/events/${id}`)).json.mine).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await kindsOf(P.vendorB)).filter(([k, pl]) => k === 'event_promoted' && (pl as { eventId: string }).eventId === id)).toHaveLength(1);
    // registering again: the back of the queue
    expect((await reg(P.vendorA, id)).json.mine).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    // the capacity: never under the seats given; raised, it seats the first who wait
    expect((await as(m.app, P.secretariat).patch(`/api/v1/events/${id}`, { capacity: 1 })).json).toMatchObject({ code: 'rule_violation', errors: [{ path: 'capacity' }] });
    expect((await as(m.app, P.secretariat).patch(`/api/v1/events/${id}`, { capacity: 3 })).json).toMatchObject({ registered: 3, waitlisted: 1, seatsLeft: 0 });
    expect((await as(m.app, P.unverified).get(`/api/v1/events/${id}`)).json.mine.status).toBe('registered');
    const actions = (await audit('alliance_event', id)).map((a) => a.action);
    expect(actions).toEqual([
      'event.created', 'event.published', 'event.registered', 'event.registered', 'event.waitlisted', 'event.waitlisted',
      'event.registration_cancelled', 'event.promoted', 'event.waitlisted', 'event.promoted', 'event.updated',
    ]);
  });

  it('the attendance list, its CSV, attendance from the start on', async () => {
    const id = await publishedEvent({ capacity: 1 });
    await reg(P.buyerA, id);
    await reg(P.vendorB, id);
    expect((await as(m.app, P.buyerA).get(`/api/v1/events/${id}/registrations`)).status).toBe(403);
    const list = await as(m.app, P.secretariat).get(`/api/v1/events/${id}/registrations`);
    expect(list.json).toMatchObject({ registered: 1, waitlisted: 1 });
    expect(list.json.items.map((a: { orgName: string; status: string; waitlistPosition: number | null }) => [a.orgName, a.status, a.waitlistPosition])).toEqual([
      [P.buyerA.name, 'registered', null], [P.vendorB.name, 'waitlisted', 1],
    ]);
    const csv = await m.app.request(`/api/v1/events/${id}/registrations/export`, { headers: { cookie: P.secretariat.cookie } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parse(new TextDecoder().decode(await csv.arrayBuffer()), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['序号', '姓名', '邮箱', '单位', '状态', '候补顺位', '报名时间', '入座时间', '签到']);
    expect(rows.slice(1).map((r) => [r[3], r[4], r[5]])).toEqual([[P.buyerA.name, '已报名', ''], [P.vendorB.name, '候补', '1']]);
    const seat = list.json.items[0].id;
    const mark = (body: unknown) => as(m.app, P.secretariat).post(`/api/v1/events/${id}/registrations/${seat}/attendance`, body);
    expect((await mark({ attended: true })).status).toBe(409);
    await m.db.sql`update alliance_events set registration_deadline = now() - interval '2 hours', starts_at = now() - interval '1 hour' where id = ${id}`;
    expect((await mark({ attended: true })).json).toMatchObject({ attended: true });
    expect((await as(m.app, P.secretariat).post(`/api/v1/events/${id}/registrations/${list.json.items[1].id}/attendance`, { attended: true })).status).toBe(409);
    // started: no registration, no cancellation
    expect((await reg(P.vendorA, id)).json.code).toBe('registration_closed');
    expect((await unreg(P.buyerA, id)).json.code).toBe('event_started');
  });

  it('closes registration at its deadline; members-only events are not there for others', async () => {
    const id = await publishedEvent({ audience: 'members' });
    expect((await reg(P.vendorB, id)).status).toBe(404);
    await m.db.sql`update alliance_events set registration_deadline = now() - interval '1 minute' where id = ${id}`;
    expect((await as(m.app, P.vendorA).get(`/api/v1/events/${id}`)).json).toMatchObject({ phase: 'registration_closed', canRegister: false });
    expect((await reg(P.vendorA, id)).json.code).toBe('registration_closed');
  });

  it('a cancelled event tells who registered and who waited', async () => {
    const id = await publishedEvent({ capacity: 1 });
    await reg(P.buyerA, id);
    await reg(P.buyerB, id);
    expect((await as(m.app, P.secretariat).post(`/api/v1/events/${id}/cancel`, { reason: '' })).status).toBe(400);
    const r = await as(m.app, P.secretariat).post(`/api/v1/events/${id}/cancel`, { reason: '场地调整，另行通知' });
    expect(r.json).toMatchObject({ status: 'cancelled', phase: 'cancelled', cancelReason: '场地调整，另行通知', actions: [] });
    for (const p of [P.buyerA, P.buyerB]) {
      expect((await kindsOf(p)).filter(([k, pl]) => k === 'event_cancelled' && (pl as { eventId: string }).eventId === id)).toHaveLength(1);
    }
    expect((await as(m.app, P.secretariat).post(`/api/v1/events/${id}/cancel`, { reason: '再次取消' })).status).toBe(409);
    expect((await reg(P.vendorA, id)).status).toBe(409);
  });

  it('lists upcoming events soonest first with the caller\'s registration, past ones apart', async () => {
    const later = await publishedEvent({ startsAt: at(100), endsAt: at(101), registrationDeadline: at(90) });
    const sooner = await publishedEvent({ startsAt: at(30), endsAt: at(31), registrationDeadline: at(20) });
    await reg(P.vendorA, sooner);
    const items = (await as(m.app, P.vendorA).get('/api/v1/events?limit=100')).json.items as { id: string; mine: unknown }[];
    const ids = items.map((e) => e.id);
    expect(ids.indexOf(sooner)).toBeLessThan(ids.indexOf(later));
    expect(items.find((e) => e.id === sooner)?.mine).toMatchObject({ status: 'registered' });
    expect((await as(m.app, null).get('/api/v1/events?when=past')).json.items.map((e: { id: string }) => e.id)).not.toContain(sooner);
    expect((await as(m.app, null).get('/api/v1/events?cursor=zzz')).status).toBe(400);
  });
});
