import type { BidOffer, Order } from '@annex/contracts';
import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import {
  MAX_QUOTE_LINES, QUOTE_LINE_INPUTS, bidBody, bidErrors, bidToValues, emptyQuoteLine, lineAmountFen, quoteLineErrors,
  quoteLinesTotalFen, readQuoteLines,
} from './bid-form.ts';

const now = new Date('2026-06-01T02:00:00Z');
const order = { budgetTotalFen: 9_000_000, unitPriceCeilingFen: 45, accuracyTarget: 98, deliveryDeadline: '2026-07-01T00:00:00Z' } as Pick<
  Order, 'budgetTotalFen' | 'unitPriceCeilingFen' | 'accuracyTarget' | 'deliveryDeadline'
>;
const good = { ...bidToValues(null), totalPrice: '86000', unitPrice: '0.43', deliveryDays: '20', teamSize: '60', committedAccuracy: '98.5', confirm: 'yes' };
const line = (item: string, quantity: string, unit: string, unitPrice: string) => ({ item, quantity, unit, unitPrice });

describe('the itemised quote of a bid', () => {
  it('sends the lines in fen with quantity × unit price as the amount, dropping blank lines', () => {
    const v = { ...good, lines: [line(' 2D 框 ', '200000', '张', '0.43'), emptyQuoteLine(), line('质检', '1', '项', '0')] };
    expect(bidErrors(v, order, now)).toEqual({});
    expect(bidBody(v).quoteLines).toEqual([
      { item: '2D 框', quantity: 200_000, unit: '张', unitPriceFen: 43, amountFen: 8_600_000 },
      { item: '质检', quantity: 1, unit: '项', unitPriceFen: 0, amountFen: 0 },
    ]);
    expect(bidBody(good).quoteLines).toEqual([]);
  });

  it('sums the lines and shows each amount once quantity and price are numbers', () => {
    expect(lineAmountFen(line('a', '3', '张', '1.5'))).toBe(450);
    expect(lineAmountFen(line('a', '3.5', '张', '1.5'))).toBeNull();
    expect(lineAmountFen(line('a', '3', '张', 'abc'))).toBeNull();
    expect(quoteLinesTotalFen([line('a', '3', '张', '1.5'), line('b', '2', '人天', '800')])).toBe(160_450);
    expect(quoteLinesTotalFen([line('a', '3', '张', '')])).toBeNull();
  });

  it('names the first faulty line and what is wrong in each cell', () => {
    const lines = [line('2D 框', '10', '张', '1'), line('', '0', '', '1.234'), line('x'.repeat(201), '1', 'u'.repeat(21), '1')];
    expect(bidErrors({ ...good, lines }, order, now)).toEqual({ lines: m.v_quote_line_invalid({ n: 2 }) });
    const e = quoteLineErrors(lines);
    expect(e[0]).toEqual({});
    expect(e[1]).toMatchObject({ item: m.v_required(), unit: m.v_required(), unitPrice: m.v_money() });
    expect(e[1]?.quantity).toBeTruthy();
    expect(e[2]).toEqual({ item: m.v_too_long({ max: 200 }), unit: m.v_too_long({ max: 20 }) });
    expect(quoteLineErrors([line('a', '1000000000000', '张', '2')])[0]).toEqual({ unitPrice: m.v_quote_line_amount_max({ max: '¥10,000,000,000.00' }) });
  });

  it('allows at most 50 lines', () => {
    const lines = Array.from({ length: MAX_QUOTE_LINES + 1 }, (_, i) => line(`项 ${i}`, '1', '项', '1'));
    expect(bidErrors({ ...good, lines }, order, now)).toEqual({ lines: m.v_quote_lines_max({ max: MAX_QUOTE_LINES }) });
    expect(bidErrors({ ...good, lines: lines.slice(1) }, order, now)).toEqual({});
  });

  it('reads the repeated cells of a posted form back into lines, in order', () => {
    const f = new FormData();
    for (const l of [line('a', '1', '张', '2'), emptyQuoteLine(), line('b', '', '', '')]) {
      f.append(QUOTE_LINE_INPUTS.item, l.item);
      f.append(QUOTE_LINE_INPUTS.quantity, l.quantity);
      f.append(QUOTE_LINE_INPUTS.unit, l.unit);
      f.append(QUOTE_LINE_INPUTS.unitPrice, l.unitPrice);
    }
    expect(readQuoteLines(f)).toEqual([line('a', '1', '张', '2'), line('b', '', '', '')]);
    expect(readQuoteLines(new FormData())).toEqual([]);
  });

  it('fills the form from a stored quote', () => {
    const offer = {
      totalPriceFen: 100, unitPriceFen: 1, deliveryDays: 1, teamSize: 1, committedAccuracy: 99, proposal: '', proposalHtml: '',
      quoteLines: [{ item: '标注', quantity: 3, unit: '张', unitPriceFen: 105, amountFen: 315 }],
    } satisfies BidOffer;
    expect(bidToValues(offer).lines).toEqual([line('标注', '3', '张', '1.05')]);
    expect(bidToValues(null).lines).toEqual([]);
  });
});
