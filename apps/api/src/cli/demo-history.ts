import type { QuoteLine } from '@annex/contracts';
import { type NewOrder, type OrderRow, type Tx, catalogue, catalogueInterests, history } from '@annex/db';
import {
  type BidOffer,
  type CapabilityProfile, type OrderState, type OrgKind, type Verification, bidEligibility, canAskQuestion, checkAward,
  publishedTerms, validateOffer, validateTerms,
} from '@annex/domain';
import type { AuthContext } from '../env.ts';
import type { DemoContract } from './demo-contracts.ts';
import { createLogger } from '../logger.ts';
import { runTransitions } from '../scheduler.ts';
import { fileObjection } from '../use-cases/awards.ts';
import type { Deps, RequestMeta } from '../use-cases/context.ts';
import { type Notice, notify, toOrgs } from '../use-cases/notify.ts';
import { cancelOrder, notifyBestMatches, scheduleReminder } from '../use-cases/orders.ts';

/** A demo account as the history needs it. */
export type DemoPerson = {
  userId: string;
  email: string;
  displayName: string;
  orgId: string;
  orgName: string;
  kind: OrgKind;
  verification: Verification | null;
  capabilities: CapabilityProfile | null;
};

/** A vendor's question and the buyer's answer. */
export type DemoQuestion = { vendor: string; at: Date; body: string; answer: string; answeredAt: Date };

/** A bid as the vendor placed it. */
export type DemoBid = BidOffer & { vendor: string; at: Date; proposal: string; quoteLines?: QuoteLine[] };

/**
 * One demo order and what happened to it. Times before now are written as the use cases would have written
 * them then; `objection` and `cancel` go through the use cases now, and the scheduler takes the steps due now.
 */
export type DemoOrder = {
  /** the buyer's e-mail (people are named by e-mail throughout) */
  buyer: string;
  terms: Omit<NewOrder, 'buyerOrgId' | 'status' | 'publishedAt' | 'publicityEndsAt' | 'awardWindowEndsAt' | 'createdByUserId'>;
  createdAt: Date;
  submittedAt: Date;
  approvedAt: Date;
  questions?: DemoQuestion[];
  bids?: DemoBid[];
  /** awarded after bidding closed: with its publicity window still running, or over an hour ago */
  award?: { vendor: string; publicity: 'running' | 'over'; reason: string };
  /** a losing bidder objects now */
  objection?: { vendor: string; body: string };
  /** the buyer cancels now, while bidding is open */
  cancel?: { reason: string };
  /** after the award is final: the contract agreed and worked on now (demo-contracts.ts) */
  contract?: DemoContract;
};

/** The request facts of the demo's present steps (they are recorded in the audit log). */
export const SEED_REQUEST: RequestMeta = { ip: '127.0.0.1', userAgent: null, requestId: 'demo-seed' };

const HOUR = 3_600_000;
// the platform closes bidding within one scheduler pass of the deadline
const CLOSING_DELAY_MS = 5_000;

/** The session-less identity a present step acts as. */
export function actingAs(p: DemoPerson): AuthContext {
  return {
    user: { id: p.userId, email: p.email, displayName: p.displayName, createdAt: new Date() },
    sessionId: '',
    membership: { orgId: p.orgId, role: 'owner', kind: p.kind },
    viaBearer: false,
    apiToken: null,
  };
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`demo history: ${what}`);
}

/** When the award of a demo order was made, given the configured publicity window. */
function awardTime(publicity: 'running' | 'over', publicitySeconds: number, now: Date): Date {
  const ms = publicitySeconds * 1000;
  // running: a quarter of the window (at most a day) has passed; over: it ended an hour ago
  return new Date(now.getTime() - (publicity === 'running' ? Math.min(24 * HOUR, ms / 4) : ms + HOUR));
}

/**
 * Writes the demo orders' history in `tx`, every step of every order in the order of time (so audit records and
 * inboxes read in sequence), each checked against the domain's rules at its time. Then takes the time-driven
 * steps due now through the scheduler, and files the objections and cancellations through their use cases.
 * Returns the orders' ids in the order given.
 */
export async function writeDemoHistory(tx: Tx, deps: Deps, people: Map<string, DemoPerson>, stories: DemoOrder[], now: Date): Promise<string[]> {
  const person = (email: string) => {
    const p = people.get(email);
    if (!p) throw new Error(`demo history: nobody with the e-mail ${email}`);
    return p;
  };
  const secretariat = [...people.values()].find((p) => p.kind === 'secretariat')!;
  const { config } = deps;
  const steps: { at: Date; run: () => Promise<void> }[] = [];
  const ids: string[] = [];

  stories.forEach((s, index) => {
    const buyer = person(s.buyer);
    let order: OrderRow;
    let title = s.terms.title;
    const bidIds = new Map<string, string>();
    const askers = new Set<string>();
    // a step's audit record and notices, at its time
    const record = async (at: Date, by: DemoPerson | null, action: string, e: { before?: unknown; after?: unknown }, notices: Notice[] = []) => {
      await history.audit(tx, { at, actorUserId: by?.userId ?? null, actorOrgId: by?.orgId ?? null, entityType: 'order', entityId: order.id, action, ...e });
      await notify(tx, notices, at);
    };
    const step = (at: Date, run: () => Promise<void>) => steps.push({ at, run });

    const bidDeadline = s.terms.bidDeadline!;
    const awardAt = s.award ? awardTime(s.award.publicity, config.publicitySeconds, now) : null;
    const publicityEndsAt = awardAt ? new Date(awardAt.getTime() + config.publicitySeconds * 1000) : null;
    const closedAt = new Date(bidDeadline.getTime() + CLOSING_DELAY_MS);

    step(s.createdAt, async () => {
      order = await history.order(tx, {
        ...s.terms,
        buyerOrgId: buyer.orgId,
        createdByUserId: buyer.userId,
        status: awardAt ? 'awarded' : 'open',
        publishedAt: s.approvedAt,
        awardWindowEndsAt: new Date(bidDeadline.getTime() + config.awardWindowDays * 86_400_000),
        publicityEndsAt,
        createdAt: s.createdAt,
        submittedAt: s.submittedAt,
        updatedAt: awardAt ?? s.approvedAt,
        // created, submitted, approved (and closed and awarded)
        version: awardAt ? 5 : 3,
      });
      title = order.title;
      ids[index] = order.id;
      // the checks of submit and approve, at their times
      check(s.createdAt < s.submittedAt && s.submittedAt < s.approvedAt, `«${title}» is created, submitted and approved in that order`);
      for (const at of [s.submittedAt, s.approvedAt]) {
        check(validateTerms(publishedTerms(order), at, config.minBidWindowSeconds).ok, `the terms of «${title}» are valid at ${at.toISOString()}`);
      }
      await record(s.createdAt, buyer, 'order.created', { after: { status: 'draft', title } });
    });
    step(s.submittedAt, () => record(s.submittedAt, buyer, 'order.submitted', { before: { status: 'draft' }, after: { status: 'pending_review' } },
      [{ to: { orgId: secretariat.orgId }, kind: 'order_submitted', orderId: order.id, payload: { orderTitle: title } }]));
    step(s.approvedAt, async () => {
      // the vendors interested in the catalogue entry it was started from hear of it
      const entry = order.catalogueEntryId ? await catalogue.getById(tx, order.catalogueEntryId) : null;
      const interested = entry ? await catalogueInterests.vendorOrgIds(tx, entry.id) : [];
      await record(s.approvedAt, secretariat, 'order.approved', { before: { status: 'pending_review' }, after: { status: 'open' } }, [
        { to: { orgId: buyer.orgId }, kind: 'order_approved', orderId: order.id, payload: { orderTitle: title } },
        ...toOrgs(interested, {
          kind: 'catalogue_order_published', orderId: order.id,
          payload: { orderTitle: title, entryId: entry?.id, entryCode: entry?.code, entryTitle: entry?.title },
        }),
      ]);
      // as after any approval: the best-matching vendors are told, bidders of an order still open will be reminded
      await notifyBestMatches(tx, order, s.approvedAt, s.approvedAt);
      if (bidDeadline > now) await scheduleReminder(tx, order.id, bidDeadline, now);
    });

    const openState = (): OrderState => ({ status: 'open', bidDeadline, publicityEndsAt: null, awardWindowEndsAt: order.awardWindowEndsAt, pendingObjections: 0 });
    for (const q of s.questions ?? []) {
      const vendor = person(q.vendor);
      let questionId = '';
      step(q.at, async () => {
        check(q.at > s.approvedAt && canAskQuestion({ ...openState(), questionsCloseAt: s.terms.questionsCloseAt! }, q.at), `a question on «${title}» at ${q.at.toISOString()}`);
        questionId = (await history.question(tx, { orderId: order.id, askerOrgId: vendor.orgId, askerUserId: vendor.userId, body: q.body, askedAt: q.at })).id;
        askers.add(vendor.orgId);
        await record(q.at, vendor, 'question.asked', { after: { questionId } },
          [{ to: { orgId: buyer.orgId }, kind: 'question_asked', orderId: order.id, payload: { orderTitle: title, questionId } }]);
      });
      step(q.answeredAt, async () => {
        check(q.answeredAt > q.at && q.answeredAt < bidDeadline, `the answer on «${title}» comes after the question, while bidding is open`);
        await history.answer(tx, { questionId, answer: q.answer, answeredBy: buyer.userId, at: q.answeredAt });
        await record(q.answeredAt, buyer, 'question.answered', { after: { questionId } },
          toOrgs([vendor.orgId, ...bidIds.keys(), ...askers], { kind: 'question_answered', orderId: order.id, payload: { orderTitle: title, questionId } }));
      });
    }

    for (const b of s.bids ?? []) {
      const vendor = person(b.vendor);
      step(b.at, async () => {
        const terms = publishedTerms(order);
        const profile = { orgId: vendor.orgId, verification: vendor.verification!, capabilities: vendor.capabilities! };
        const reasons = bidEligibility(profile, buyer.orgId, terms, b.at);
        check(reasons.length === 0, `${vendor.orgName} may not bid on «${title}»: ${reasons.map((r) => r.code).join(', ')}`);
        check(b.at > s.approvedAt && b.at < bidDeadline, `the bid of ${vendor.orgName} on «${title}» lies in the bidding window`);
        const offer = validateOffer(b, terms, b.at);
        check(offer.ok, `the bid of ${vendor.orgName} on «${title}»: ${offer.ok ? '' : offer.error}`);
        const bid = await history.bid(tx, { ...b, orderId: order.id, vendorOrgId: vendor.orgId, submittedBy: vendor.userId });
        bidIds.set(vendor.orgId, bid.id);
        const payload: Record<string, unknown> = { orderTitle: title, bidCount: bidIds.size };
        if (order.biddingMode === 'open') payload.vendorName = vendor.orgName;
        await record(b.at, vendor, 'bid.submitted', { after: { bidId: bid.id, status: bid.status, revision: bid.revision } },
          [{ to: { orgId: buyer.orgId }, kind: 'bid_received', orderId: order.id, payload }]);
      });
    }

    if (s.award && awardAt) {
      const award = s.award;
      const winner = person(award.vendor);
      step(closedAt, () => record(closedAt, null, 'order.bidding_closed', { before: { status: 'open' }, after: { status: 'evaluation' } },
        [{ to: { orgId: buyer.orgId }, kind: 'bidding_closed', orderId: order.id, payload: { orderTitle: title, bidCount: bidIds.size } }]));
      step(awardAt, async () => {
        const bidId = bidIds.get(winner.orgId);
        check(bidId !== undefined, `${winner.orgName} has a bid on «${title}»`);
        const ok = checkAward(openState(), 'active', award.reason, config.publicitySeconds, awardAt);
        check(ok.ok && awardAt > closedAt, `«${title}» can be awarded at ${awardAt.toISOString()}`);
        const bid = (s.bids ?? []).find((b) => b.vendor === award.vendor)!;
        const made = await history.award(tx, { orderId: order.id, bidId: bidId!, reason: award.reason, awardedBy: buyer.userId, at: awardAt });
        const payload = { orderTitle: title, winner: winner.orgName, publicityEndsAt };
        const losers = [...bidIds.keys()].filter((id) => id !== winner.orgId);
        await record(awardAt, buyer, 'award.made', {
          before: { status: 'evaluation' },
          after: {
            status: 'awarded', awardId: made.id, bidId, vendorOrgId: winner.orgId, totalPriceFen: bid.totalPriceFen, reason: award.reason, publicityEndsAt,
          },
        }, [{ to: { orgId: winner.orgId }, kind: 'bid_awarded', orderId: order.id, payload }, ...toOrgs(losers, { kind: 'bid_not_awarded', orderId: order.id, payload })]);
        // as the award use case does: the entry the order was started from is being annotated now
        if (order.catalogueEntryId) {
          await catalogue.setAnnotationStatus(tx, order.catalogueEntryId, 'in_progress', 'award', { userId: buyer.userId, orgId: buyer.orgId, requestId: null }, { orderId: order.id });
        }
      });
    }
  });

  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const s of steps) {
    check(s.at < now, `a past step lies in the past (${s.at.toISOString()})`);
    await s.run();
  }

  // now: what the scheduler takes by itself (closing bidding, unsuccessful orders, the end of publicity) …
  await runTransitions(tx, createLogger({ level: 'warn' }));
  // … and what people do now, through the same use cases as real traffic
  const present = { ...deps, tx };
  for (const [i, s] of stories.entries()) {
    if (s.objection) await fileObjection(present, actingAs(person(s.objection.vendor)), ids[i]!, s.objection.body, SEED_REQUEST);
    if (s.cancel) await cancelOrder(present, actingAs(person(s.buyer)), ids[i]!, s.cancel.reason, SEED_REQUEST);
  }
  return ids;
}
