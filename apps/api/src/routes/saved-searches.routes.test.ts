import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Market, type Party, as, setupMarket } from '../test-market.ts';
import { registerAs } from '../test-helpers.ts';

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
}, 120_000);
afterAll(() => m?.close());

const PATH = '/api/v1/me/saved-searches';
/** A fresh vendor (its own user, so limits and names start empty). */
const freshVendor = async (): Promise<Party> => {
  const r = await registerAs(m.app, 'vendor');
  return { cookie: r.cookie, orgId: r.me.organisation.id, userId: r.me.user.id, name: r.me.organisation.name };
};

describe('saved searches: create, list, rename, mute, delete', () => {
  it('saves a vendor’s search with normalised criteria, alerts on by default, and lists the caller’s newest first', async () => {
    const v = await freshVendor();
    const first = await as(m.app, v).post(PATH, {
      name: '  聊城点云  ',
      criteria: { q: ' 激光雷达 ', modality: ['point_cloud'], taskTypes: ['tracking', 'cuboid_3d', 'tracking'], county: [], budgetMin: 1_000_000 },
    });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      name: '聊城点云', notify: true, lastMatchedAt: null,
      criteria: { q: '激光雷达', modality: ['point_cloud'], taskTypes: ['cuboid_3d', 'tracking'], budgetMin: 1_000_000 },
    });
    expect(first.json.criteria).not.toHaveProperty('county');
    expect(first.json.createdAt).toMatch(/Z$/);
    const second = await as(m.app, v).post(PATH, { name: '全部订单', criteria: {}, notify: false });
    expect(second.status).toBe(201);
    expect(second.json).toMatchObject({ criteria: {}, notify: false });

    const list = await as(m.app, v).get(PATH);
    expect(list.status).toBe(200);
    expect(list.json.items.map((s: { name: string }) => s.name)).toEqual(['全部订单', '聊城点云']);
    // another vendor sees none of them; buyers and the secretariat have none
    expect((await as(m.app, m.parties.vendorB).get(PATH)).json.items.map((s: { id: string }) => s.id)).not.toContain(first.json.id);
    expect((await as(m.app, m.parties.buyerA).get(PATH)).json).toEqual({ items: [] });
    expect((await as(m.app, null).get(PATH)).status).toBe(401);
  });

  it('lets only vendors save searches', async () => {
    for (const p of [m.parties.buyerA, m.parties.secretariat]) {
      const r = await as(m.app, p).post(PATH, { name: '买方', criteria: {} });
      expect(r.status).toBe(403);
      expect(r.json.code).toBe('forbidden');
    }
    expect((await as(m.app, null).post(PATH, { name: '匿名', criteria: {} })).status).toBe(401);
    // a vendor waiting for verification may save searches (search is public)
    expect((await as(m.app, m.parties.unverified).post(PATH, { name: '待审', criteria: {} })).status).toBe(201);
  });

  it('validates the name and criteria (400 with paths)', async () => {
    const v = await freshVendor();
    const bad = async (body: unknown, path: string) => {
      const r = await as(m.app, v).post(PATH, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.code).toBe('validation_failed');
      expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await bad({ name: '   ', criteria: {} }, 'name');
    await bad({ name: '标'.repeat(61), criteria: {} }, 'name');
    await bad({ name: '状态', criteria: { status: ['open'] } }, 'criteria');
    await bad({ name: '类型', criteria: { modality: ['hologram'] } }, 'criteria.modality.0');
    await bad({ name: '小数', criteria: { budgetMin: 10.5 } }, 'criteria.budgetMin');
    await bad({ name: '负数', criteria: { budgetMax: -1 } }, 'criteria.budgetMax');
    await bad({ name: '反了', criteria: { budgetMin: 10, budgetMax: 5 } }, 'criteria.budgetMin');
    await bad({ name: '文本', criteria: { q: 'x'.repeat(201) } }, 'criteria.q');
    await bad({ name: '提醒', criteria: {}, notify: 'yes' }, 'notify');
    await bad({ criteria: {} }, 'name');
    expect((await as(m.app, v).get(PATH)).json.items).toEqual([]);
  });

  it('refuses a second search of the same name (letter case and spaces ignored) with 409 saved_search_name_taken', async () => {
    const v = await freshVendor();
    expect((await as(m.app, v).post(PATH, { name: 'LiDAR 点云', criteria: {} })).status).toBe(201);
    const dup = await as(m.app, v).post(PATH, { name: ' lidar 点云', criteria: { q: '别的' } });
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ code: 'saved_search_name_taken' });
    expect(dup.json.detail).toContain('lidar 点云');
    // the same name is fine for another user
    expect((await as(m.app, await freshVendor()).post(PATH, { name: 'LiDAR 点云', criteria: {} })).status).toBe(201);
  });

  it('keeps at most 20 per user: the 21st is 422 saved_search_limit_reached, also when requests race', async () => {
    const v = await freshVendor();
    for (let i = 0; i < 18; i++) expect((await as(m.app, v).post(PATH, { name: `搜索 ${i}`, criteria: {} })).status).toBe(201);
    const racing = await Promise.all([0, 1, 2, 3].map((i) => as(m.app, v).post(PATH, { name: `并发 ${i}`, criteria: {} })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 422, 422]);
    const over = await as(m.app, v).post(PATH, { name: '第二十一个', criteria: {} });
    expect(over.status).toBe(422);
    expect(over.json.code).toBe('saved_search_limit_reached');
    expect(over.json.detail).toMatch(/at most 20/);
    expect((await as(m.app, v).get(PATH)).json.items).toHaveLength(20);
    // deleting one makes room again
    const one = (await as(m.app, v).get(PATH)).json.items[0].id;
    expect((await as(m.app, v).delete(`${PATH}/${one}`)).status).toBe(204);
    expect((await as(m.app, v).post(PATH, { name: '第二十一个', criteria: {} })).status).toBe(201);
  });

  it('renames and switches the alert; refuses a taken name, an empty change and another user’s search', async () => {
    const v = await freshVendor();
    const a = (await as(m.app, v).post(PATH, { name: '图像', criteria: { modality: ['image'] } })).json;
    await as(m.app, v).post(PATH, { name: '语音', criteria: { modality: ['audio'] } });
    const renamed = await as(m.app, v).patch(`${PATH}/${a.id}`, { name: '图像拉框' });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ id: a.id, name: '图像拉框', notify: true, criteria: { modality: ['image'] } });
    const muted = await as(m.app, v).patch(`${PATH}/${a.id}`, { notify: false });
    expect(muted.json).toMatchObject({ name: '图像拉框', notify: false });
    const taken = await as(m.app, v).patch(`${PATH}/${a.id}`, { name: '语音' });
    expect(taken.status).toBe(409);
    expect(taken.json.code).toBe('saved_search_name_taken');
    expect((await as(m.app, v).patch(`${PATH}/${a.id}`, {})).status).toBe(400);
    expect((await as(m.app, v).patch(`${PATH}/${a.id}`, { criteria: {} })).status).toBe(400);
    for (const p of [m.parties.vendorB, m.parties.buyerA]) {
      const r = await as(m.app, p).patch(`${PATH}/${a.id}`, { notify: true });
      expect(r.status).toBe(404);
      expect(r.json.code).toBe('not_found');
    }
    expect((await as(m.app, v).patch(`${PATH}/not-an-id`, { notify: true })).status).toBe(404);
    expect((await as(m.app, null).patch(`${PATH}/${a.id}`, { notify: true })).status).toBe(401);
  });

  it('deletes one of the caller’s searches (204); another user’s or a deleted one is 404', async () => {
    const v = await freshVendor();
    const a = (await as(m.app, v).post(PATH, { name: '删除我', criteria: {} })).json;
    expect((await as(m.app, m.parties.vendorA).delete(`${PATH}/${a.id}`)).status).toBe(404);
    expect((await as(m.app, v).delete(`${PATH}/${a.id}`)).status).toBe(204);
    expect((await as(m.app, v).delete(`${PATH}/${a.id}`)).status).toBe(404);
    expect((await as(m.app, v).get(PATH)).json.items).toEqual([]);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await as(m.app, null).get('/api/openapi.json')).json;
    expect(Object.keys(doc.paths['/api/v1/me/saved-searches'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/api/v1/me/saved-searches/{id}'])).toEqual(expect.arrayContaining(['patch', 'delete']));
    expect(doc.components.schemas).toHaveProperty('SavedSearch');
  });
});
