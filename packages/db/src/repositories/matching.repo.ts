import type { CapabilityProfile, Modality, TaskType, VerificationStatus } from '@annex/domain';
import type { Db } from '../client.ts';
import type { OrderRow } from './orders.repo.ts';

/** A verified vendor's profile as matching reads it. */
export type MatchVendorRow = {
  orgId: string;
  name: string;
  county: string | null;
  verificationStatus: VerificationStatus;
  verifiedUntil: Date | null;
  verificationReason: string | null;
  /** as stored: may lack fields of older profiles (merge with EMPTY_CAPABILITY_PROFILE) */
  capabilities: Partial<CapabilityProfile>;
};

/** An open order with its buyer's name and county, for recommendations. */
export type MatchOrderRow = OrderRow & { buyerName: string; buyerCounty: string | null };

/** Reads for matching vendors and orders (packages/domain matching.ts scores them). */
export const matching = {
  /**
   * Vendors verified as of the database clock; with `covering`, only those whose profile lists the
   * modality and every task type (the first hard filter, done by the database).
   */
  async verifiedVendors(db: Db, covering?: { modality: Modality; taskTypes: readonly TaskType[] }): Promise<MatchVendorRow[]> {
    return db<MatchVendorRow[]>`
      select o.id as org_id, o.name, o.county, vp.verification_status, vp.verified_until, vp.verification_reason, vp.capabilities
      from vendor_profiles vp join organisations o on o.id = vp.org_id
      where vp.verification_status = 'verified' and vp.verified_until > now()
        ${covering ? db`and vp.capabilities->'modalities' ? ${covering.modality}
          and vp.capabilities->'taskTypes' ?& ${db.array([...covering.taskTypes])}::text[]` : db``}
      order by o.id`;
  },

  /** Orders open for bids as of the database clock, optionally only of the given modalities. */
  async openOrders(db: Db, modalities?: readonly Modality[]): Promise<MatchOrderRow[]> {
    return db<MatchOrderRow[]>`
      select ord.*, b.name as buyer_name, b.county as buyer_county
      from orders ord join organisations b on b.id = ord.buyer_org_id
      where ord.status = 'open' and ord.bid_deadline > now()
        ${modalities ? db`and ord.modality = any(${db.array([...modalities])}::text[])` : db``}
      order by ord.id`;
  },
};
