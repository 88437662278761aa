import { describe, expect, it } from 'vitest';
import { CliError } from './runtime.ts';
import { indexNames, progressBar } from './search.ts';

describe('reindex and search:check arguments', () => {
  it('take index names, all four by default, and refuse unknown ones', () => {
    expect(indexNames([])).toEqual(['orders', 'vendors', 'catalogue', 'policy_services']);
    expect(indexNames(['vendors', 'orders', 'vendors'])).toEqual(['vendors', 'orders']);
    expect(() => indexNames(['order'])).toThrow(CliError);
  });
});

describe('progressBar', () => {
  const sink = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, stream: { isTTY, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream };
  };

  it('draws one line that it rewrites on a terminal', () => {
    const { out, stream } = sink(true);
    const bar = progressBar('orders', stream);
    bar.update({ phase: 'indexing', done: 50, total: 100 });
    bar.update({ phase: 'done', done: 100, total: 100 });
    expect(out[0]).toMatch(/^\r {2}orders +█{14}░{14} {2}50% {2}50\/100/);
    expect(out.at(-1)).toBe('\n');
  });

  it('prints a line per 10 % elsewhere', () => {
    const { out, stream } = sink(false);
    const bar = progressBar('vendors', stream);
    for (let done = 0; done <= 1000; done += 10) bar.update({ phase: 'indexing', done, total: 1000 });
    expect(out).toHaveLength(11);
    expect(out.at(-1)).toMatch(/vendors: 100% \(1000\/1000\)/);
  });
});
