import { randomUUID } from 'node:crypto';
import { audit, notifications, workingCalendar } from '@annex/db';
import { sampleServiceFields } from '@annex/db/fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Market, PDF_BYTES, type Party, as, setupMarket, upload } from '../test-market.ts';

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
  // a calendar with nothing but confirmed years: every weekday counts
  const year = new Date().getUTCFullYear();
  await workingCalendar.seedFromLibrary(m.db.sql, [year - 1, year, year + 1, year + 2].map((y) => ({ year: y, confirmed: true, days: [] })), 'test');
});
afterAll(() => m?.close());

async function service(over: Record<string, unknown> = {}) {
  const admin = as(m.app, m.parties.secretariat);
  const created = await admin.post('/api/v1/policy/services', { code: `svc-${randomUUID().slice(0, 8)}`, ...sampleServiceFields(), ...over });
  expect(created.status, created.text).toBe(201);
  return (await admin.post(`/api/v1/policy/services/${created.json.id}/publish`)).json;
}
const step = (p: Party, caseId: string, body: unknown) => as(m.app, p).post(`/api/v1/policy/cases/${caseId}/transition`, body);
const send = (p: Party, caseId: string, material: string, name = '材料.pdf', bytes = PDF_BYTES) =>
  upload(m.app, `/api/v1/policy/cases/${caseId}/materials/${material}/files`, p.cookie, { name, bytes, type: 'application/pdf' });
const kindsOf = async (p: Party) => (await notifications.listForUser(m.db.sql, p.userId, { limit: 100 })).items.map((n) => n.kind);

describe('a policy case, from opening to closing', () => {
  it('is opened by a firm, worked by the secretariat, corrected, filed, approved and closed; everyone told; visible to nobody else', async () => {
    const s = await service();
    const { vendorA: firm, vendorB: other, buyerA, secretariat } = m.parties;
    const opened = await as(m.app, firm).post('/api/v1/policy/cases', { serviceId: s.id, note: '请协助申报入统' });
    expect(opened.status, opened.text).toBe(201);
    const id = opened.json.id as string;
    expect(opened.json).toMatchObject({
      status: 'submitted', service: { id: s.id, version: 1 }, clock: null,
      progress: { total: 3, missing: 3, readyToFile: false },
      permissions: { withdraw: true, upload: true, message: true, accept: false },
    });
    expect(opened.json.materials.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([['m1', 'missing'], ['m2', 'missing'], ['m3', 'missing']]);
    expect(await kindsOf(secretariat)).toContain('policy_case_opened');
    expect((await as(m.app, firm).post('/api/v1/policy/cases', { serviceId: s.id })).json.code).toBe('policy_case_already_open');
    expect((await as(m.app, firm).get(`/api/v1/policy/services/${s.id}`)).json).toMatchObject({ myOpenCaseId: id, permissions: { openCase: false } });

    // a case of firm A is 404 to firm B, to a buyer and to the public
    for (const p of [other, buyerA]) expect((await as(m.app, p).get(`/api/v1/policy/cases/${id}`)).status).toBe(404);
    expect((await as(m.app, null).get(`/api/v1/policy/cases/${id}`)).status).toBe(401);
    expect((await send(other, id, 'm1')).status).toBe(404);
    expect((await as(m.app, other).post(`/api/v1/policy/cases/${id}/messages`, { body: '你好' })).status).toBe(404);

    // the firm cannot take the secretariat's steps; the secretariat cannot withdraw for it
    expect((await step(firm, id, { action: 'accept' })).status).toBe(403);
    expect((await step(secretariat, id, { action: 'withdraw' })).status).toBe(403);
    expect((await step(secretariat, id, { action: 'accept' })).json).toMatchObject({ status: 'accepted', clock: { elapsedWorkingDays: 0, running: true, timeLimitDays: 10 } });
    expect((await step(secretariat, id, { action: 'request_materials', message: '请上传营业执照、财务报表和社保证明。' })).json.status).toBe('collecting_materials');
    expect(await kindsOf(firm)).toContain('policy_case_status');

    // uploads: the same checks as order files, narrowed to the material's formats
    const text = new TextEncoder().encode('纯文本');
    expect((await send(firm, id, 'm1', '说明.txt', text)).status).toBe(415);
    expect((await send(firm, id, 'm1', '假的.pdf', text)).status).toBe(415);
    expect((await send(firm, id, 'm9')).status).toBe(404);
    for (const x of ['m1', 'm2']) expect((await send(firm, id, x, `${x}.pdf`)).status).toBe(201);
    expect(await kindsOf(secretariat)).toContain('policy_material_uploaded');

    // review: m2 needs a correction; filing waits for it
    const review = (x: string, b: unknown) => as(m.app, secretariat).post(`/api/v1/policy/cases/${id}/materials/${x}/review`, b);
    expect((await as(m.app, firm).post(`/api/v1/policy/cases/${id}/materials/m1/review`, { decision: 'accept' })).status).toBe(403);
    expect((await review('m3', { decision: 'accept' })).json.code).toBe('invalid_transition');
    expect((await review('m1', { decision: 'accept' })).status).toBe(200);
    const corrected = await review('m2', { decision: 'needs_correction', reason: '缺少利润表，请补充后重新上传' });
    expect(corrected.json.materials[1]).toMatchObject({ status: 'needs_correction', reviewReason: '缺少利润表，请补充后重新上传' });
    expect((await review('m2', { decision: 'needs_correction' })).status).toBe(400);
    expect(await kindsOf(firm)).toContain('policy_material_reviewed');
    const early = await step(secretariat, id, { action: 'file' });
    expect(early.status).toBe(422);
    expect(early.json).toMatchObject({ code: 'materials_incomplete', errors: [{ path: 'materials', message: '上年度财务报表' }] });
    // an accepted material is settled; the one needing correction takes a new file
    expect((await send(firm, id, 'm1')).status).toBe(409);
    const again = await send(firm, id, 'm2', '财务报表（补正）.pdf');
    expect(again.json.materials[1]).toMatchObject({ status: 'submitted' });
    expect(again.json.materials[1].files).toHaveLength(2);
    expect((await review('m2', { decision: 'accept' })).json.permissions.file).toBe(true);

    // the firm downloads its file; another firm cannot
    const file = again.json.materials[1].files[1];
    const got = await m.app.request(file.url, { headers: { cookie: firm.cookie } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toContain('attachment');
    expect((await m.app.request(file.url, { headers: { cookie: other.cookie } })).status).toBe(404);

    // filed: the clock stops, the firm can no longer withdraw; approved; closed
    const filed = await step(secretariat, id, { action: 'file' });
    expect(filed.json).toMatchObject({ status: 'filed', clock: { running: false }, permissions: { withdraw: false, upload: false } });
    expect((await step(firm, id, { action: 'withdraw' })).json.code).toBe('invalid_transition');
    expect((await step(secretariat, id, { action: 'reject' })).status).toBe(400);
    expect((await step(secretariat, id, { action: 'approve' })).json.status).toBe('approved');
    const closed = await step(secretariat, id, { action: 'close' });
    expect(closed.json).toMatchObject({ status: 'closed', permissions: { message: false } });
    expect((await as(m.app, firm).post(`/api/v1/policy/cases/${id}/messages`, { body: '谢谢' })).json.code).toBe('invalid_transition');

    // the timeline tells every step in order, the thread every message
    expect(closed.json.timeline.map((e: { action: string }) => e.action)).toEqual([
      'case.opened', 'case.accepted', 'case.materials_requested', 'material.uploaded', 'material.uploaded', 'material.accepted',
      'material.needs_correction', 'material.uploaded', 'material.accepted', 'case.filed', 'case.approved', 'case.closed',
    ]);
    const correction = closed.json.timeline.find((e: { action: string }) => e.action === 'material.needs_correction');
    expect(correction).toMatchObject({ actor: { kind: 'secretariat' }, reason: '缺少利润表，请补充后重新上传', material: '上年度财务报表' });
    // each material's step names its material; the case's own steps name none
    const materialOf = (action: string) => closed.json.timeline.filter((e: { action: string }) => e.action === action).map((e: { material: string | null }) => e.material);
    expect(materialOf('material.uploaded')).toEqual(['营业执照复印件', '上年度财务报表', '上年度财务报表']);
    expect(materialOf('case.accepted')).toEqual([null]);
    const thread = await as(m.app, firm).get(`/api/v1/policy/cases/${id}/messages`);
    expect(thread.json.items).toEqual([expect.objectContaining({ fromSecretariat: true, body: '请上传营业执照、财务报表和社保证明。' })]);
    expect((await audit.listForEntity(m.db.sql, 'policy_case', id)).length).toBe(12);
    // closed: a new case for the same service may be opened
    expect((await as(m.app, firm).post('/api/v1/policy/cases', { serviceId: s.id })).status).toBe(201);
  });

  it('keeps the version a case was opened under when the service changes', async () => {
    const s = await service();
    const opened = await as(m.app, m.parties.buyerB).post('/api/v1/policy/cases', { serviceId: s.id });
    const drop = sampleServiceFields().materials.slice(0, 1);
    const v2 = await as(m.app, m.parties.secretariat).patch(`/api/v1/policy/services/${s.id}`, { materials: drop, timeLimitDays: 30 });
    expect(v2.json.version).toBe(2);
    const c = await as(m.app, m.parties.buyerB).get(`/api/v1/policy/cases/${opened.json.id}`);
    expect(c.json.service.version).toBe(1);
    expect(c.json.materials).toHaveLength(3);
  });

  it('lets the firm withdraw before filing, with its reason, and the secretariat is told', async () => {
    const s = await service();
    const c = await as(m.app, m.parties.buyerA).post('/api/v1/policy/cases', { serviceId: s.id });
    const r = await step(m.parties.buyerA, c.json.id, { action: 'withdraw', reason: '暂不申请' });
    expect(r.json).toMatchObject({ status: 'withdrawn', withdrawReason: '暂不申请', permissions: { withdraw: false, message: false } });
    const mine = await as(m.app, m.parties.buyerA).get('/api/v1/policy/cases?status=withdrawn');
    expect(mine.json.items.map((x: { id: string }) => x.id)).toContain(c.json.id);
  });
});

describe("the secretariat's queue", () => {
  it('lists open cases with their clocks, overdue first, and filters the overdue ones', async () => {
    const s = await service({ timeLimitDays: 3 });
    const late = (await as(m.app, m.parties.vendorB).post('/api/v1/policy/cases', { serviceId: s.id })).json.id;
    await step(m.parties.secretariat, late, { action: 'accept' });
    // accepted ten days ago (moving the API's clock instead would end the sessions)
    await m.db.sql`update policy_cases set accepted_at = accepted_at - interval '10 days' where id = ${late}`;
    const fresh = (await as(m.app, m.parties.buyerB).post('/api/v1/policy/cases', { serviceId: s.id })).json.id;
    const q = await as(m.app, m.parties.secretariat).get('/api/v1/policy/queue');
    expect(q.status).toBe(200);
    expect(q.json.items[0]).toMatchObject({ id: late, clock: { overdue: true, running: true } });
    expect(q.json.items.find((x: { id: string }) => x.id === fresh)).toMatchObject({ status: 'submitted', clock: null });
    expect(q.json.overdueCount).toBeGreaterThanOrEqual(1);
    const overdue = await as(m.app, m.parties.secretariat).get('/api/v1/policy/queue?overdue=true');
    expect(overdue.json.items.every((x: { clock: { overdue: boolean } | null }) => x.clock?.overdue)).toBe(true);
    expect((await as(m.app, m.parties.secretariat).get('/api/v1/policy/queue?status=filed')).json.items.every((x: { status: string }) => x.status === 'filed')).toBe(true);
    expect((await as(m.app, m.parties.vendorB).get(`/api/v1/policy/cases/${late}`)).json.clock.overdue).toBe(true);
  });

  it('pages the queue with a cursor: every open case once, in queue order; a forged cursor is a 400', async () => {
    const s = await service();
    for (const firm of [m.parties.vendorA, m.parties.buyerA, m.parties.vendorB]) await as(m.app, firm).post('/api/v1/policy/cases', { serviceId: s.id });
    const whole = await as(m.app, m.parties.secretariat).get('/api/v1/policy/queue?limit=100');
    expect(whole.json.nextCursor).toBeNull();
    expect(whole.json.items.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await as(m.app, m.parties.secretariat).get(`/api/v1/policy/queue?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      expect(page.json.overdueCount).toBe(whole.json.overdueCount);
      seen.push(...page.json.items.map((x: { id: string }) => x.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.json.items.map((x: { id: string }) => x.id));
    const forged = await as(m.app, m.parties.secretariat).get('/api/v1/policy/queue?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.json.code).toBe('validation_failed');
  });
});
