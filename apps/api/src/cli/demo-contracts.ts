import { type Tx, contracts, deliveries } from '@annex/db';
import { type ContractSide, shanghaiDate } from '@annex/domain';
import { acceptTerms, proposeTerms, requestChanges } from '../use-cases/contracts/terms.ts';
import type { Deps } from '../use-cases/context.ts';
import { decideBatch, deliverBatch, recordErrors, startInspection } from '../use-cases/implementation/deliveries.ts';
import { paymentStep } from '../use-cases/implementation/payments.ts';
import { submitReview } from '../use-cases/reviews.ts';
import { type DemoOrder, type DemoPerson, SEED_REQUEST, actingAs } from './demo-history.ts';
import { madeUpDigits } from './demo-made-up.ts';

const DAY = 86_400_000;

/** One delivery of a batch and what the buyer did with it. */
export type DemoBatch = {
  itemCount: number;
  notes: string;
  /** where the batch lies, with the checksum of what the link points to */
  link: string;
  checksum: string;
  vendorQaAccuracy: number;
  /** the buyer draws the sample and marks the first `errors` drawn items wrong, each with the note */
  inspection?: { errors: number; note: string };
  /** the buyer's decision; none: the batch waits for the buyer within its review window */
  decision?: { decision: 'accept' } | { decision: 'reject'; reasons: string };
};

/** A milestone of the plan, its deliveries in order, and how far its payment got once the batch was accepted. */
export type DemoMilestone = {
  title: string;
  quantity: number;
  amountFen: number;
  dueInDays: number;
  batches?: DemoBatch[];
  payment?: 'invoiced' | 'paid' | 'confirmed';
};

/** What the two sides say of each other once the contract is completed. */
export type DemoReview = { ratings: Record<string, number>; body: string };

/** The contract of an order in progress: the buyer's plan, accepted by the vendor, and what happened since. */
export type DemoContract = {
  paymentTermsDays: number;
  /** the buyer's first plan, with these due days, to which the vendor asked for changes with the message */
  firstProposal?: { dueInDays: number[]; changesAsked: string };
  milestones: DemoMilestone[];
  reviews?: Record<ContractSide, DemoReview>;
};


/**
 * Takes the contract stage of the demo orders in progress through the same use cases as real traffic, now: the
 * buyer proposes the plan (the vendor may ask for changes to a first one), the vendor accepts the hash it read, batches are delivered, sampled, accepted or rejected
 * and reworked, payments invoiced, paid and confirmed (the last confirmation completes the order), and both sides
 * review a completed contract. `ids` are the orders' ids in the order of `stories`.
 */
export async function writeDemoContracts(
  tx: Tx, deps: Deps, person: (email: string) => DemoPerson, stories: readonly DemoOrder[], ids: readonly string[],
): Promise<void> {
  const present = { ...deps, tx };
  for (const [index, story] of stories.entries()) {
    const plan = story.contract;
    if (!plan) continue;
    const orderId = ids[index]!;
    const buyer = actingAs(person(story.buyer));
    const vendor = actingAs(person(story.award!.vendor));
    const made = await contracts.getByOrderId(tx, orderId);
    if (!made) throw new Error(`demo contracts: «${story.terms.title}» has no contract (its publicity has not ended)`);
    const now = deps.now();
    const propose = async (dueInDays: readonly number[]) => {
      const c = (await contracts.getByOrderId(tx, orderId))!;
      await proposeTerms(present, buyer, orderId, {
        version: c.version,
        paymentTermsDays: plan.paymentTermsDays,
        guidelineAttachmentId: null,
        milestones: plan.milestones.map((m, i) => ({
          seq: i + 1, title: m.title, quantity: m.quantity, amountFen: m.amountFen, dueAt: new Date(now.getTime() + dueInDays[i]! * DAY).toISOString(),
        })),
      }, SEED_REQUEST);
      const proposed = (await contracts.getByOrderId(tx, orderId))!;
      return { proposed, version: (await contracts.listVersions(tx, proposed.id)).at(-1)! };
    };
    if (plan.firstProposal) {
      const first = await propose(plan.firstProposal.dueInDays);
      await requestChanges(present, vendor, orderId, {
        version: first.proposed.version, number: first.version.number, message: plan.firstProposal.changesAsked,
      }, SEED_REQUEST);
    }
    const { proposed, version } = await propose(plan.milestones.map((m) => m.dueInDays));
    await acceptTerms(present, vendor, orderId, { version: proposed.version, number: version.number, termsHash: version.termsHash }, SEED_REQUEST);

    const milestones = await contracts.listMilestones(tx, proposed.id);
    for (const [i, m] of plan.milestones.entries()) {
      const milestoneId = milestones[i]!.id;
      for (const b of m.batches ?? []) {
        await deliverBatch(present, vendor, orderId, milestoneId, {
          itemCount: b.itemCount, fileIds: [], link: b.link, checksum: b.checksum, notes: b.notes, vendorQaAccuracy: b.vendorQaAccuracy,
        }, SEED_REQUEST);
        const delivery = (await deliveries.listForMilestone(tx, milestoneId)).at(-1)!;
        if (b.inspection) {
          await startInspection(present, buyer, orderId, milestoneId, delivery.id, SEED_REQUEST);
          const drawn = (await deliveries.inspection(tx, delivery.id))!.sampleItems;
          const note = b.inspection.note;
          await recordErrors(present, buyer, orderId, milestoneId, delivery.id, {
            errors: drawn.slice(0, b.inspection.errors).map((itemNumber) => ({ itemNumber, note })), version: undefined,
          }, SEED_REQUEST);
        }
        if (b.decision) {
          await decideBatch(present, buyer, orderId, milestoneId, delivery.id, {
            decision: b.decision.decision, reasons: b.decision.decision === 'reject' ? b.decision.reasons : '', version: undefined,
          }, SEED_REQUEST);
        }
      }
      if (!m.payment) continue;
      // the invoice is dated and paid the day the batch was accepted (the earliest the payment machine allows)
      const today = shanghaiDate(deps.now());
      await paymentStep(present, vendor, orderId, milestoneId, {
        type: 'invoice', invoiceNumber: `2637${today.replaceAll('-', '')}${madeUpDigits(milestoneId, 8, 10)}`, invoiceDate: today,
      }, undefined, SEED_REQUEST);
      if (m.payment === 'invoiced') continue;
      await paymentStep(present, buyer, orderId, milestoneId, { type: 'pay', paidOn: today }, undefined, SEED_REQUEST);
      if (m.payment === 'paid') continue;
      await paymentStep(present, vendor, orderId, milestoneId, { type: 'confirm' }, undefined, SEED_REQUEST);
    }

    for (const [side, review] of Object.entries(plan.reviews ?? {}) as [ContractSide, DemoReview][]) {
      await submitReview(present, side === 'buyer' ? buyer : vendor, orderId, review, SEED_REQUEST);
    }
  }
}
