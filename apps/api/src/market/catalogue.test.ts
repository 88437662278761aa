import { audit, notifications } from '@annex/db';
import { createCatalogueEntry, randomCatalogueCode, sampleCatalogueFields } from '@annex/db/fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-helpers.ts';
import { type Market, as, closeBidding, orderBody, seedBid, setupMarket } from '../test-market.ts';

// The catalogue through the API: the secretariat curates entries; the public reads published ones without their
// contact; verified vendors register interest; a buyer starts an order from an entry, the interested vendors hear
// of it when it is published, and its award moves the entry to 标注中.

let m: Market;
let agencyId: string;
beforeAll(async () => {
  m = await setupMarket();
  agencyId = (await as(m.app, null).get('/api/v1/catalogue/agencies')).json.items[0].id;
}, 120_000);
afterAll(() => m?.close());

/** A full entry body (the fixture's fields), its code typed in lower case as people do. */
const entryBody = (over: Record<string, unknown> = {}) => {
  const fields = sampleCatalogueFields(agencyId);
  return { ...fields, code: fields.code.toLowerCase(), summary: '## 数据内容\n全市中小学公开课录像。', ...over };
};

describe('curating the catalogue', () => {
  it('creates a draft, publishes it, and shows the contact to members only', async () => {
    const { secretariat, buyerA, vendorA, unverified } = m.parties;
    const body = entryBody();
    const created = await as(m.app, secretariat).post('/api/v1/catalogue', body);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      code: body.code.toUpperCase(), status: 'draft', annotationStatus: 'pending', version: 1,
      contact: { name: '王老师', phone: '0635-8888888', email: null },
      permissions: { edit: true, editCode: true, publish: true, seeLeads: true },
    });
    expect(created.json.summaryHtml).toContain('<h2>');
    const id = created.json.id as string;
    // a draft is the secretariat's
    expect((await as(m.app, buyerA).get(`/api/v1/catalogue/${id}`)).status).toBe(404);
    expect((await as(m.app, null).get(`/api/v1/catalogue/by-code/${body.code}`)).status).toBe(404);

    expect((await as(m.app, secretariat).post(`/api/v1/catalogue/${id}/publish`)).json).toMatchObject({ status: 'published' });
    const publicView = await as(m.app, null).get(`/api/v1/catalogue/by-code/${body.code}`);
    expect(publicView.json).toMatchObject({ id, contact: null, permissions: { seeContact: false, edit: false } });
    expect((await as(m.app, unverified).get(`/api/v1/catalogue/${id}`)).json.contact).toBeNull();
    expect((await as(m.app, vendorA).get(`/api/v1/catalogue/${id}`)).json).toMatchObject({
      contact: { name: '王老师' }, permissions: { registerInterest: true, startOrder: false },
    });
    expect((await as(m.app, buyerA).get(`/api/v1/catalogue/${id}`)).json).toMatchObject({ contact: { name: '王老师' }, permissions: { startOrder: true } });

    const listed = await as(m.app, null).get('/api/v1/catalogue?sector=education&sort=code&limit=100');
    expect(listed.json.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(listed.json.items.every((i: { status: string }) => i.status === 'published')).toBe(true);
    const timeline = await as(m.app, secretariat).get(`/api/v1/catalogue/${id}/timeline`);
    expect(timeline.json.items.map((e: { action: string }) => e.action)).toEqual(['catalogue.created', 'catalogue.published']);
    expect(timeline.json.items[1]).toMatchObject({
      actor: { kind: 'secretariat' }, changes: [{ field: 'status', before: 'draft', after: 'published' }],
    });
  });

  it('answers clear 4xx for taken codes, stale versions, broken rules and bad input — never 5xx', async () => {
    const { secretariat } = m.parties;
    const body = entryBody();
    const first = await as(m.app, secretariat).post('/api/v1/catalogue', body);
    const id = first.json.id as string;
    const cases: [string, () => Promise<{ status: number; json: { code: string; errors?: { path: string }[] } }>, number, string, string?][] = [
      ['a taken code', () => as(m.app, secretariat).post('/api/v1/catalogue', { ...body, title: '另一条' }), 409, 'catalogue_code_taken', 'code'],
      ['an unknown agency', () => as(m.app, secretariat).post('/api/v1/catalogue', entryBody({ agencyId: crypto.randomUUID() })), 422, 'rule_violation', 'agencyId'],
      ['a malformed code', () => as(m.app, secretariat).post('/api/v1/catalogue', entryBody({ code: '聊城-1' })), 400, 'validation_failed', 'code'],
      ['coverage ending before it starts', () => as(m.app, secretariat).post('/api/v1/catalogue', entryBody({ coverageFrom: '2025-01-01', coverageTo: '2024-01-01' })), 400, 'validation_failed', 'coverageTo'],
      ['an unknown sector', () => as(m.app, secretariat).post('/api/v1/catalogue', entryBody({ sector: 'mining' })), 400, 'validation_failed', 'sector'],
      ['a direction control in the title', () => as(m.app, secretariat).post('/api/v1/catalogue', entryBody({ title: '课堂\u202e视频' })), 400, 'validation_failed', 'title'],
      ['a stale version', () => as(m.app, secretariat).patch(`/api/v1/catalogue/${id}`, { title: '新标题', version: 7 }), 409, 'version_conflict'],
      ['an edit ending coverage before its stored start', () => as(m.app, secretariat).patch(`/api/v1/catalogue/${id}`, { coverageTo: '2020-01-01' }), 422, 'rule_violation', 'coverageTo'],
      ['an empty patch', () => as(m.app, secretariat).patch(`/api/v1/catalogue/${id}`, {}), 400, 'validation_failed'],
      ['archiving twice', async () => {
        await as(m.app, secretariat).post(`/api/v1/catalogue/${id}/archive`);
        return as(m.app, secretariat).post(`/api/v1/catalogue/${id}/archive`);
      }, 409, 'invalid_transition'],
      ['publishing without a summary', () => as(m.app, secretariat).post('/api/v1/catalogue', entryBody({ summary: '' }))
        .then((r) => as(m.app, secretariat).post(`/api/v1/catalogue/${r.json.id}/publish`)), 422, 'rule_violation', 'summary'],
      ['a foreign cursor', () => as(m.app, null).get('/api/v1/catalogue?cursor=abc'), 400, 'validation_failed', 'query.cursor'],
      ['a draft list for the public', () => as(m.app, null).get('/api/v1/catalogue?status=draft'), 403, 'forbidden'],
    ];
    for (const [what, run, status, code, path] of cases) {
      const r = await run();
      expect([what, r.status, r.json.code], what).toEqual([what, status, code]);
      if (path) expect(r.json.errors?.map((e) => e.path), what).toContain(path);
    }
  });

  it('fixes the code once published, and records each change of a published entry', async () => {
    const { secretariat } = m.parties;
    const e = await createCatalogueEntry(m.db.sql);
    const r = await as(m.app, secretariat).patch(`/api/v1/catalogue/${e.id}`, { code: randomCatalogueCode() });
    expect([r.status, r.json.code, r.json.errors[0].path]).toEqual([422, 'rule_violation', 'code']);
    const ok = await as(m.app, secretariat).patch(`/api/v1/catalogue/${e.id}`, { tags: ['课堂', '教研'], version: 1 });
    expect(ok.json).toMatchObject({ tags: ['课堂', '教研'], version: 2 });
    const cleared = await as(m.app, secretariat).patch(`/api/v1/catalogue/${e.id}`, { taskTypes: [] });
    expect([cleared.status, cleared.json.errors[0].path]).toEqual([422, 'taskTypes']);
  });

  it('proposes the next free code of a sector', async () => {
    await createCatalogueEntry(m.db.sql, { fields: { code: 'LC-NY-0041' } });
    expect((await as(m.app, m.parties.secretariat).get('/api/v1/catalogue/next-code?sector=agriculture')).json).toEqual({ code: 'LC-NY-0042' });
  });
});

describe('interest and orders from an entry', () => {
  it('takes verified vendors’ interest, tells them of the order made from the entry, and marks the entry 标注中 on award', async () => {
    const { secretariat, buyerA, vendorA, vendorB, unverified } = m.parties;
    const entry = await createCatalogueEntry(m.db.sql);
    const put = (p: typeof vendorA, body: unknown) => call(m.app, 'PUT', `/api/v1/catalogue/${entry.id}/interest`, { cookie: p.cookie, body });
    expect((await put(vendorA, { note: '有教育视频经验', headcount: 30 })).status).toBe(201);
    const changed = await put(vendorA, { note: '可加派人手', headcount: 50, dailyItems: 2000 });
    expect([changed.status, changed.json.headcount]).toEqual([200, 50]);
    expect((await put(vendorB, { headcount: 10 })).status).toBe(201);
    expect((await put(unverified, { headcount: 10 })).json.code).toBe('rule_violation');
    expect((await put(vendorB, { headcount: 0 })).status).toBe(400);
    const leads = await as(m.app, secretariat).get(`/api/v1/catalogue/${entry.id}/interests`);
    expect(leads.json.items.map((l: { vendorName: string }) => l.vendorName).sort()).toEqual([vendorA.name, vendorB.name].sort());
    expect((await as(m.app, vendorA).get(`/api/v1/catalogue/${entry.id}`)).json).toMatchObject({ interestCount: 2, myInterest: { headcount: 50 } });
    expect((await as(m.app, vendorB).delete(`/api/v1/catalogue/${entry.id}/interest`)).status).toBe(204);

    // an order can only start from a published entry
    const draftEntry = await createCatalogueEntry(m.db.sql, { status: 'draft' });
    const refused = await as(m.app, buyerA).post('/api/v1/orders', orderBody({ catalogueEntryId: draftEntry.id }));
    expect([refused.status, refused.json.errors[0].path]).toEqual([422, 'catalogueEntryId']);
    expect((await as(m.app, buyerA).post('/api/v1/orders', orderBody({ catalogueEntryId: crypto.randomUUID() }))).status).toBe(422);

    const created = await as(m.app, buyerA).post('/api/v1/orders', orderBody({ catalogueEntryId: entry.id, title: '课堂教学视频转写' }));
    expect(created.status).toBe(201);
    expect(created.json.catalogueEntry).toEqual({ id: entry.id, code: entry.code, title: entry.title });
    const orderId = created.json.id as string;
    // the draft is the buyer's: the public list of the entry's orders does not show it, the buyer's does
    expect((await as(m.app, null).get(`/api/v1/catalogue/${entry.id}/orders`)).json.items).toEqual([]);
    expect((await as(m.app, buyerA).get(`/api/v1/catalogue/${entry.id}/orders`)).json.items.map((o: { id: string }) => o.id)).toEqual([orderId]);

    expect((await as(m.app, buyerA).post(`/api/v1/orders/${orderId}/submit`)).status).toBe(200);
    expect((await as(m.app, secretariat).post(`/api/v1/admin/orders/${orderId}/review`, { decision: 'approve' })).status).toBe(200);
    const told = async (orgUserId: string) =>
      (await notifications.listForUser(m.db.sql, orgUserId)).items.filter((n) => n.kind === 'catalogue_order_published' && n.orderId === orderId);
    expect(await told(vendorA.userId)).toMatchObject([{ payload: { orderTitle: '课堂教学视频转写', entryCode: entry.code } }]);
    expect(await told(vendorB.userId)).toEqual([]);
    const publicOrders = await as(m.app, null).get(`/api/v1/catalogue/${entry.id}/orders`);
    expect(publicOrders.json.items).toMatchObject([{ id: orderId, status: 'open' }]);

    const bid = await seedBid(m, orderId, vendorA);
    await seedBid(m, orderId, vendorB, 9_000_000);
    await closeBidding(m, orderId);
    const award = await as(m.app, buyerA).post(`/api/v1/orders/${orderId}/award`, { bidId: bid.id, reason: '经验最匹配' });
    expect(award.status).toBe(201);
    const after = await as(m.app, null).get(`/api/v1/catalogue/${entry.id}`);
    expect(after.json).toMatchObject({ annotationStatus: 'in_progress', orderCount: 1 });
    const moved = (await audit.listForEntity(m.db.sql, 'catalogue_entry', entry.id)).find((a) => a.action === 'catalogue.annotation_status');
    expect(moved).toMatchObject({ actorUserId: buyerA.userId, after: { annotationStatus: 'in_progress', by: 'award', orderId } });

    // an entry taken back to draft is no longer named on the order's page, but to the secretariat
    await as(m.app, secretariat).post(`/api/v1/catalogue/${entry.id}/unpublish`);
    expect((await as(m.app, null).get(`/api/v1/orders/${orderId}`)).json.catalogueEntry).toBeNull();
    expect((await as(m.app, secretariat).get(`/api/v1/orders/${orderId}`)).json.catalogueEntry).toMatchObject({ id: entry.id });
    await as(m.app, secretariat).post(`/api/v1/catalogue/${entry.id}/publish`);

    // the secretariat confirms the work done
    const done = await as(m.app, secretariat).post(`/api/v1/catalogue/${entry.id}/annotation-status`, { status: 'completed', note: '成果已验收' });
    expect(done.json).toMatchObject({ annotationStatus: 'completed' });
    expect((await as(m.app, secretariat).post(`/api/v1/catalogue/${entry.id}/annotation-status`, { status: 'completed' })).status).toBe(409);
  });
});

describe('an award withdrawn on an upheld objection', () => {
  it('takes the entry back out of 标注中 to where the award found it, unless the secretariat has set it since', async () => {
    const { secretariat, buyerA, vendorA, vendorB } = m.parties;
    const entry = await createCatalogueEntry(m.db.sql);
    const statusOf = async () => (await as(m.app, null).get(`/api/v1/catalogue/${entry.id}`)).json.annotationStatus;
    const orderId = (await as(m.app, buyerA).post('/api/v1/orders', orderBody({ catalogueEntryId: entry.id }))).json.id as string;
    await as(m.app, buyerA).post(`/api/v1/orders/${orderId}/submit`);
    await as(m.app, secretariat).post(`/api/v1/admin/orders/${orderId}/review`, { decision: 'approve' });
    const bidA = await seedBid(m, orderId, vendorA);
    const bidB = await seedBid(m, orderId, vendorB, 9_000_000);
    await closeBidding(m, orderId);
    expect((await as(m.app, buyerA).post(`/api/v1/orders/${orderId}/award`, { bidId: bidA.id, reason: '经验最匹配' })).status).toBe(201);
    expect(await statusOf()).toBe('in_progress');

    const uphold = async (objector: typeof vendorA) => {
      const obj = await as(m.app, objector).post(`/api/v1/orders/${orderId}/objections`, { body: '中标方团队规模不足以按期交付。' });
      expect(obj.status, obj.text).toBe(201);
      const r = await as(m.app, secretariat).post(`/api/v1/admin/objections/${obj.json.id}/decide`, { decision: 'uphold', reason: '评审存在程序问题' });
      expect(r.status, r.text).toBe(200);
    };
    await uphold(vendorB);
    expect(await statusOf()).toBe('pending');
    const moves = (await audit.listForEntity(m.db.sql, 'catalogue_entry', entry.id)).filter((a) => a.action === 'catalogue.annotation_status');
    expect(moves.at(-1)).toMatchObject({
      actorUserId: secretariat.userId, before: { annotationStatus: 'in_progress' }, after: { annotationStatus: 'pending', by: 'award_cancelled', orderId },
    });

    // awarded again: 标注中 again; the secretariat then confirms the work done, and a second upheld objection leaves that
    expect((await as(m.app, buyerA).post(`/api/v1/orders/${orderId}/award`, { bidId: bidB.id, reason: '重新评审后第一' })).status).toBe(201);
    expect(await statusOf()).toBe('in_progress');
    await as(m.app, secretariat).post(`/api/v1/catalogue/${entry.id}/annotation-status`, { status: 'completed', note: '成果已验收' });
    await uphold(vendorA);
    expect(await statusOf()).toBe('completed');
  });
});
