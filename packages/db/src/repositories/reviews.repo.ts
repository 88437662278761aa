import type { Db, Tx } from '../client.ts';
import { isUuid } from '../ids.ts';

/** A review one side of a contract wrote about the other, with the reply of the side it is about (if any). */
export type ReviewRow = {
  id: string;
  contractId: string;
  authorSide: 'buyer' | 'vendor';
  authorOrgId: string;
  subjectOrgId: string;
  authorUserId: string | null;
  quality: number | null;
  timeliness: number | null;
  clarity: number | null;
  paymentTimeliness: number | null;
  communication: number;
  /** numeric: postgres.js reads it as a string, the repository gives a number */
  stars: number;
  body: string;
  submittedAt: Date;
  replyBody: string | null;
  replyAuthorOrgId: string | null;
  repliedAt: Date | null;
};

/** A new review: the dimensions of the side it is about, 1–5 each (packages/domain validRatings). */
export type NewReview = {
  contractId: string;
  authorSide: 'buyer' | 'vendor';
  authorOrgId: string;
  subjectOrgId: string;
  authorUserId: string;
  ratings: { quality?: number; timeliness?: number; clarity?: number; paymentTimeliness?: number; communication: number };
  stars: number;
  body: string;
};

/** An ended contract's review state, for the notices' scan. */
export type EndedContractRow = {
  contractId: string;
  orderId: string;
  orderTitle: string;
  buyerOrgId: string;
  vendorOrgId: string;
  endedAt: Date;
  buyerReviewed: boolean;
  vendorReviewed: boolean;
  /** `kind:side` of the notices sent */
  noticesSent: string[];
};

const withNumbers = (r: ReviewRow): ReviewRow => ({ ...r, stars: Number(r.stars) });

/** Reviews of contracts, their replies and the review window's notices. */
export const reviews = {
  /** Both reviews of a contract (zero, one or two), buyer's first, with their replies. */
  async listForContract(db: Db, contractId: string): Promise<ReviewRow[]> {
    if (!isUuid(contractId)) return [];
    const rows = await db<ReviewRow[]>`
      select r.*, p.body as reply_body, p.author_org_id as reply_author_org_id, p.replied_at
      from contract_reviews r left join contract_review_replies p on p.review_id = r.id
      where r.contract_id = ${contractId}
      order by r.author_side, r.id`;
    return rows.map(withNumbers);
  },

  /**
   * Inserts a review. A second review by the same side — also when two submissions race — fails on the unique
   * constraint contract_reviews_one_per_side (CONSTRAINTS.contractReviewsOnePerSide).
   */
  async insert(tx: Tx, r: NewReview): Promise<ReviewRow> {
    const [row] = await tx<ReviewRow[]>`
      insert into contract_reviews (contract_id, author_side, author_org_id, subject_org_id, author_user_id,
                                    quality, timeliness, clarity, payment_timeliness, communication, stars, body)
      values (${r.contractId}, ${r.authorSide}, ${r.authorOrgId}, ${r.subjectOrgId}, ${r.authorUserId},
              ${r.ratings.quality ?? null}, ${r.ratings.timeliness ?? null}, ${r.ratings.clarity ?? null},
              ${r.ratings.paymentTimeliness ?? null}, ${r.ratings.communication}, ${r.stars}, ${r.body})
      returning *, null as reply_body, null as reply_author_org_id, null as replied_at`;
    return withNumbers(row as ReviewRow);
  },

  /** The one reply to a review; false when it has one already (a second reply, or the loser of a race). */
  async insertReply(tx: Tx, p: { reviewId: string; authorOrgId: string; authorUserId: string; body: string }): Promise<boolean> {
    const rows = await tx`
      insert into contract_review_replies (review_id, author_org_id, author_user_id, body)
      values (${p.reviewId}, ${p.authorOrgId}, ${p.authorUserId}, ${p.body})
      on conflict (review_id) do nothing
      returning review_id`;
    return rows.length === 1;
  },

  /**
   * Contracts that ended within the last `days` days of the database clock (the review window and a margin),
   * with who has reviewed and which notices went out.
   */
  async endedWithin(db: Db, days: number): Promise<EndedContractRow[]> {
    return await db<EndedContractRow[]>`
      select c.id as contract_id, c.order_id, o.title as order_title, c.buyer_org_id, c.vendor_org_id,
             coalesce(c.completed_at, c.terminated_at) as ended_at,
             exists (select 1 from contract_reviews r where r.contract_id = c.id and r.author_side = 'buyer') as buyer_reviewed,
             exists (select 1 from contract_reviews r where r.contract_id = c.id and r.author_side = 'vendor') as vendor_reviewed,
             coalesce((select array_agg(n.kind || ':' || n.side) from contract_review_notices n where n.contract_id = c.id), '{}') as notices_sent
      from contracts c join orders o on o.id = c.order_id
      where c.status in ('completed', 'terminated')
        and coalesce(c.completed_at, c.terminated_at) > clock_timestamp() - make_interval(days => ${days})
      order by ended_at, c.id`;
  },

  /** Records a notice as sent; false when it was sent already (another tick got there first). */
  async markNoticeSent(tx: Tx, contractId: string, side: 'buyer' | 'vendor', kind: 'review_requested' | 'review_window_closing'): Promise<boolean> {
    const rows = await tx`
      insert into contract_review_notices (contract_id, side, kind) values (${contractId}, ${side}, ${kind})
      on conflict do nothing returning contract_id`;
    return rows.length === 1;
  },
};
