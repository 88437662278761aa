import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { checkRows, evenRows, planRemainder, readMilestoneRows, remainderText } from '#lib/milestone-plan.ts';

const terms = { priceFen: 1_000_000, quantity: 10_000, deliveryDeadline: '2027-03-31T09:00:00.000Z' };
const now = new Date('2027-01-01T00:00:00Z');

describe('the milestone plan form', () => {
  it('shows what is left of the price and the volume as the rows are typed, an unreadable cell counting as nothing', () => {
    const rows = [
      { title: 'A', quantity: '4000', due: '', amount: '3,333.33' },
      { title: 'B', quantity: 'x', due: '', amount: '3333.33' },
    ];
    // 1,000,000 fen − 333,333 − 333,333 = 333,334 fen; 10,000 − 4,000 = 6,000 items
    expect(planRemainder(rows, terms)).toEqual({ fen: 333_334, quantity: 6000 });
    expect(remainderText(333_334)).toBe(m.ms_remainder_left({ amount: '¥3,333.34' }));
    expect(remainderText(-100)).toBe(m.ms_remainder_over({ amount: '¥1.00' }));
    expect(remainderText(0)).toBe(m.ms_remainder_zero());
  });

  it('splits evenly with the remainder on the last batch, the last due on the deadline, and passes its own check', () => {
    const rows = evenRows({ ...terms, priceFen: 1_000_001 }, 3, now)!;
    expect(rows.map((r) => [r.quantity, r.amount])).toEqual([['3333', '3333.33'], ['3333', '3333.33'], ['3334', '3333.35']]);
    expect(rows[2]!.due).toBe('2027-03-31T17:00');
    // from 00:00:30Z the span to 31 Mar 09:00Z is 2145 h − 30 s; ⅓ of it on lands at 30 Jan 19:00:20Z, ⅔ at 1 Mar 14:00:10Z:
    // shown on the whole hour before (Beijing 31 Jan 03:00, 1 Mar 22:00), not at their odd seconds
    const odd = evenRows({ ...terms, priceFen: 1_000_001 }, 3, new Date('2027-01-01T00:00:30Z'))!;
    expect(odd.map((r) => r.due)).toEqual(['2027-01-31T03:00', '2027-03-01T22:00', '2027-03-31T17:00']);
    const checked = checkRows(rows, { ...terms, priceFen: 1_000_001 }, now);
    expect(checked.planErrors).toEqual([]);
    expect(checked.milestones?.map((x) => x.amountFen)).toEqual([333_333, 333_333, 333_335]);
  });

  it('names the wrong cell and the sums that do not add up', () => {
    const rows = [
      { title: '', quantity: '0', due: '2027-02-01T12:00', amount: '5000' },
      { title: 'B', quantity: '5000', due: '2027-05-01T12:00', amount: '4000' },
    ];
    const checked = checkRows(rows, terms, now);
    expect(checked.milestones).toBeNull();
    expect(checked.rowErrors[0]).toEqual({ title: m.v_required(), quantity: m.ms_e_quantity() });
    expect(checked.rowErrors[1]).toEqual({ due: m.ms_e_due_after_deadline() });
    expect(checked.planErrors).toEqual([m.ms_e_quantity_sum(), m.ms_e_amount_sum()]);
  });

  it('reads the rows back in order and drops blank ones', () => {
    const f = new FormData();
    for (const [t, q, d, a] of [['A', '1', 'x', '2'], ['', '', '', ''], ['C', '3', 'y', '4']]) {
      f.append('msTitle', t!); f.append('msQuantity', q!); f.append('msDue', d!); f.append('msAmount', a!);
    }
    expect(readMilestoneRows(f).map((r) => r.title)).toEqual(['A', 'C']);
  });
});
