import type { BidStatus, CapabilityProfile, CatalogueStatus, VerificationStatus } from '@annex/domain';
import type { Db } from '../client.ts';
import { isUuid } from '../ids.ts';
import type { AwardNoticeRow } from './awards.repo.ts';
import type { CurationRow } from './curation.repo.ts';
import type { AttachmentRow } from './order-attachments.repo.ts';
import type { OrderRow } from './orders.repo.ts';

/** What the order page shows beside the order row (see `orderPage.read`). */
export type OrderPageFacts = {
  buyerName: string;
  attachments: AttachmentRow[];
  /** live bids (withdrawn ones not counted) */
  bidCount: number;
  questionCount: number;
  amendmentCount: number;
  /** the active award with its winner and price */
  award: AwardNoticeRow | null;
  /** the viewing vendor's bid (its live one, else its latest withdrawn one), when a vendor looks */
  myBid: { id: string; status: BidStatus; revision: number } | null;
  /** the viewing vendor's verification and capabilities (its bidder profile), when a vendor looks */
  myOrg: { verification: { status: VerificationStatus; verifiedUntil: Date | null; reason: string | null } | null; capabilities: CapabilityProfile | null } | null;
  /** the catalogue entry the order was started from */
  entry: { id: string; code: string; title: string; status: CatalogueStatus } | null;
};

/** One read of the order page: the order row, its curation, the objections holding its award, and the facts. */
export type OrderPage = { row: OrderRow; curation: CurationRow | null; pendingObjections: number; facts: OrderPageFacts };

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** A row read as jsonb (to_jsonb): camelCase keys and its timestamps (`…_at`) as Dates, as postgres.js returns them. */
function fromJson<T>(o: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[camel(k)] = k.endsWith('_at') && typeof v === 'string' ? new Date(v) : v;
  return out as T;
}

type PageRow = OrderRow & {
  xCuration: Record<string, unknown> | null;
  xPendingObjections: number;
  xBuyerName: string | null;
  xAttachments: Record<string, unknown>[];
  xBidCount: number;
  xQuestionCount: number;
  xAmendmentCount: number;
  xAward: Record<string, unknown> | null;
  xMyBidId: string | null;
  xMyBidStatus: BidStatus | null;
  xMyBidRevision: number | null;
  xMyOrgFound: boolean | null;
  xMyOrgVendor: boolean | null;
  xMyOrgVerificationStatus: VerificationStatus | null;
  xMyOrgVerifiedUntil: Date | null;
  xMyOrgVerificationReason: string | null;
  xMyOrgCapabilities: CapabilityProfile | null;
  xEntryId: string | null;
  xEntryCode: string | null;
  xEntryTitle: string | null;
  xEntryStatus: CatalogueStatus | null;
};

/**
 * The order page in one statement: every order read costs a round trip (about 1 ms each through the embedded
 * database's socket), and the page needs a dozen facts about the order.
 */
export const orderPage = {
  /** The order with its page facts; `vendorOrgId`: the viewing vendor, whose bid and profile are read too. Null without the order. */
  async read(db: Db, orderId: string, vendorOrgId: string | null): Promise<OrderPage | null> {
    if (!isUuid(orderId)) return null;
    const vendor = vendorOrgId && isUuid(vendorOrgId) ? vendorOrgId : null;
    const [r] = await db<PageRow[]>`
      select o.*,
        (select to_jsonb(c) from (select kind, listing_id, featured, hidden, reason, featured_at, updated_by, updated_at
                                  from listing_curation where kind = 'order' and listing_id = o.id) c) as x_curation,
        case when o.status = 'awarded' then
          (select count(*)::int from objections j join awards a on a.id = j.award_id and a.cancelled_at is null
           where j.order_id = o.id and j.status = 'pending')
        else 0 end as x_pending_objections,
        (select name from organisations where id = o.buyer_org_id) as x_buyer_name,
        coalesce((select jsonb_agg(to_jsonb(f) order by f.created_at, f.id) from order_attachments f where f.order_id = o.id), '[]')
          as x_attachments,
        (select count(*)::int from bids where order_id = o.id and status <> 'withdrawn') as x_bid_count,
        (select count(*)::int from questions where order_id = o.id) as x_question_count,
        (select count(*)::int from order_amendments where order_id = o.id) as x_amendment_count,
        (select to_jsonb(w) from (
           select a.*, b.vendor_org_id, v.name as vendor_name, b.total_price_fen, b.unit_price_fen, o.publicity_ends_at
           from awards a join bids b on b.id = a.bid_id join organisations v on v.id = b.vendor_org_id
           where a.order_id = o.id and a.cancelled_at is null) w) as x_award,
        mb.id as x_my_bid_id, mb.status as x_my_bid_status, mb.revision as x_my_bid_revision,
        mo.id is not null as x_my_org_found, vp.org_id is not null as x_my_org_vendor,
        vp.verification_status as x_my_org_verification_status, vp.verified_until as x_my_org_verified_until,
        vp.verification_reason as x_my_org_verification_reason, vp.capabilities as x_my_org_capabilities,
        e.id as x_entry_id, e.code as x_entry_code, e.title as x_entry_title, e.status as x_entry_status
      from orders o
      left join lateral (
        select id, status, revision from bids
        where order_id = o.id and vendor_org_id = ${vendor}::uuid
        order by status = 'withdrawn', submitted_at desc, id desc limit 1
      ) mb on true
      left join organisations mo on mo.id = ${vendor}::uuid
      left join vendor_profiles vp on vp.org_id = mo.id
      left join catalogue_entries e on e.id = o.catalogue_entry_id
      where o.id = ${orderId}`;
    if (!r) return null;
    const {
      xCuration, xPendingObjections, xBuyerName, xAttachments, xBidCount, xQuestionCount, xAmendmentCount, xAward,
      xMyBidId, xMyBidStatus, xMyBidRevision, xMyOrgFound, xMyOrgVendor, xMyOrgVerificationStatus, xMyOrgVerifiedUntil,
      xMyOrgVerificationReason, xMyOrgCapabilities, xEntryId, xEntryCode, xEntryTitle, xEntryStatus, ...row
    } = r;
    return {
      row: row as OrderRow,
      curation: xCuration ? fromJson<CurationRow>(xCuration) : null,
      pendingObjections: xPendingObjections,
      facts: {
        buyerName: xBuyerName ?? '',
        attachments: xAttachments.map((a) => fromJson<AttachmentRow>(a)),
        bidCount: xBidCount,
        questionCount: xQuestionCount,
        amendmentCount: xAmendmentCount,
        award: xAward ? fromJson<AwardNoticeRow>(xAward) : null,
        myBid: xMyBidId && xMyBidStatus && xMyBidRevision !== null ? { id: xMyBidId, status: xMyBidStatus, revision: xMyBidRevision } : null,
        myOrg: xMyOrgFound
          ? {
              verification: xMyOrgVendor
                ? { status: xMyOrgVerificationStatus as VerificationStatus, verifiedUntil: xMyOrgVerifiedUntil, reason: xMyOrgVerificationReason }
                : null,
              capabilities: xMyOrgVendor ? xMyOrgCapabilities : null,
            }
          : null,
        entry: xEntryId ? { id: xEntryId, code: xEntryCode ?? '', title: xEntryTitle ?? '', status: xEntryStatus as CatalogueStatus } : null,
      },
    };
  },
};
