import { type BidOffer, MAX_PROPOSAL_CHARS, type Order, type QuoteLine } from '@annex/contracts';
import { MAX_FEN, formatFen, parseYuan } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { fenToYuanInput } from '#lib/i18n.ts';
import { percentRule, yuanRule } from '#lib/order-form.ts';
import { type Errors, intRule } from '#lib/validation.ts';

export type BidField = 'totalPrice' | 'unitPrice' | 'deliveryDays' | 'teamSize' | 'committedAccuracy' | 'proposal' | 'confirm' | 'lines';
/** The text fields of the form (one value each); `lines` is the itemised quote. */
export const BID_FIELDS = ['totalPrice', 'unitPrice', 'deliveryDays', 'teamSize', 'committedAccuracy', 'proposal', 'confirm'] as const;
/** One line of the itemised quote as typed: the unit price in yuan. */
export type QuoteLineValues = { item: string; quantity: string; unit: string; unitPrice: string };
export type QuoteLineField = keyof QuoteLineValues;
export type BidValues = Record<(typeof BID_FIELDS)[number], string> & { lines: QuoteLineValues[] };

/** At most this many lines (the API's limit). */
export const MAX_QUOTE_LINES = 50;
/** The form's field names of a line's cells: repeated once per line, read back in order. */
export const QUOTE_LINE_INPUTS: Record<QuoteLineField, string> = { item: 'qlItem', quantity: 'qlQuantity', unit: 'qlUnit', unitPrice: 'qlUnitPrice' };

export const emptyQuoteLine = (): QuoteLineValues => ({ item: '', quantity: '', unit: '', unitPrice: '' });
const isBlank = (l: QuoteLineValues) => !l.item.trim() && !l.quantity.trim() && !l.unit.trim() && !l.unitPrice.trim();

/** The lines of a submitted form, in order; lines left entirely blank are dropped. */
export function readQuoteLines(data: FormData): QuoteLineValues[] {
  const col = (f: QuoteLineField) => data.getAll(QUOTE_LINE_INPUTS[f]).map((x) => (typeof x === 'string' ? x : ''));
  const [items, quantities, units, prices] = [col('item'), col('quantity'), col('unit'), col('unitPrice')];
  const n = Math.max(items.length, quantities.length, units.length, prices.length);
  const lines = Array.from({ length: n }, (_, i) => ({ item: items[i] ?? '', quantity: quantities[i] ?? '', unit: units[i] ?? '', unitPrice: prices[i] ?? '' }));
  return lines.filter((l) => !isBlank(l));
}

/** A line's amount in fen (quantity × unit price), or null while either is not a valid number. */
export function lineAmountFen(l: QuoteLineValues): number | null {
  const q = l.quantity.trim();
  if (!/^\d{1,13}$/.test(q)) return null;
  const price = parseYuan(l.unitPrice);
  if (price === null) return null;
  return Number(q) * price;
}

/** The sum of the lines' amounts in fen, or null while a line has no amount yet. */
export function quoteLinesTotalFen(lines: readonly QuoteLineValues[]): number | null {
  let sum = 0;
  for (const l of lines) {
    const a = lineAmountFen(l);
    if (a === null) return null;
    sum += a;
  }
  return sum;
}

/** The problems of each line (blank lines have none: they are dropped on sending). */
export function quoteLineErrors(lines: readonly QuoteLineValues[]): Partial<Record<QuoteLineField, string>>[] {
  return lines.map((l) => {
    if (isBlank(l)) return {};
    const e: Partial<Record<QuoteLineField, string>> = {};
    const item = l.item.trim();
    if (item === '') e.item = m.v_required();
    else if (item.length > 200) e.item = m.v_too_long({ max: 200 });
    const unit = l.unit.trim();
    if (unit === '') e.unit = m.v_required();
    else if (unit.length > 20) e.unit = m.v_too_long({ max: 20 });
    const q = intRule(1, 1_000_000_000_000)(l.quantity);
    if (q) e.quantity = q;
    if (l.unitPrice.trim() === '') e.unitPrice = m.v_required();
    else if (parseYuan(l.unitPrice) === null) e.unitPrice = yuanRule(l.unitPrice) ?? m.v_money();
    if (!e.quantity && !e.unitPrice && (lineAmountFen(l) ?? 0) > MAX_FEN) e.unitPrice = m.v_quote_line_amount_max({ max: formatFen(MAX_FEN) });
    return e;
  });
}

/** The form's lines for a stored quote. */
export function quoteLinesToValues(lines: readonly QuoteLine[]): QuoteLineValues[] {
  return lines.map((l) => ({ item: l.item, quantity: String(l.quantity), unit: l.unit, unitPrice: fenToYuanInput(l.unitPriceFen) }));
}

/** The quote to send (the lines must be free of errors; blank ones are dropped). */
export function quoteLinesBody(lines: readonly QuoteLineValues[]): QuoteLine[] {
  return lines.filter((l) => !isBlank(l)).map((l) => {
    const unitPriceFen = parseYuan(l.unitPrice) ?? 0;
    const quantity = Number(l.quantity.trim());
    return { item: l.item.trim(), quantity, unit: l.unit.trim(), unitPriceFen, amountFen: quantity * unitPriceFen };
  });
}

/** The form's values for the vendor's current offer, or empty for a new bid. */
export function bidToValues(offer: BidOffer | null): BidValues {
  return {
    totalPrice: fenToYuanInput(offer?.totalPriceFen),
    unitPrice: fenToYuanInput(offer?.unitPriceFen),
    deliveryDays: offer ? String(offer.deliveryDays) : '',
    teamSize: offer ? String(offer.teamSize) : '',
    committedAccuracy: offer ? String(offer.committedAccuracy) : '',
    proposal: offer?.proposal ?? '',
    confirm: '',
    lines: offer ? quoteLinesToValues(offer.quoteLines) : [],
  };
}

/**
 * The rules of a bid as the vendor types it: amounts in yuan within the order's ceilings, the committed
 * accuracy at least the target, delivery before the order's deadline (DESIGN §2.3), and the confirmation.
 */
export function bidErrors(v: BidValues, order: Pick<Order, 'budgetTotalFen' | 'unitPriceCeilingFen' | 'accuracyTarget' | 'deliveryDeadline'>, now: Date): Errors<BidField> {
  const e: Errors<BidField> = {};
  const money = (f: 'totalPrice' | 'unitPrice', ceiling: number | null, over: (max: string) => string) => {
    if (v[f].trim() === '') e[f] = m.v_required();
    else {
      const bad = yuanRule(v[f]);
      if (bad) e[f] = bad;
      else if (ceiling !== null && (parseYuan(v[f]) ?? 0) > ceiling) e[f] = over(formatFen(ceiling));
    }
  };
  money('totalPrice', order.budgetTotalFen, (max) => m.v_above_budget({ max }));
  money('unitPrice', order.unitPriceCeilingFen, (max) => m.v_above_ceiling({ max }));
  const days = intRule(1, 730)(v.deliveryDays);
  if (days) e.deliveryDays = days;
  else if (order.deliveryDeadline && now.getTime() + Number(v.deliveryDays) * 86_400_000 > Date.parse(order.deliveryDeadline)) {
    e.deliveryDays = m.v_delivery_after_deadline();
  }
  const team = intRule(1, 100_000)(v.teamSize);
  if (team) e.teamSize = team;
  const acc = percentRule(v.committedAccuracy);
  if (acc) e.committedAccuracy = acc;
  else if (order.accuracyTarget !== null && Number(v.committedAccuracy) < order.accuracyTarget) {
    e.committedAccuracy = m.v_accuracy_below_target({ target: `${order.accuracyTarget}%` });
  }
  if (v.proposal.length > MAX_PROPOSAL_CHARS) e.proposal = m.v_too_long({ max: MAX_PROPOSAL_CHARS });
  const lines = v.lines.filter((l) => !isBlank(l));
  if (lines.length > MAX_QUOTE_LINES) e.lines = m.v_quote_lines_max({ max: MAX_QUOTE_LINES });
  else {
    const bad = quoteLineErrors(v.lines).findIndex((x) => Object.keys(x).length > 0);
    if (bad >= 0) e.lines = m.v_quote_line_invalid({ n: bad + 1 });
  }
  if (v.confirm !== 'yes') e.confirm = m.v_bid_confirm();
  return e;
}

/** The offer to send (call once `bidErrors` is empty). */
export function bidBody(v: BidValues) {
  return {
    totalPriceFen: parseYuan(v.totalPrice) ?? 0,
    unitPriceFen: parseYuan(v.unitPrice) ?? 0,
    deliveryDays: Number(v.deliveryDays.trim()),
    teamSize: Number(v.teamSize.trim()),
    committedAccuracy: Number(v.committedAccuracy.trim()),
    proposal: v.proposal,
    quoteLines: quoteLinesBody(v.lines),
  };
}
