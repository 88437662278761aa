import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../client.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { questions } from './questions.repo.ts';

let t: TestDatabase;
let buyer: { orgId: string; userId: string };
let vendorA: { orgId: string; userId: string };
let vendorB: { orgId: string; userId: string };
beforeAll(async () => {
  t = await createTestDatabase();
  const b = await createOrgWithOwner(t.sql, 'buyer');
  buyer = { orgId: b.org.id, userId: b.owner.id };
  const a = await createVerifiedVendor(t.sql);
  vendorA = { orgId: a.org.id, userId: a.owner.id };
  const c = await createVerifiedVendor(t.sql);
  vendorB = { orgId: c.org.id, userId: c.owner.id };
});
afterAll(async () => {
  await t?.close();
});

const ask = (orderId: string, who: { orgId: string; userId: string }, body: string) =>
  withTransaction(t.sql, (tx) => questions.askIfOpen(tx, { orderId, askerOrgId: who.orgId, askerUserId: who.userId, body }));

describe(`questions (${testBackend()})`, () => {
  it('asks while open, answers once, lists oldest first and names the askers', async () => {
    const o = await createOpenOrder(t.sql, buyer.orgId);
    const q1 = await ask(o.id, vendorA, '样本是否包含夜间场景？');
    const q2 = await ask(o.id, vendorB, '是否接受分批交付？');
    const q3 = await ask(o.id, vendorA, '标注工具是否指定？');
    expect(q1).toMatchObject({ ok: true, question: { orderId: o.id, askerOrgId: vendorA.orgId, askerUserId: vendorA.userId, answer: null } });
    if (!q1.ok || !q2.ok || !q3.ok) throw new Error('unreachable');

    const a = await questions.answer(t.sql, { orderId: o.id, questionId: q1.question.id, answer: '包含约 20%。', answeredBy: buyer.userId });
    expect(a).toMatchObject({ ok: true, question: { answer: '包含约 20%。', answeredBy: buyer.userId } });
    expect(a.ok && a.question.answeredAt).toBeInstanceOf(Date);
    expect(await questions.answer(t.sql, { orderId: o.id, questionId: q1.question.id, answer: '改口' })).toMatchObject({
      ok: false, reason: 'already_answered', question: { answer: '包含约 20%。' },
    });
    const other = await createOpenOrder(t.sql, buyer.orgId);
    expect(await questions.answer(t.sql, { orderId: other.id, questionId: q2.question.id, answer: 'x' })).toEqual({ ok: false, reason: 'not_found' });
    expect(await questions.getById(t.sql, other.id, q2.question.id)).toBeNull();

    expect((await questions.listForOrder(t.sql, o.id)).map((q) => q.id)).toEqual([q1.question.id, q2.question.id, q3.question.id]);
    expect(await questions.askerOrgIds(t.sql, o.id)).toEqual([vendorA.orgId, vendorB.orgId].sort());
  });

  it('refuses questions at or after questionsCloseAt by the database clock, and on orders that are not open', async () => {
    const o = await createOpenOrder(t.sql, buyer.orgId);
    await t.sql`update orders set questions_close_at = clock_timestamp() where id = ${o.id}`;
    expect(await ask(o.id, vendorA, '还来得及吗？')).toEqual({ ok: false, reason: 'questions_closed' });
    const d = await createOpenOrder(t.sql, buyer.orgId, { status: 'pending_review' });
    expect(await ask(d.id, vendorA, '?')).toEqual({ ok: false, reason: 'questions_closed' });
    expect(await ask('00000000-0000-4000-8000-000000000000', vendorA, '?')).toEqual({ ok: false, reason: 'order_not_found' });
    const o2 = await createOpenOrder(t.sql, buyer.orgId);
    await expect(ask(o2.id, vendorA, '   ')).rejects.toThrow(/questions_body_check/);
  });
});
