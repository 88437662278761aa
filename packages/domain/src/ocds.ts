import type { BidStatus } from './bid.ts';
import type { Modality, TaskType } from './capability.ts';
import { MODALITY_LIST, TASK_TYPE_LIST } from './catalogue-vocabulary.ts';
import type { ObjectionStatus } from './award.ts';
import { type BiddingMode, type OrderStatus, type SecurityLevel, effectiveStatus } from './order.ts';

// Published orders as Open Contracting Data Standard 1.1 releases (https://standard.open-contracting.org/1.1/).
// Each release is a snapshot of the contracting process as it stood at the moment of one event (publication, an
// amendment, the close of bidding, an award, the end of its publicity window, …), computed from the stored rows
// alone: the same rows give the same releases, ids and dates on every request. What is not public stays out: a
// confidential order's description, contacts (no phone, e-mail or person anywhere in the input), and the amounts
// of losing bids until the award is final (publicity over, no objection pending) — they are in the snapshots of
// events from then on only.

/** An organisation as it appears in open data: our id and its name, nothing else. */
export type OcdsOrganisation = { id: string; name: string };

/** The order's fields the releases read (a published order: its terms are complete). */
export type OcdsOrder = {
  id: string;
  buyer: OcdsOrganisation;
  title: string;
  description: string;
  modality: Modality;
  taskTypes: readonly TaskType[];
  volumeQuantity: number | null;
  volumeUnit: string | null;
  unitPriceCeilingFen: number | null;
  budgetTotalFen: number | null;
  biddingMode: BiddingMode;
  securityLevel: SecurityLevel;
  status: OrderStatus;
  questionsCloseAt: Date | null;
  bidDeadline: Date | null;
  deliveryDeadline: Date | null;
  publishedAt: Date | null;
  cancelledAt: Date | null;
  publicityEndsAt: Date | null;
  awardWindowEndsAt: Date | null;
};

/** An amendment of the open order: field → old and new value (JSON, dates as ISO strings). */
export type OcdsAmendment = { id: string; at: Date; reason: string | null; changes: Record<string, { from: unknown; to: unknown }> };
export type OcdsBid = {
  id: string;
  vendor: OcdsOrganisation;
  status: BidStatus;
  totalPriceFen: number;
  submittedAt: Date;
};
export type OcdsAward = { id: string; bidId: string; awardedAt: Date; cancelledAt: Date | null };
export type OcdsObjection = { awardId: string; status: ObjectionStatus; decidedAt: Date | null };

/** One agreed version of a contract's terms (both sides accepted it at `agreedAt`), as open data reads it. */
export type OcdsContractVersion = {
  number: number;
  agreedAt: Date;
  priceFen: number;
  /** ISO 8601 */
  deliveryDeadline: string;
  milestones: readonly { seq: number; title: string; quantity: number; dueAt: string; amountFen: number }[];
  /** the reason of the change order that made it (null for the first) */
  reason: string | null;
};

/** The contract of an awarded order: its agreed versions, its milestones' stable ids, when it ended. */
export type OcdsContract = {
  id: string;
  awardId: string;
  versions: readonly OcdsContractVersion[];
  /** milestone seq → its stable id */
  milestoneIds: Readonly<Record<number, string>>;
  completedAt: Date | null;
  terminatedAt: Date | null;
  /** milestones whose batch was accepted (by the buyer, the review window or the secretariat on a dispute), and when */
  acceptances?: readonly { milestoneId: string; acceptedAt: Date }[];
  /** payments the buyer recorded as made: the day paid (YYYY-MM-DD, Beijing time) and when it was recorded */
  payments?: readonly { milestoneId: string; amountFen: number; paidOn: string; recordedAt: Date }[];
};

/** Everything stored about one contracting process that open data may show. */
export type OcdsProcess = {
  order: OcdsOrder;
  amendments: readonly OcdsAmendment[];
  bids: readonly OcdsBid[];
  awards: readonly OcdsAward[];
  objections: readonly OcdsObjection[];
  /** when the scheduler recorded the order unsuccessful (null: not recorded, derived from the deadlines) */
  unsuccessfulAt: Date | null;
  /** the contract, once the award became one (absent: none) */
  contract?: OcdsContract | null;
};

export type OcdsOptions = {
  /** e.g. ocds-abc123: the ocid is `<prefix>-<order id>` */
  ocidPrefix: string;
  /** the alliance secretariat, which decides objections (party role reviewBody); null when there is none */
  reviewBody: OcdsOrganisation | null;
  now: Date;
};

/** Whether an order is in open data at all: once published, always (drafts, orders in review or cancelled before publication never). */
export const inOpenData = (o: Pick<OcdsOrder, 'publishedAt'>): boolean => o.publishedAt !== null;

/** The contracting process identifier of an order. */
export const ocidOf = (prefix: string, orderId: string): string => `${prefix}-${orderId}`;

/** An OCDS monetary value from fen (amounts are in yuan, two decimals). */
export const ocdsValue = (fen: number) => ({ amount: fen / 100, currency: 'CNY' as const });

/** The URL of the OCDS bid extension, whose `bids` section carries every bid's amount once the award is final. */
export const OCDS_BID_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json';

// The OCDS shapes we write (a subset of release-schema.json 1.1.5).
type Ref = { id: string; name: string };
type Period = { startDate?: string; endDate?: string };
export type OcdsParty = Ref & { roles: string[] };
export type OcdsRelease = {
  ocid: string;
  id: string;
  date: string;
  tag: string[];
  initiationType: 'tender';
  language: 'zh';
  buyer: Ref;
  parties: OcdsParty[];
  tender: Record<string, unknown>;
  awards?: Record<string, unknown>[];
  bids?: { details: Record<string, unknown>[] };
  contracts?: Record<string, unknown>[];
};

type Event = { key: string; tag: string; at: Date };

const iso = (d: Date) => d.toISOString();
const labelZh = <T extends string>(list: readonly { code: T; zh: string }[], code: T) => list.find((x) => x.code === code)?.zh ?? code;
const DATE_FIELDS = new Set(['questionsCloseAt', 'bidDeadline', 'deliveryDeadline']);
const max = (dates: (Date | null)[]): Date | null =>
  dates.reduce<Date | null>((m, d) => (d !== null && (m === null || d > m) ? d : m), null);

/** The order's terms as they stood at `at`: amendments after it are undone, newest first. */
export function orderAt(o: OcdsOrder, amendments: readonly OcdsAmendment[], at: Date): OcdsOrder {
  const later = amendments.filter((a) => a.at > at).sort((a, b) => b.at.getTime() - a.at.getTime());
  const out: Record<string, unknown> = { ...o };
  for (const a of later) {
    for (const [field, { from }] of Object.entries(a.changes)) {
      if (!(field in o)) continue;
      out[field] = DATE_FIELDS.has(field) && typeof from === 'string' ? new Date(from) : from;
    }
  }
  return out as OcdsOrder;
}

/**
 * When the active award became final: the end of its publicity window, or the decision of the last objection
 * filed against it if that came later; null while an objection waits or the award is not final by `now`.
 */
export function awardFinalAt(p: OcdsProcess, now: Date): Date | null {
  const active = p.awards.find((a) => a.cancelledAt === null);
  if (!active || p.order.publicityEndsAt === null) return null;
  const against = p.objections.filter((x) => x.awardId === active.id);
  if (against.some((x) => x.status === 'pending')) return null;
  const at = max([p.order.publicityEndsAt, ...against.map((x) => x.decidedAt)]);
  return at !== null && at <= now ? at : null;
}

/**
 * When the order became unsuccessful, or null. As its deadlines say where they explain it (no bid by the deadline:
 * then; bids but no award: the end of the award window), else as the scheduler recorded it (every bid disqualified,
 * none re-confirmed after an amendment): the earlier of the two, so the date does not move when the scheduler,
 * which runs a little after the moment, records it.
 */
export function unsuccessfulAt(p: OcdsProcess, now: Date): Date | null {
  const o = p.order;
  if (o.bidDeadline === null) return null;
  const state = { status: o.status, bidDeadline: o.bidDeadline, publicityEndsAt: o.publicityEndsAt, awardWindowEndsAt: o.awardWindowEndsAt };
  if (effectiveStatus(state, now) !== 'unsuccessful') return null;
  const tendered = p.bids.some((b) => b.status !== 'withdrawn');
  const derived = !tendered || o.awardWindowEndsAt === null ? o.bidDeadline : o.awardWindowEndsAt;
  return p.unsuccessfulAt !== null && p.unsuccessfulAt < derived ? p.unsuccessfulAt : derived;
}

/** The events of a process up to `now`, each of which is a release. */
function eventsOf(p: OcdsProcess, now: Date): Event[] {
  const o = p.order;
  if (o.publishedAt === null) return [];
  const events: Event[] = [{ key: 'tender', tag: 'tender', at: o.publishedAt }];
  for (const a of p.amendments) events.push({ key: `tender-amendment-${a.id}`, tag: 'tenderAmendment', at: a.at });
  // a tender cancelled before its deadline never closed (its sealed bids stay sealed)
  if (o.bidDeadline && !(o.cancelledAt && o.cancelledAt < o.bidDeadline)) events.push({ key: 'bidding-closed', tag: 'tenderUpdate', at: o.bidDeadline });
  if (o.cancelledAt) events.push({ key: 'tender-cancelled', tag: 'tenderCancellation', at: o.cancelledAt });
  const failed = unsuccessfulAt(p, now);
  if (failed) events.push({ key: 'tender-unsuccessful', tag: 'tenderUpdate', at: failed });
  for (const a of p.awards) {
    events.push({ key: `award-${a.id}`, tag: 'award', at: a.awardedAt });
    if (a.cancelledAt) events.push({ key: `award-${a.id}-cancelled`, tag: 'awardCancellation', at: a.cancelledAt });
  }
  const final = awardFinalAt(p, now);
  const active = p.awards.find((a) => a.cancelledAt === null);
  if (final && active) events.push({ key: `award-${active.id}-final`, tag: 'awardUpdate', at: final });
  const c = p.contract;
  if (c) {
    // signed when both sides first agreed terms; each later agreed version is an amendment (an accepted change order)
    const [first, ...later] = [...c.versions].sort((a, b) => a.number - b.number);
    if (first) {
      events.push({ key: `contract-${c.id}`, tag: 'contract', at: first.agreedAt });
      for (const v of later) events.push({ key: `contract-${c.id}-v${v.number}`, tag: 'contractAmendment', at: v.agreedAt });
      // the first news of the implementation is `implementation`, the rest `implementationUpdate`
      const work = [
        ...(c.acceptances ?? []).map((a) => ({ key: `milestone-${a.milestoneId}-met`, at: a.acceptedAt })),
        ...(c.payments ?? []).map((x) => ({ key: `milestone-${x.milestoneId}-paid`, at: x.recordedAt })),
      ].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : 1));
      events.push(...work.map((w, i) => ({ ...w, tag: i === 0 ? 'implementation' : 'implementationUpdate' })));
      const ended = c.completedAt ?? c.terminatedAt;
      if (ended) events.push({ key: `contract-${c.id}-ended`, tag: 'contractTermination', at: ended });
    }
  }
  return events.filter((e) => e.at <= now);
}

/** Every release of a process up to `now`, oldest first (ties by id); none for an order never published. */
export function ocdsReleases(p: OcdsProcess, opts: OcdsOptions): OcdsRelease[] {
  const ocid = ocidOf(opts.ocidPrefix, p.order.id);
  const final = awardFinalAt(p, opts.now);
  const failed = unsuccessfulAt(p, opts.now);
  return eventsOf(p, opts.now)
    .map((e) => snapshot(p, e, { ocid, final, failed, reviewBody: opts.reviewBody }))
    .sort(compareReleases);
}

/** Release order: by date, then by id. */
export function compareReleases(a: Pick<OcdsRelease, 'date' | 'id'>, b: Pick<OcdsRelease, 'date' | 'id'>): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

type Known = { ocid: string; final: Date | null; failed: Date | null; reviewBody: OcdsOrganisation | null };

/** The process as it stood at the event, tagged with it. */
function snapshot(p: OcdsProcess, e: Event, k: Known): OcdsRelease {
  const t = e.at;
  const o = orderAt(p.order, p.amendments, t);
  const by = (d: Date | null) => d !== null && d <= t;
  const closed = by(o.bidDeadline) && !(o.cancelledAt && o.cancelledAt < (o.bidDeadline as Date));
  const final = by(k.final);
  const tendered = p.bids.filter((b) => b.status !== 'withdrawn');
  const awards = p.awards.filter((a) => by(a.awardedAt));
  const active = awards.find((a) => !by(a.cancelledAt));
  const bidOf = new Map(p.bids.map((b) => [b.id, b]));

  const parties = new Map<string, OcdsParty>();
  const role = (org: OcdsOrganisation, r: string) => {
    const party = parties.get(org.id) ?? { id: org.id, name: org.name, roles: [] };
    if (!party.roles.includes(r)) party.roles.push(r);
    parties.set(org.id, party);
  };
  role(o.buyer, 'buyer');
  role(o.buyer, 'procuringEntity');
  if (k.reviewBody) role(k.reviewBody, 'reviewBody');

  const status = by(o.cancelledAt) ? 'cancelled' : by(k.failed) ? 'unsuccessful' : final ? 'complete' : 'active';
  const modality = labelZh(MODALITY_LIST, o.modality);
  const tender: Record<string, unknown> = {
    id: o.id,
    title: o.title,
    // a confidential order's description is for the vendors it admits, never for open data
    ...(o.securityLevel === 'confidential' ? {} : { description: o.description }),
    status,
    procuringEntity: ref(o.buyer),
    items: o.taskTypes.map((task) => ({
      id: task,
      description: `${modality} · ${labelZh(TASK_TYPE_LIST, task)}`,
      classification: { scheme: 'ANNEX-TASK', id: task, description: labelZh(TASK_TYPE_LIST, task) },
      additionalClassifications: [
        { scheme: 'ANNEX-MODALITY', id: o.modality, description: modality },
        // CPV 72310000-1 Data-processing services: the nearest common-procurement code for annotation work
        { scheme: 'CPV', id: '72310000', description: 'Data-processing services' },
      ],
      ...(o.volumeQuantity !== null ? { quantity: o.volumeQuantity } : {}),
      ...(o.volumeUnit !== null
        ? { unit: { id: o.volumeUnit, name: o.volumeUnit, ...(o.unitPriceCeilingFen !== null ? { value: ocdsValue(o.unitPriceCeilingFen) } : {}) } }
        : {}),
    })),
    ...(o.budgetTotalFen !== null ? { value: ocdsValue(o.budgetTotalFen) } : {}),
    procurementMethod: 'open',
    procurementMethodDetails: o.biddingMode === 'sealed' ? '密封报价 (sealed bids)' : '公开报价 (open bids)',
    mainProcurementCategory: 'services',
    awardCriteria: 'ratedCriteria',
    submissionMethod: ['electronicSubmission'],
    tenderPeriod: period(p.order.publishedAt, o.bidDeadline),
    enquiryPeriod: period(p.order.publishedAt, o.questionsCloseAt),
    awardPeriod: period(o.bidDeadline, o.awardWindowEndsAt),
    contractPeriod: period(null, o.deliveryDeadline),
    ...(active && p.order.publicityEndsAt ? { standstillPeriod: period(active.awardedAt, p.order.publicityEndsAt) } : {}),
    ...(closed ? { numberOfTenderers: tendered.length } : {}),
    ...(final ? { tenderers: tendered.map((b) => ref(b.vendor)) } : {}),
  };
  const amendments = p.amendments.filter((a) => by(a.at)).sort((a, b) => a.at.getTime() - b.at.getTime());
  if (amendments.length > 0) {
    tender.amendments = amendments.map((a) => ({
      id: a.id,
      date: iso(a.at),
      ...(a.reason ? { rationale: a.reason } : {}),
      // which terms changed, not their values: a confidential description must not leak through its amendment
      description: `Changed: ${Object.keys(a.changes).join(', ')}`,
      releaseID: `${k.ocid}-tender-amendment-${a.id}`,
    }));
  }

  const release: OcdsRelease = {
    ocid: k.ocid,
    id: `${k.ocid}-${e.key}`,
    date: iso(t),
    tag: [e.tag],
    initiationType: 'tender',
    language: 'zh',
    buyer: ref(o.buyer),
    parties: [],
    tender,
  };
  if (awards.length > 0) {
    release.awards = awards.map((a) => {
      const bid = bidOf.get(a.bidId);
      if (bid) role(bid.vendor, 'supplier');
      const cancelled = by(a.cancelledAt);
      return {
        id: a.id,
        status: cancelled ? 'cancelled' : final && a === active ? 'active' : 'pending',
        date: iso(a.awardedAt),
        // the winner's price is public from the award notice on
        ...(bid ? { value: ocdsValue(bid.totalPriceFen), suppliers: [ref(bid.vendor)] } : {}),
      };
    });
  }
  if (final) {
    for (const b of tendered) role(b.vendor, 'tenderer');
    release.bids = {
      details: tendered.map((b) => ({
        id: b.id,
        date: iso(b.submittedAt),
        status: b.status === 'disqualified' ? 'disqualified' : 'valid',
        tenderers: [ref(b.vendor)],
        value: ocdsValue(b.totalPriceFen),
      })),
    };
  }
  const supplier = p.contract ? bidOf.get(p.awards.find((a) => a.id === p.contract?.awardId)?.bidId ?? '')?.vendor ?? null : null;
  const contract = p.contract ? contractAt(p.contract, t, { buyer: o.buyer, supplier }) : null;
  if (contract) release.contracts = [contract];
  release.parties = [...parties.values()];
  return release;
}

/** The contract as it stood at `t`: the version in force then, and its implementation so far; null before it was signed. */
function contractAt(c: OcdsContract, t: Date, sides: { buyer: OcdsOrganisation; supplier: OcdsOrganisation | null }): Record<string, unknown> | null {
  const agreed = c.versions.filter((v) => v.agreedAt <= t).sort((a, b) => a.number - b.number);
  const first = agreed[0];
  const inForce = agreed.at(-1);
  if (!first || !inForce) return null;
  const ended = c.completedAt ?? c.terminatedAt;
  const idOf = (seq: number) => c.milestoneIds[seq] ?? `${c.id}-${seq}`;
  const met = new Map((c.acceptances ?? []).filter((a) => a.acceptedAt <= t).map((a) => [a.milestoneId, a.acceptedAt]));
  const paid = (c.payments ?? []).filter((x) => x.recordedAt <= t).sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  const implementation =
    met.size === 0 && paid.length === 0
      ? null
      : {
          milestones: inForce.milestones.map((ms) => {
            const at = met.get(idOf(ms.seq));
            return {
              id: idOf(ms.seq), title: ms.title, type: 'delivery', dueDate: new Date(ms.dueAt).toISOString(),
              status: at ? 'met' : 'scheduled', ...(at ? { dateMet: iso(at) } : {}),
            };
          }),
          // tracked, not processed: the buyer records that it paid, on which day (Beijing time)
          transactions: paid.map((x) => ({
            id: `${x.milestoneId}-payment`,
            date: `${x.paidOn}T00:00:00+08:00`,
            value: ocdsValue(x.amountFen),
            payer: ref(sides.buyer),
            ...(sides.supplier ? { payee: ref(sides.supplier) } : {}),
          })),
        };
  return {
    id: c.id,
    awardID: c.awardId,
    // OCDS has one word for a contract that was in force and has come to a close, completed or ended early
    status: ended && ended <= t ? 'terminated' : 'active',
    dateSigned: iso(first.agreedAt),
    value: ocdsValue(inForce.priceFen),
    period: { startDate: iso(first.agreedAt), endDate: new Date(inForce.deliveryDeadline).toISOString() },
    milestones: inForce.milestones.map((ms) => ({
      id: idOf(ms.seq),
      title: ms.title,
      type: 'delivery',
      dueDate: new Date(ms.dueAt).toISOString(),
      value: ocdsValue(ms.amountFen),
      status: 'scheduled',
    })),
    ...(agreed.length > 1
      ? {
          amendments: agreed.slice(1).map((v) => ({
            id: `v${v.number}`,
            date: iso(v.agreedAt),
            ...(v.reason ? { rationale: v.reason } : {}),
          })),
        }
      : {}),
    ...(implementation ? { implementation } : {}),
  };
}

const ref = (org: OcdsOrganisation): Ref => ({ id: org.id, name: org.name });

function period(start: Date | null, end: Date | null): Period {
  return { ...(start ? { startDate: iso(start) } : {}), ...(end ? { endDate: iso(end) } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// The feed of every process's releases, newest last, read page by page from a position: a consumer keeps the
// position of the last release it read and asks for what came after it.

/**
 * Where a release stands in the feed: by date, then order, then release — its id without the ocid (the same order
 * within a process, and short enough for a cursor).
 */
export type FeedPosition = { at: Date; orderId: string; releaseId: string };

/** A release's id within its process: the part after `<ocid>-`. */
export const releaseKey = (r: Pick<OcdsRelease, 'id' | 'ocid'>): string =>
  r.id.startsWith(`${r.ocid}-`) ? r.id.slice(r.ocid.length + 1) : r.id;

/**
 * How long a release is held back from the feed after its date. A release is dated by the database clock inside the
 * transaction that writes it, which commits a moment later; a consumer that had already read past that date would
 * never see it. Held back this long, it is visible before anyone's position passes it (and clocks of API processes
 * may differ from the database's by as much).
 */
export const FEED_SETTLE_MS = 10_000;

/** Feed order of two positions. */
export function compareFeed(a: FeedPosition, b: FeedPosition): number {
  const d = a.at.getTime() - b.at.getTime();
  if (d !== 0) return d;
  if (a.orderId !== b.orderId) return a.orderId < b.orderId ? -1 : 1;
  return a.releaseId < b.releaseId ? -1 : a.releaseId > b.releaseId ? 1 : 0;
}

/**
 * One page of the feed. `processes` are the releases of the orders with an event at or after `after`, in the
 * order of their first such event; `bound` is where the first order left out begins (null: none left out), so
 * every release before it is known, and only those may be served. The next position is the last release served,
 * or the bound when the page ended there; `more` says whether anything may follow now.
 */
export function feedPage(
  processes: readonly { orderId: string; releases: readonly OcdsRelease[] }[],
  after: FeedPosition | null,
  bound: { at: Date; orderId: string } | null,
  limit: number,
): { releases: OcdsRelease[]; next: FeedPosition | null; more: boolean } {
  const stop: FeedPosition | null = bound ? { ...bound, releaseId: '' } : null;
  const eligible = processes
    .flatMap((p) => p.releases.map((r) => ({ r, at: { at: new Date(r.date), orderId: p.orderId, releaseId: releaseKey(r) } })))
    .filter((x) => (after === null || compareFeed(x.at, after) > 0) && (stop === null || compareFeed(x.at, stop) < 0))
    .sort((a, b) => compareFeed(a.at, b.at));
  const page = eligible.slice(0, limit);
  if (eligible.length > limit) return { releases: page.map((x) => x.r), next: page.at(-1)!.at, more: true };
  if (stop) return { releases: page.map((x) => x.r), next: page.length === limit ? page.at(-1)!.at : stop, more: true };
  return { releases: page.map((x) => x.r), next: page.at(-1)?.at ?? after, more: false };
}
