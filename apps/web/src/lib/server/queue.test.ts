import type { ApiClient, ApiResult } from '@annex/api-client';
import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { orgDecisionAction, queueDecisionAction, queueDialog } from './queue.ts';

const ACTS = ['approve', 'reject'] as const;
const ok: ApiResult<unknown> = { ok: true, status: 200, data: {}, setCookie: [] };
const cookies = { parse: () => ({}), set: () => {} } as unknown as Cookies;

/** The action with the API call recorded; `confirm` asks for the confirmation box as the objection queue does. */
function action(confirm = false, answer: ApiResult<unknown> = ok) {
  const sent: [string, string, string][] = [];
  const run = queueDecisionAction({
    queue: '/admin/q',
    acts: ACTS,
    idField: 'itemId',
    reason: (d) => ({ required: d === 'reject', max: 20 }),
    ...(confirm ? { confirm: () => 'tick it' } : {}),
    send: async (_api, id, d, reason) => {
      sent.push([id, d, reason]);
      return answer;
    },
  });
  return {
    sent,
    post: async (fields: Record<string, string>, kind = 'secretariat') => {
      const request = new Request('http://localhost/admin/q?/decide', { method: 'POST', body: new URLSearchParams(fields) });
      const locals = { me: { organisation: { kind } }, api: {} as ApiClient } as unknown as App.Locals;
      try {
        return { failed: await run({ request, locals, cookies }) };
      } catch (thrown) {
        return { thrown: thrown as { status: number; location?: string } };
      }
    },
  };
}

describe('queueDecisionAction', () => {
  it('sends the decision with the trimmed reason and returns to the queue saying what was done', async () => {
    const a = action();
    const r = await a.post({ decision: 'reject', itemId: 'o1', title: '订单 A', reason: '  资料不全  ' });
    expect(a.sent).toEqual([['o1', 'reject', '资料不全']]);
    expect(r.thrown).toMatchObject({ status: 303, location: `/admin/q?${new URLSearchParams({ done: 'reject', title: '订单 A' })}` });
  });

  it.each([
    ['an unknown decision', { decision: 'delete', itemId: 'o1' }, 'formError'],
    ['no item', { decision: 'approve' }, 'formError'],
    ['a rejection without a reason', { decision: 'reject', itemId: 'o1', reason: ' ' }, 'error'],
    ['a reason over its length', { decision: 'approve', itemId: 'o1', reason: 'x'.repeat(21) }, 'error'],
  ])('refuses %s without calling the API, keeping the reason typed', async (_, fields, field) => {
    const a = action();
    const r = await a.post(fields as Record<string, string>);
    expect(r.failed?.status).toBe(400);
    expect(r.failed?.data[field as 'error']).toBeTruthy();
    expect(r.failed?.data.reason).toBe((fields as { reason?: string }).reason ?? '');
    expect(a.sent).toEqual([]);
  });

  it('takes an approval without a reason unless the confirmation box is asked for and not ticked', async () => {
    expect((await action().post({ decision: 'approve', itemId: 'o1' })).thrown?.status).toBe(303);
    const confirming = action(true);
    const r = await confirming.post({ decision: 'approve', itemId: 'o1' });
    expect(r.failed?.data).toMatchObject({ confirmError: 'tick it', error: null });
    expect(confirming.sent).toEqual([]);
    expect((await confirming.post({ decision: 'approve', itemId: 'o1', confirm: 'yes' })).thrown?.status).toBe(303);
  });

  it("gives the API's refusal to the dialog with its status", async () => {
    const refusal: ApiResult<unknown> = {
      ok: false, status: 409, setCookie: [], retryAfterSeconds: null,
      problem: { type: 'about:blank', title: 'Invalid transition', status: 409, code: 'invalid_transition', detail: 'decided meanwhile', requestId: 'r1' },
    };
    const r = await action(false, refusal).post({ decision: 'approve', itemId: 'o1' });
    expect(r.failed?.status).toBe(409);
    expect(r.failed?.data.formError).toBeTruthy();
  });

  it('answers 403 to anyone but the secretariat', async () => {
    const a = action();
    expect((await a.post({ decision: 'approve', itemId: 'o1' }, 'buyer')).thrown?.status).toBe(403);
    expect(a.sent).toEqual([]);
  });
});

describe('queueDialog', () => {
  const items = [{ id: 'a' }, { id: 'b' }];
  it.each([
    ['?act=reject&order=b', { act: 'reject', target: { id: 'b' }, done: null, doneTitle: '' }],
    // an item no longer on this page: the dialog says it is gone
    ['?act=approve&order=z', { act: 'approve', target: null, done: null, doneTitle: '' }],
    ['?act=delete&order=a', { act: null, target: null, done: null, doneTitle: '' }],
    ['?done=approve&title=T', { act: null, target: null, done: 'approve', doneTitle: 'T' }],
  ])('reads %s', (search, expected) => {
    expect(queueDialog(ACTS, new URL(`http://localhost/admin/orders${search}`), items, 'order')).toEqual(expected);
  });
});

describe('orgDecisionAction', () => {
  /** The action of a queue whose approval takes a date, with the API call recorded. */
  function orgAction(answer: ApiResult<unknown> = ok) {
    const sent: [string, unknown][] = [];
    const run = orgDecisionAction({
      queue: '/admin/q',
      defaultStatus: 'pending',
      fields: ['until', 'reason'],
      errors: (d, v) => (d === 'approve' && !v.until ? { until: 'a date' } : d === 'reject' && !v.reason.trim() ? { reason: 'a reason' } : {}),
      body: (decision, v) => ({ success: true, data: decision === 'approve' ? { decision, until: v.until } : { decision, reason: v.reason.trim() } }),
      send: async (_api, orgId, body) => {
        sent.push([orgId, body]);
        return answer;
      },
    });
    const post = async (fields: Record<string, string>, search = '?status=verified', kind = 'secretariat') => {
      const url = new URL(`http://localhost/admin/q${search}&/decide`);
      const request = new Request(url, { method: 'POST', body: new URLSearchParams(fields) });
      const locals = { me: { organisation: { kind } }, api: {} as ApiClient } as unknown as App.Locals;
      try {
        return { failed: await run({ request, locals, cookies, url }) };
      } catch (thrown) {
        return { thrown: thrown as { status: number; location?: string } };
      }
    };
    return { sent, post };
  }

  it("sends the decision's body and returns to the queue's tab saying what was done to whom", async () => {
    const a = orgAction();
    const r = await a.post({ decision: 'reject', orgId: 'v1', orgName: '水城', reason: '  资料不全 ' });
    expect(a.sent).toEqual([['v1', { decision: 'reject', reason: '资料不全' }]]);
    expect(r.thrown).toMatchObject({ status: 303, location: `/admin/q?${new URLSearchParams({ status: 'verified', done: 'reject', name: '水城' })}` });
    expect((await a.post({ decision: 'approve', orgId: 'v1', until: '2030-01-01' }, '?x=1')).thrown?.location).toMatch(/^\/admin\/q\?status=pending&/);
  });

  it.each([
    ['an unknown decision', { decision: 'delete', orgId: 'v1' }, { errors: {}, formError: expect.any(String) }],
    ['no organisation', { decision: 'approve', until: '2030-01-01' }, { errors: {}, formError: expect.any(String) }],
    ["a decision its rules refuse", { decision: 'approve', orgId: 'v1' }, { errors: { until: 'a date' }, formError: null }],
  ])('refuses %s without calling the API, keeping what was typed', async (_, fields, expected) => {
    const a = orgAction();
    const r = await a.post({ reason: 'typed', ...fields } as Record<string, string>);
    expect(r.failed?.status).toBe(400);
    expect(r.failed?.data.decide).toMatchObject({ ...expected, values: { reason: 'typed' } });
    expect(a.sent).toEqual([]);
  });

  it("gives the API's refusal to the dialog with its status, and 403 to anyone but the secretariat", async () => {
    const refusal: ApiResult<unknown> = {
      ok: false, status: 409, setCookie: [], retryAfterSeconds: null,
      problem: { type: 'about:blank', title: 'Invalid transition', status: 409, code: 'invalid_transition', detail: 'decided meanwhile', requestId: 'r1' },
    };
    const r = await orgAction(refusal).post({ decision: 'reject', orgId: 'v1', reason: 'x' });
    expect(r.failed?.status).toBe(409);
    expect(r.failed?.data.decide.formError).toBeTruthy();
    const a = orgAction();
    expect((await a.post({ decision: 'reject', orgId: 'v1', reason: 'x' }, '?status=pending', 'buyer')).thrown?.status).toBe(403);
    expect(a.sent).toEqual([]);
  });
});
