import type { OrderMatchList, VendorMatch, VendorMatchList } from '@annex/contracts';
import { type Db, type MatchOrderRow, type MatchVendorRow, type OrderRow, matching, organisations } from '@annex/db';
import {
  COUNTY_CODES, type CapabilityProfile, type CountyCode, EMPTY_CAPABILITY_PROFILE, type MatchOrder, type MatchVendor, rankOrders, rankVendors,
  termsOf,
} from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, db } from './context.ts';
import { requireOrgKind } from './guards.ts';
import { notify } from './notify.ts';
import { isBuyerOf, loadOrder, viewerOf } from './viewer.ts';

const county = (c: string | null): CountyCode | null => (COUNTY_CODES as readonly string[]).includes(c ?? '') ? (c as CountyCode) : null;

/** A stored profile with the fields an older profile lacks filled in. */
const profile = (c: Partial<CapabilityProfile> | null | undefined): CapabilityProfile => ({ ...EMPTY_CAPABILITY_PROFILE, ...(c ?? {}) });

// no delivery outcomes are recorded yet (acceptance, lateness): every vendor gets the neutral record score
/** A stored vendor profile as matching sees it. */
export const toMatchVendor = (r: MatchVendorRow): MatchVendor => ({
  orgId: r.orgId,
  county: r.county,
  record: null,
  verification: { status: r.verificationStatus, verifiedUntil: r.verifiedUntil, reason: r.verificationReason },
  capabilities: profile(r.capabilities),
});

/** How many vendors are told of a newly published order they match (notification `order_match`). */
export const ORDER_MATCH_NOTIFY_TOP = 5;

/**
 * The best `limit` eligible verified vendors for an order, with score and reasons: the database reads the
 * vendors covering the modality and task types, the domain ranks them, and only the names of those shown are read.
 */
export async function bestVendorsFor(tx: Db, order: MatchOrder, now: Date, limit: number): Promise<VendorMatch[]> {
  const rows = await matching.verifiedVendors(tx, { modality: order.terms.modality, taskTypes: order.terms.taskTypes });
  const ranked = rankVendors(order, rows.map(toMatchVendor), now, limit);
  const names = await matching.vendorNames(tx, ranked.map((m) => m.item.orgId));
  return ranked.map((m) => ({
    vendorId: m.item.orgId,
    name: names.get(m.item.orgId)?.name ?? '',
    county: county(m.item.county),
    score: m.score,
    reasons: m.reasons,
  }));
}

/** Verified vendors ranked for an order, with score and reasons (the order's buyer and the secretariat). */
export async function orderMatches(deps: Deps, auth: AuthContext, orderId: string, limit: number): Promise<VendorMatchList> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  if (!isBuyerOf(o.row, viewer) && viewer.kind !== 'secretariat') throw new AppError('forbidden', 'only the buyer and the secretariat see matching vendors');
  const t = termsOf(o.row);
  if (!t.ok) throw new AppError('rule_violation', `the order's terms are incomplete: ${t.missing.join(', ')}`);
  const buyer = await organisations.findById(db(deps), o.row.buyerOrgId);
  const order: MatchOrder = { buyerOrgId: o.row.buyerOrgId, buyerCounty: buyer?.county ?? null, terms: t.terms };
  return { orderId: o.row.id, items: await bestVendorsFor(db(deps), order, deps.now(), limit) };
}

/**
 * On approval: tells the best ORDER_MATCH_NOTIFY_TOP eligible vendors of the newly published order
 * (`order_match` with the title and their score), in the approving transaction (`at`: when, for an approval
 * recorded later). Returns who was told.
 */
export async function notifyBestMatches(tx: Db, order: OrderRow, now: Date, at?: Date): Promise<VendorMatch[]> {
  const t = termsOf(order);
  if (!t.ok) return [];
  const buyer = await organisations.findById(tx, order.buyerOrgId);
  const best = await bestVendorsFor(tx, { buyerOrgId: order.buyerOrgId, buyerCounty: buyer?.county ?? null, terms: t.terms }, now, ORDER_MATCH_NOTIFY_TOP);
  await notify(tx, best.map((m) => ({
    to: { orgId: m.vendorId }, kind: 'order_match' as const, orderId: order.id, payload: { orderTitle: order.title, score: m.score },
  })), at);
  return best;
}

/** Orders open for bids that the calling vendor is eligible for, ranked by the same score. */
export async function recommendedOrders(deps: Deps, auth: AuthContext, limit: number): Promise<OrderMatchList> {
  const m = requireOrgKind(auth, 'vendor', 'get recommended orders');
  const org = await organisations.findById(db(deps), m.orgId);
  if (!org) throw new AppError('not_found', 'no such organisation');
  const vendor: MatchVendor = {
    orgId: org.id,
    county: org.county,
    record: null,
    verification: org.verification ?? { status: 'pending', verifiedUntil: null, reason: null },
    capabilities: profile(org.capabilities),
  };
  const now = deps.now();
  const rows = vendor.capabilities.modalities.length === 0 ? [] : await matching.openOrders(db(deps), vendor.capabilities.modalities);
  const orders: (MatchOrder & { id: string; row: MatchOrderRow })[] = [];
  for (const r of rows) {
    const t = termsOf(r);
    if (t.ok && t.terms.bidDeadline > now) orders.push({ id: r.id, row: r, buyerOrgId: r.buyerOrgId, buyerCounty: r.buyerCounty, terms: t.terms });
  }
  return {
    items: rankOrders(vendor, orders, now, limit).map(({ item, score, reasons }) => ({
      orderId: item.id,
      title: item.row.title,
      buyerName: item.row.buyerName,
      modality: item.row.modality,
      taskTypes: item.row.taskTypes,
      bidDeadline: item.terms.bidDeadline.toISOString(),
      score,
      reasons,
    })),
  };
}
