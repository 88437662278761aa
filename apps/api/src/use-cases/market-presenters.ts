import type {
  Attachment, AwardNotice, Bid, BidAttachment, BidOffer, Objection, Order, OrderListItem, OrderPermissions, Question, QuoteLine,
  AcceptanceRule,
} from '@annex/contracts';
import type { AttachmentRow, AwardNoticeRow, BidAttachmentRow, BidRow, ObjectionRow, OrderPageFacts, OrderRow, QuestionRow } from '@annex/db';
import { type IneligibleReason, type OrderStatus, type OrderViewer, type Viewer, allowedActions } from '@annex/domain';
import { renderMarkdown } from '../lib/markdown.ts';
import type { LoadedOrder } from './viewer.ts';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** A bid's file: metadata with its download path. */
export function toBidAttachment(a: BidAttachmentRow): BidAttachment {
  return {
    id: a.id,
    fileName: a.fileName,
    contentType: a.contentType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    createdAt: iso(a.createdAt),
    url: `/api/v1/orders/${a.orderId}/bids/${a.bidId}/attachments/${a.id}`,
  };
}

/** An attachment's metadata with its download path. */
export function toAttachment(a: AttachmentRow): Attachment {
  return {
    id: a.id,
    kind: a.kind,
    fileName: a.fileName,
    contentType: a.contentType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    createdAt: iso(a.createdAt),
    url: `/api/v1/orders/${a.orderId}/attachments/${a.id}`,
  };
}

/** The public award notice; `final` once the order has moved on from its publicity window. */
export function toAwardNotice(a: AwardNoticeRow, status: OrderStatus): AwardNotice {
  return {
    id: a.id,
    bidId: a.bidId,
    vendorOrgId: a.vendorOrgId,
    vendorName: a.vendorName,
    totalPriceFen: a.totalPriceFen,
    unitPriceFen: a.unitPriceFen,
    reason: a.reason,
    awardedAt: iso(a.awardedAt),
    publicityEndsAt: iso(a.publicityEndsAt ?? a.awardedAt),
    state: status === 'awarded' ? 'publicity' : 'final',
  };
}

/** What the viewer may do with the order now: the domain's answer (buttons in the web; every use case checks again). */
export function permissionsFor(o: LoadedOrder, v: OrderViewer, now: Date): OrderPermissions {
  return allowedActions({ ...o.state, buyerOrgId: o.row.buyerOrgId, biddingMode: o.row.biddingMode, questionsCloseAt: o.row.questionsCloseAt }, v, now);
}

/** Everything the order page shows besides the row: what the database read with it, and what the viewer may do. */
export type OrderExtras = Pick<OrderPageFacts, 'buyerName' | 'attachments' | 'bidCount' | 'questionCount' | 'amendmentCount' | 'award' | 'myBid'> & {
  permissions: OrderPermissions;
  /** a vendor viewer: why it may not bid */
  ineligible: readonly IneligibleReason[];
  /** the catalogue entry the order was started from */
  catalogueEntry: { id: string; code: string; title: string } | null;
};

/** An order as the API shows it, with its effective status. */
export function toOrder(o: LoadedOrder, x: OrderExtras): Order {
  const r = o.row;
  return {
    id: r.id,
    buyerOrgId: r.buyerOrgId,
    buyerName: x.buyerName,
    title: r.title,
    description: r.description,
    descriptionHtml: renderMarkdown(r.description),
    modality: r.modality,
    taskTypes: r.taskTypes,
    volume: r.volumeQuantity !== null && r.volumeUnit !== null ? { quantity: r.volumeQuantity, unit: r.volumeUnit } : null,
    unitPriceCeilingFen: r.unitPriceCeilingFen,
    budgetTotalFen: r.budgetTotalFen,
    currency: 'CNY',
    biddingMode: r.biddingMode,
    questionsCloseAt: isoOrNull(r.questionsCloseAt),
    bidDeadline: isoOrNull(r.bidDeadline),
    deliveryDeadline: isoOrNull(r.deliveryDeadline),
    accuracyTarget: r.accuracyTarget,
    samplingRule: r.samplingRule as AcceptanceRule | null,
    securityLevel: r.securityLevel,
    containsPersonalInfo: r.containsPersonalInfo,
    workLocation: r.workLocation,
    requiredCertifications: r.requiredCertifications,
    minHeadcount: r.minHeadcount,
    requiresSecureRoom: r.requiresSecureRoom,
    tags: r.tags,
    catalogueEntryId: r.catalogueEntryId,
    catalogueEntry: x.catalogueEntry,
    status: o.status,
    reviewReason: r.reviewReason,
    cancelReason: r.cancelReason,
    submittedAt: isoOrNull(r.submittedAt),
    publishedAt: isoOrNull(r.publishedAt),
    publicityEndsAt: isoOrNull(r.publicityEndsAt),
    awardWindowEndsAt: isoOrNull(r.awardWindowEndsAt),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    version: r.version,
    attachments: x.attachments.map(toAttachment),
    bidCount: x.bidCount,
    questionCount: x.questionCount,
    amendmentCount: x.amendmentCount,
    award: x.award ? toAwardNotice(x.award, o.status) : null,
    myBid: x.myBid ? { id: x.myBid.id, status: x.myBid.status, revision: x.myBid.revision } : null,
    permissions: x.permissions,
    ineligible: [...x.ineligible],
    ...(o.curation ? { curation: o.curation } : {}),
  };
}

/** A listing row. */
export function toOrderListItem(r: OrderRow & { buyerName?: string }, status: OrderStatus): OrderListItem {
  return {
    id: r.id,
    title: r.title,
    ...(r.buyerName !== undefined ? { buyerName: r.buyerName } : {}),
    modality: r.modality,
    taskTypes: r.taskTypes,
    status,
    budgetTotalFen: r.budgetTotalFen,
    bidDeadline: isoOrNull(r.bidDeadline),
    publishedAt: isoOrNull(r.publishedAt),
  };
}

/** The offer of a bid: its amounts, the proposal and the quote. Only for viewers allowed to see amounts. */
export function toOffer(b: Pick<BidRow, 'totalPriceFen' | 'unitPriceFen' | 'deliveryDays' | 'teamSize' | 'committedAccuracy' | 'proposal' | 'quoteLines'>): BidOffer {
  return {
    totalPriceFen: b.totalPriceFen,
    unitPriceFen: b.unitPriceFen,
    deliveryDays: b.deliveryDays,
    teamSize: b.teamSize,
    committedAccuracy: b.committedAccuracy,
    proposal: b.proposal,
    proposalHtml: renderMarkdown(b.proposal),
    quoteLines: b.quoteLines as QuoteLine[],
  };
}

/** A bid; `showOffer` false leaves amounts and proposal out (sealed, or not the viewer's to see). */
export function toBid(b: BidRow & { vendorName: string }, showOffer: boolean): Bid {
  return {
    id: b.id,
    orderId: b.orderId,
    vendorOrgId: b.vendorOrgId,
    vendorName: b.vendorName,
    status: b.status,
    revision: b.revision,
    submittedAt: iso(b.submittedAt),
    updatedAt: iso(b.updatedAt),
    reconfirmedAt: isoOrNull(b.reconfirmedAt),
    withdrawnAt: isoOrNull(b.withdrawnAt),
    disqualifiedReason: b.disqualifiedReason,
    offer: showOffer ? toOffer(b) : null,
  };
}

/** A question; the asker is named only to the buyer, the secretariat and the asker itself. */
export function toQuestion(q: QuestionRow, v: Viewer, buyerOrgId: string, askerName: string | null): Question {
  const mine = v.kind === 'vendor' && v.orgId === q.askerOrgId;
  const named = mine || v.kind === 'secretariat' || (v.kind === 'buyer' && v.orgId === buyerOrgId);
  return {
    id: q.id,
    orderId: q.orderId,
    body: q.body,
    answer: q.answer,
    answeredAt: isoOrNull(q.answeredAt),
    createdAt: iso(q.createdAt),
    mine,
    askerName: named ? askerName : null,
  };
}

/** An objection with the order's title and the objector's name. */
export function toObjection(j: ObjectionRow, orderTitle: string, objectorName: string): Objection {
  return {
    id: j.id,
    orderId: j.orderId,
    orderTitle,
    awardId: j.awardId,
    objectorOrgId: j.objectorOrgId,
    objectorName,
    body: j.body,
    status: j.status,
    decisionReason: j.decisionReason,
    decidedAt: isoOrNull(j.decidedAt),
    createdAt: iso(j.createdAt),
  };
}
