import type { ApiClient, ApiResult } from '@annex/api-client';
import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { queueDecisionAction, queueDialog } from './queue.ts';

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
