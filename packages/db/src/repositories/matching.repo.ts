import {
  type CapabilityProfile, EMPTY_CAPABILITY_PROFILE, type MatchVendor, type Modality, type ProfileRequirements, type TaskType,
  type VerificationStatus, vendorMarketPrior, vendorTrackRecord,
} from '@annex/domain';
import type { Db } from '../client.ts';
import { isUuid } from '../ids.ts';
import type { OrderRow } from './orders.repo.ts';
import { notHidden } from './curation-sql.ts';

/** A verified vendor's profile as matching reads it (its name only for the few shown: see `vendorNames`). */
export type MatchVendorRow = {
  orgId: string;
  county: string | null;
  verificationStatus: VerificationStatus;
  verifiedUntil: Date | null;
  verificationReason: string | null;
  /** as stored: may lack fields of older profiles (merge with EMPTY_CAPABILITY_PROFILE) */
  capabilities: Partial<CapabilityProfile>;
};

const NO_RECORD = vendorTrackRecord([], vendorMarketPrior([]));

/**
 * A stored vendor profile as the domain's matching sees it, older profiles completed with the empty profile's fields;
 * without its track record, the record of a vendor new to an empty market.
 */
export const toMatchVendor = (r: MatchVendorRow, record: MatchVendor['record'] = NO_RECORD): MatchVendor => ({
  orgId: r.orgId,
  county: r.county,
  record,
  verification: { status: r.verificationStatus, verifiedUntil: r.verifiedUntil, reason: r.verificationReason },
  capabilities: { ...EMPTY_CAPABILITY_PROFILE, ...(r.capabilities ?? {}) },
});

/**
 * The vendors an order's matching reads: those whose profile lists the modality and every task type; with
 * `requirements` (profileRequirements of the domain) also the certifications, headcount and secure room it asks for;
 * never `excludeOrgId` (the order's buyer).
 */
export type Covering = {
  modality: Modality;
  taskTypes: readonly TaskType[];
  requirements?: ProfileRequirements;
  excludeOrgId?: string;
};

/** A profile's certifications valid on `today` among `names`, as SQL (a profile without the array holds none). */
const validHeld = (db: Db, names: readonly string[], today: string) => db`
  select count(distinct h->>'name') from jsonb_array_elements(
    case when jsonb_typeof(vp.capabilities->'certifications') = 'array' then vp.capabilities->'certifications' else '[]'::jsonb end
  ) as h
  where h->>'name' = any(${db.array([...names])}::text[]) and (h->>'expiresOn') collate "C" >= ${today}`;

/** The requirements as SQL conditions on `vp` (vendor_profiles); the containment of the secure room is in `wanted`. */
function requirementsSql(db: Db, r: ProfileRequirements | undefined) {
  if (!r) return db``;
  return db`
    ${r.minHeadcount > 0
      ? db`and case when jsonb_typeof(vp.capabilities->'headcount') = 'number' then (vp.capabilities->>'headcount')::numeric else 0 end
               >= ${r.minHeadcount}`
      : db``}
    ${r.certifications.length > 0 ? db`and (${validHeld(db, r.certifications, r.today)}) = ${new Set(r.certifications).size}` : db``}
    ${r.oneOf.length > 0 ? db`and (${validHeld(db, r.oneOf, r.today)}) > 0` : db``}`;
}

/** An open order with its buyer's name and county, for recommendations. */
export type MatchOrderRow = OrderRow & { buyerName: string; buyerCounty: string | null };

/** Reads for matching vendors and orders (packages/domain matching.ts scores them). */
export const matching = {
  /**
   * Vendors verified as of the database clock; with `covering`, only those whose profile lists the
   * modality and every task type (the first hard filter, done by the database with one containment test,
   * `capabilities @> {"modalities": [m], "taskTypes": [t…]}`, which the GIN index of migration 0006 serves), and
   * meet its requirements: the rows the domain scores, not every vendor of the modality (the rules still decide).
   * Reads the profiles table alone (the county by primary key), in no particular order: ranking orders them.
   * `opts.listedOnly` leaves out the vendors the secretariat has hidden (for what is shown to buyers).
   */
  async verifiedVendors(db: Db, covering?: Covering, opts: { listedOnly?: boolean } = {}): Promise<MatchVendorRow[]> {
    const wanted = covering
      ? { modalities: [covering.modality], taskTypes: [...covering.taskTypes], ...(covering.requirements?.secureRoom ? { secureRoom: true } : {}) }
      : null;
    const excluded = covering?.excludeOrgId && isUuid(covering.excludeOrgId) ? covering.excludeOrgId : null;
    return db<MatchVendorRow[]>`
      select vp.org_id, (select o.county from organisations o where o.id = vp.org_id) as county,
             vp.verification_status, vp.verified_until, vp.verification_reason, vp.capabilities
      from vendor_profiles vp
      where vp.verification_status = 'verified' and vp.verified_until > now()
        ${wanted ? db`and vp.capabilities @> ${db.json(wanted)}::jsonb` : db``}
        ${excluded ? db`and vp.org_id <> ${excluded}::uuid` : db``}
        ${requirementsSql(db, covering?.requirements)}
        ${opts.listedOnly ? notHidden(db, 'vendor', db`vp.org_id`) : db``}`;
  },

  /** verifiedVendors as the domain's matching ranks them (rankVendors). */
  async candidates(db: Db, covering?: Covering, opts: { listedOnly?: boolean } = {}): Promise<MatchVendor[]> {
    return (await matching.verifiedVendors(db, covering, opts)).map((r) => toMatchVendor(r));
  },

  /** Names and counties of these organisations (the vendors a ranking shows), by id. */
  async vendorNames(db: Db, orgIds: readonly string[]): Promise<Map<string, { name: string; county: string | null }>> {
    const ids = orgIds.filter(isUuid);
    if (ids.length === 0) return new Map();
    const rows = await db<{ id: string; name: string; county: string | null }[]>`
      select id, name, county from organisations
      where id in (select x::uuid from jsonb_array_elements_text(${db.json(ids)}::jsonb) as x)`;
    return new Map(rows.map((r) => [r.id, { name: r.name, county: r.county }]));
  },

  /** Orders open for bids as of the database clock and not hidden by the secretariat, optionally only of the given modalities. */
  async openOrders(db: Db, modalities?: readonly Modality[]): Promise<MatchOrderRow[]> {
    return db<MatchOrderRow[]>`
      select ord.*, b.name as buyer_name, b.county as buyer_county
      from orders ord join organisations b on b.id = ord.buyer_org_id
      where ord.status = 'open' and ord.bid_deadline > now() ${notHidden(db, 'order', db`ord.id`)}
        ${modalities ? db`and ord.modality = any(${db.array([...modalities])}::text[])` : db``}
      order by ord.id`;
  },
};
