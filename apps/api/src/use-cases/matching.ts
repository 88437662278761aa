import type { OrderMatchList, VendorMatch, VendorMatchList } from '@annex/contracts';
import { type Db, type MatchOrderRow, matching, organisations } from '@annex/db';
import {
  COUNTY_CODES, type CapabilityProfile, type CountyCode, EMPTY_CAPABILITY_PROFILE, type MatchOrder, type MatchVendor, rankOrders, termsOf,
} from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, db } from './context.ts';
import { requireOrgKind } from './guards.ts';
import { vendorTrackRecords } from './track-record-view.ts';
import { rankedVendorsFor } from './vendor-ranking.ts';
import { isBuyerOf, loadOrder, viewerOf } from './viewer.ts';

const county = (c: string | null): CountyCode | null => (COUNTY_CODES as readonly string[]).includes(c ?? '') ? (c as CountyCode) : null;

/** A stored profile with the fields an older profile lacks filled in. */
const profile = (c: Partial<CapabilityProfile> | null | undefined): CapabilityProfile => ({ ...EMPTY_CAPABILITY_PROFILE, ...(c ?? {}) });

/** The best `limit` listed vendors for an order, with score and reasons; only the names of those shown are read. */
export async function bestVendorsFor(tx: Db, order: MatchOrder, now: Date, limit: number): Promise<VendorMatch[]> {
  const ranked = await rankedVendorsFor(tx, order, now, limit, { listedOnly: true });
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

/** Orders open for bids that the calling vendor is eligible for, ranked by the same score. */
export async function recommendedOrders(deps: Deps, auth: AuthContext, limit: number): Promise<OrderMatchList> {
  const m = requireOrgKind(auth, 'vendor', 'get recommended orders');
  const org = await organisations.findById(db(deps), m.orgId);
  if (!org) throw new AppError('not_found', 'no such organisation');
  const vendor: MatchVendor = {
    orgId: org.id,
    county: org.county,
    record: (await vendorTrackRecords(db(deps), deps.now())).of(org.id),
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
