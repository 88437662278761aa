import { type BidOffer, MAX_PROPOSAL_CHARS, type Order } from '@annex/contracts';
import { formatFen, parseYuan } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { fenToYuanInput } from '#lib/i18n.ts';
import { percentRule, yuanRule } from '#lib/order-form.ts';
import { type Errors, intRule } from '#lib/validation.ts';

export type BidField = 'totalPrice' | 'unitPrice' | 'deliveryDays' | 'teamSize' | 'committedAccuracy' | 'proposal' | 'confirm';
export type BidValues = Record<BidField, string>;
export const BID_FIELDS = ['totalPrice', 'unitPrice', 'deliveryDays', 'teamSize', 'committedAccuracy', 'proposal', 'confirm'] as const;

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
  };
}
