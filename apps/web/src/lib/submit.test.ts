import { describe, expect, it, vi } from 'vitest';
import { checkedSubmit } from './submit.ts';

type Input = Parameters<ReturnType<typeof checkedSubmit>>[0];
const input = (focus: (selector: string) => void) => {
  const cancel = vi.fn();
  const formElement = { querySelector: (s: string) => ({ focus: () => focus(s) }) };
  return { cancel, args: { formElement, cancel } as unknown as Input };
};

describe('checkedSubmit', () => {
  it('stops the post and focuses what to fix', () => {
    const busy = vi.fn();
    const focused: string[] = [];
    const { cancel, args } = input((s) => focused.push(s));
    expect(checkedSubmit(busy, () => '#reason')(args)).toBeUndefined();
    expect(cancel).toHaveBeenCalledOnce();
    expect(focused).toEqual(['#reason']);
    expect(busy).not.toHaveBeenCalled();
  });

  it('is busy until the page has the answer, and keeps what was typed', async () => {
    const busy = vi.fn();
    const { cancel, args } = input(() => {});
    const after = checkedSubmit(busy)(args) as (opts: { update: (o: { reset: boolean }) => Promise<void> }) => Promise<void>;
    expect(cancel).not.toHaveBeenCalled();
    expect(busy.mock.calls).toEqual([[true]]);
    const update = vi.fn(async () => {});
    await after({ update });
    expect(update).toHaveBeenCalledWith({ reset: false });
    expect(busy.mock.calls).toEqual([[true], [false]]);
  });
});
