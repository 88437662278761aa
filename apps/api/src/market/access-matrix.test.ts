import { randomUUID } from 'node:crypto';
import {
  agencies, allianceEvents, allianceMemberships, announcements, bids, catalogueInterests, industrialBases, notifications, orders, policyCases,
  policyServices, savedSearches,
} from '@annex/db';
import {
  createCatalogueEntry, createOrgWithOwner, endContract, openStatisticsPeriod, randomCatalogueCode, sampleServiceFields,
} from '@annex/db/fixtures.ts';
import { suggestMilestones } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-helpers.ts';
import { linkManifest, milestonePath, seedActiveContract } from '../test-implementation.ts';
import {
  PDF_BYTES, ROLES, type Market, type Party, type Role, as, bidBody, closeBidding, orderBody, seedAttachment, seedAwardedOrder, seedBid,
  seedBidAttachment, seedClosedOrder, seedDraft, seedInProgressOrder, seedOpenOrder, seedQuestion, setupMarket, upload,
} from '../test-market.ts';

// Every route of the API × every kind of caller × {their own organisation's resource, another's, a missing id}.
// The route list comes from the OpenAPI document: a route with neither an entry here nor a place in
// FOUNDATION (covered by the foundation's own tests) fails the completeness test.

type Target = 'own' | 'other' | 'missing';
const TARGETS: Target[] = ['own', 'other', 'missing'];
/** Expected status per target (own = buyer A's resource, other = buyer B's), or one status for all three. */
type Expect = number | [own: number, other: number, missing: number];
type Ids = {
  id: string; attachmentId?: string; qid?: string; bidId?: string; objectionId?: string; code?: string; mid?: string; did?: string;
  /** a contract's version to send, the proposal waiting for the vendor, its open change order, a plan that adds up */
  version?: number; pending?: { number: number; termsHash: string }; changeOrderId?: string; plan?: unknown;
  /** a registration for an event */
  registrationId?: string;
  /** the organisation of a statistics report */
  orgId?: string;
};
type World =
  | 'none' | 'draft' | 'draftWithFile' | 'pending' | 'open' | 'openEmpty' | 'openWithFile' | 'openWithBidFile' | 'amended' | 'closed'
  | 'closedWithBidFile' | 'awarded' | 'objected'
  /** cancelled without ever being submitted, and cancelled after a rejection sent it back to draft */
  | 'cancelledDraft' | 'cancelledRejected'
  /** cancelled while waiting for review */
  | 'cancelledPending'
  /** a saved search of vendor A (own) and of vendor B (other) */
  | 'savedSearch'
  /** catalogue entries (own and other: two of them), published or draft; one both verified vendors are interested in; an agency */
  | 'entry' | 'draftEntry' | 'interestedEntry' | 'agency'
  /** policy services: a published one and a draft (the same for own and other: services belong to nobody) */
  | 'policyService' | 'policyServiceDraft' | 'policyServiceWithTemplate'
  /** a policy case of buyer A (own) and of buyer B (other): submitted; with a file handed in; accepted with m1 to review */
  | 'policyCase' | 'policyCaseWithFile' | 'policyCaseReviewable'
  /** a catalogue import's preview (the secretariat's), waiting for confirmation */
  | 'import'
  /** a contract in force (buyer A's own, buyer B's other; vendor A won both): a milestone before delivery, its batch
   * delivered (with a file), under inspection, rejected, disputed; accepted with its payment unpaid, invoiced, paid,
   * disputed */
  | 'milestone' | 'delivered' | 'inspecting' | 'rejected' | 'disputedBatch' | 'accepted' | 'invoiced' | 'paid' | 'paymentDisputed'
  /** the buyer organisation itself (own: buyer A, other: buyer B) */
  | 'buyerOrg'
  /** an API token of buyer A (own) and of buyer B (other) */
  | 'apiToken'
  /** a webhook subscription of buyer A (own) and of buyer B (other), with one delivery (did) */
  | 'webhook'
  /** awarded to vendor A and its contract completed; then both sides reviewed */
  | 'ended' | 'reviewed'
  /** the contract of an order in progress (vendor A won own and other): draft; terms proposed; in force; with vendor A's
   * change order open; with buyer's termination proposal open */
  | 'contract' | 'contractProposed' | 'contractActive' | 'contractChangeOrder' | 'contractTermination'
  /** announcements for everyone (the same for own and other: they belong to nobody): published, a draft */
  | 'announcement' | 'announcementDraft'
  /** events for everyone: published and open for registration; a draft; with every organisation's party registered;
   * started, with buyer A holding a seat */
  | 'event' | 'eventDraft' | 'eventRegistered' | 'eventStarted'
  /** an industrial base (the same kind for own and other: bases belong to the city) */
  | 'industrialBase'
  /** a fresh organisation's application to the alliance, waiting for the secretariat (the path's {orgId}) */
  | 'membershipApplied'
  /** a statistics period (own and other: two) both verified vendors must file in; closed; with the report of vendor A
   * (own) or of vendor B (other) filed */
  | 'statPeriod' | 'statPeriodClosed' | 'statReport';

type Entry = {
  route: string;
  variant?: string;
  world: World;
  query?: string;
  body?: (ids: Ids) => unknown;
  multipart?: boolean;
  /** the file a multipart request uploads (default: a PDF) */
  file?: () => { name: string; bytes: Uint8Array; type: string };
  /** the {id} of the path is this id of the world (default: the order's) */
  pathId?: (ids: Ids) => string;
  /** cells answering 2xx change state: each gets a fresh world */
  mutating?: boolean;
  expect: Record<Role, Expect>;
};

/** Routes of the foundation, each covered by its own route tests. */
const FOUNDATION = [
  'POST /api/v1/auth/register', 'POST /api/v1/auth/login', 'POST /api/v1/auth/logout', 'GET /api/v1/me', 'POST /api/v1/me/password',
  'GET /api/v1/me/sessions', 'DELETE /api/v1/me/sessions/{id}', 'GET /api/v1/uscc/check', 'GET /api/v1/organisations/mine',
  'PATCH /api/v1/organisations/mine', 'PUT /api/v1/organisations/mine/capabilities',
  'POST /api/v1/organisations/mine/verification/reapply', 'GET /api/v1/admin/vendors',
  'POST /api/v1/admin/vendors/{orgId}/verification', 'GET /api/v1/vendors/{id}',
];

/** A policy case: its firm (buyer A or B) and the secretariat see it; to everyone else it does not exist. */
const caseParties = (firm: number, secretariat: Expect, anonymous = 401): Record<Role, Expect> => ({
  anonymous, buyerA: OWN_A(firm), buyerB: OWN_B(firm), vendorA: 404, vendorB: 404, unverified: 404, secretariat,
});
/** A step only the secretariat takes on a case: the firm itself is refused (403), others do not see the case. */
const secretariatOnCase = (ok: number): Record<Role, Expect> => ({
  anonymous: 401, buyerA: [403, 404, 404], buyerB: [404, 403, 404], vendorA: 404, vendorB: 404, unverified: 404, secretariat: BOTH(ok),
});
const firmsOnly = (ok: Expect): Record<Role, Expect> => ({ ...signedIn(ok), secretariat: 403 });
const FACTS = {
  foundedOn: '2021-03-15', revenueBand: '5m_20m', aboveDesignatedSize: false, highTechCertificate: null, highTechValidUntil: null,
  practitioners: 80, localPractitioners: 70,
};

/**
 * A contract's milestone: its buyer (A's own, B's other), vendor A (the winner of both) and the secretariat each get
 * their status; to everyone else it does not exist.
 */
const contractParties = (buyer: number, vendor: number, secretariat: number): Record<Role, Expect> => ({
  anonymous: 401, buyerA: OWN_A(buyer), buyerB: OWN_B(buyer), vendorA: [vendor, vendor, 404], vendorB: 404, unverified: 404,
  secretariat: [secretariat, secretariat, 404],
});
const BASE = {
  name: '聊城高新区数据标注产业园', county: '371572', floorAreaM2: 12_000, seats: 800, occupiedSeats: 560, openedOn: '2024-09-01',
  benchmarkStatus: 'benchmark', benchmarkSince: '2025-06-30',
};
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const M = '/api/v1/orders/{id}/contract/milestones/{mid}';

const everyone = (x: Expect): Record<Role, Expect> => Object.fromEntries(ROLES.map((r) => [r, x])) as Record<Role, Expect>;
const all = everyone;
const signedIn = (n: Expect, over: Partial<Record<Role, Expect>> = {}): Record<Role, Expect> => ({
  anonymous: 401, buyerA: n, buyerB: n, vendorA: n, vendorB: n, unverified: n, secretariat: n, ...over,
});
const OWN_A = (ok: number): [number, number, number] => [ok, 404, 404];
const OWN_B = (ok: number): [number, number, number] => [404, ok, 404];
const VISIBLE_A = (ok: number, no = 403): [number, number, number] => [ok, no, 404];
const VISIBLE_B = (ok: number, no = 403): [number, number, number] => [no, ok, 404];
const BOTH = (ok: number): [number, number, number] => [ok, ok, 404];
const NONE = (no: number): [number, number, number] => [no, no, 404];

/** Buyer-owned resources of draft orders: invisible to everyone but their buyer. */
const draftOnly = (ok: number, anonymous: number): Record<Role, Expect> => ({
  anonymous, buyerA: OWN_A(ok), buyerB: OWN_B(ok), vendorA: 404, vendorB: 404, unverified: 404, secretariat: 404,
});
const vendorOnly = (vendor: Expect, unverified: Expect): Record<Role, Expect> => ({
  anonymous: 401, buyerA: 403, buyerB: 403, vendorA: vendor, vendorB: vendor, unverified, secretariat: 403,
});
const secretariatOnly = (ok: Expect): Record<Role, Expect> => ({
  anonymous: 401, buyerA: 403, buyerB: 403, vendorA: 403, vendorB: 403, unverified: 403, secretariat: ok,
});
/** The buyer (and perhaps the secretariat) act on a published order; others who can see it are refused. */
const buyerActs = (ok: number, secretariat: Expect): Record<Role, Expect> => ({
  anonymous: 401, buyerA: VISIBLE_A(ok), buyerB: VISIBLE_B(ok), vendorA: NONE(403), vendorB: NONE(403), unverified: NONE(403), secretariat,
});

/** Visible to the secretariat only (draft catalogue entries). */
const secretariatSees = (ok: number): Record<Role, Expect> => ({ ...everyone(NONE(404)), secretariat: BOTH(ok) });

/** The agency every catalogue body names (the first the migration seeded). */
let agencyId = '';
let agencyName = '';
/** A catalogue sheet of one new entry, as the import template's columns. */
const importCsv = () => ({
  name: '目录.csv',
  type: 'text/csv',
  bytes: new TextEncoder().encode(
    `资源编码,资源名称,数源部门,所属领域,数据形态,更新频率,共享类型,开放属性,数据分级\n${randomCatalogueCode()},导入的目录条目,${agencyName},教育,视频,每年,有条件共享,有条件开放,一般数据\n`,
  ),
});
const entryBody = () => ({
  code: randomCatalogueCode(), title: '全市中小学课堂教学视频', summary: '公开课录像', agencyId, sector: 'education', modality: 'video',
  taskTypes: ['classification'], updateFrequency: 'annual', sharingType: 'conditional', openType: 'conditional', dataLevel: 'general',
});

const versioned = (ids: Ids) => ({ version: ids.version ?? 1 });

/** An organisation's API tokens: its owners (every party here owns its organisation); the secretariat has none. */
const tokenOwners = (ok: number): Record<Role, Expect> => ({
  anonymous: 401, buyerA: OWN_A(ok), buyerB: OWN_B(ok), vendorA: 404, vendorB: 404, unverified: 404, secretariat: 403,
});

/** Both verified vendors must file in the periods of the statistics worlds; nobody else does (the secretariat neither). */
const statFilers = (ok: number): Record<Role, Expect> => ({ ...everyone(NONE(404)), anonymous: 401, vendorA: BOTH(ok), vendorB: BOTH(ok) });
const STAT_FIGURES = {
  practitioners: 40, practitionersInCity: 40, localPractitioners: 30, revenueFen: 80_000_000, annotationRevenueFen: 80_000_000,
  trainedPreJob: 0, trainedCertified: 0, aboveDesignatedSize: false,
};
let pastYear = 1800;
/** A quarter no period has: each opening takes a new one. */
const nextPastQuarter = () => `${pastYear++}Q4`;
const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

const MATRIX: Entry[] = [
  // API tokens, managed by the owners of buyer and vendor organisations
  { route: 'GET /api/v1/organisations/mine/tokens', world: 'none', expect: signedIn(200, { secretariat: 403 }) },
  {
    route: 'POST /api/v1/organisations/mine/tokens', world: 'none', mutating: true, expect: signedIn(201, { secretariat: 403 }),
    body: () => ({ name: '数据管道', scopes: ['orders:read'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }),
  },
  { route: 'POST /api/v1/organisations/mine/tokens/{id}/revoke', world: 'apiToken', mutating: true, expect: tokenOwners(200) },
  { route: 'GET /api/v1/organisations/mine/tokens/{id}/usage', world: 'apiToken', expect: tokenOwners(200) },
  // webhook subscriptions, managed by the owners of buyer and vendor organisations (the same rule as tokens)
  { route: 'GET /api/v1/webhooks', world: 'none', expect: signedIn(200, { secretariat: 403 }) },
  {
    route: 'POST /api/v1/webhooks', world: 'none', mutating: true, expect: signedIn(201, { secretariat: 403 }),
    body: () => ({ url: 'http://127.0.0.1:9/annex', eventTypes: ['order.approved'] }),
  },
  { route: 'GET /api/v1/webhooks/{id}', world: 'webhook', expect: tokenOwners(200) },
  { route: 'PATCH /api/v1/webhooks/{id}', world: 'webhook', mutating: true, body: () => ({ active: false }), expect: tokenOwners(200) },
  { route: 'DELETE /api/v1/webhooks/{id}', world: 'webhook', mutating: true, expect: tokenOwners(204) },
  { route: 'POST /api/v1/webhooks/{id}/rotate-secret', world: 'webhook', mutating: true, expect: tokenOwners(200) },
  { route: 'GET /api/v1/webhooks/{id}/deliveries', world: 'webhook', expect: tokenOwners(200) },
  { route: 'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', world: 'webhook', mutating: true, expect: tokenOwners(201) },
  // the contract of an order in progress: its two parties and the secretariat, each to their own steps
  { route: 'GET /api/v1/orders/{id}/contract', world: 'contract', expect: contractParties(200, 200, 200) },
  {
    route: 'POST /api/v1/orders/{id}/contract/terms', world: 'contract', mutating: true, expect: contractParties(200, 403, 403),
    body: (ids) => ({
      ...versioned(ids), paymentTermsDays: 30,
      // a missing order's request is well-formed too, so that only its absence answers
      milestones: ids.plan ?? [{ seq: 1, title: '全部', quantity: 1, dueAt: '2031-01-01T00:00:00Z', amountFen: 1 }],
    }),
  },
  {
    route: 'POST /api/v1/orders/{id}/contract/accept', world: 'contractProposed', mutating: true, expect: contractParties(403, 200, 403),
    body: (ids) => ({ ...versioned(ids), ...(ids.pending ?? { number: 1, termsHash: '0'.repeat(64) }) }),
  },
  {
    route: 'POST /api/v1/orders/{id}/contract/request-changes', world: 'contractProposed', mutating: true, expect: contractParties(403, 200, 403),
    body: (ids) => ({ ...versioned(ids), number: ids.pending?.number ?? 1, message: '请调整交付批次' }),
  },
  {
    route: 'POST /api/v1/orders/{id}/contract/change-orders', world: 'contractActive', mutating: true, expect: contractParties(200, 200, 403),
    body: (ids) => ({ ...versioned(ids), changes: { guidelineAttachmentId: null, deliveryDeadline: new Date(Date.now() + 90 * 86_400_000).toISOString() }, reason: '延期' }),
  },
  ...(['accept', 'decline'] as const).map((a): Entry => ({
    route: `POST /api/v1/orders/{id}/contract/change-orders/{changeOrderId}/${a}`, world: 'contractChangeOrder', mutating: true,
    expect: contractParties(200, 403, 403), body: versioned,
  })),
  {
    route: 'POST /api/v1/orders/{id}/contract/change-orders/{changeOrderId}/withdraw', world: 'contractChangeOrder', mutating: true,
    expect: contractParties(403, 200, 403), body: versioned,
  },
  {
    route: 'POST /api/v1/orders/{id}/contract/termination', world: 'contractActive', mutating: true, expect: contractParties(200, 200, 403),
    body: (ids) => ({ ...versioned(ids), reason: '双方协商' }),
  },
  ...(['accept', 'decline'] as const).map((a): Entry => ({
    route: `POST /api/v1/orders/{id}/contract/termination/${a}`, world: 'contractTermination', mutating: true, expect: contractParties(403, 200, 403),
    body: versioned,
  })),
  {
    route: 'POST /api/v1/orders/{id}/contract/termination/withdraw', world: 'contractTermination', mutating: true, expect: contractParties(200, 403, 403),
    body: versioned,
  },
  {
    route: 'POST /api/v1/orders/{id}/contract/terminate', world: 'contractActive', mutating: true, expect: contractParties(403, 403, 200),
    body: (ids) => ({ ...versioned(ids), reason: '争议调解不成' }),
  },
  // the public-data catalogue: published entries are public, the rest is the secretariat's; interest is verified vendors'
  { route: 'GET /api/v1/catalogue', world: 'none', expect: all(200) },
  { route: 'GET /api/v1/catalogue', variant: 'drafts', world: 'none', query: 'status=draft', expect: { ...all(403), secretariat: 200 } },
  { route: 'POST /api/v1/catalogue', world: 'none', body: () => entryBody(), expect: secretariatOnly(201) },
  { route: 'GET /api/v1/catalogue/next-code', world: 'none', query: 'sector=education', expect: secretariatOnly(200) },
  { route: 'GET /api/v1/catalogue/agencies', world: 'none', expect: all(200) },
  {
    route: 'POST /api/v1/catalogue/agencies', world: 'none', expect: secretariatOnly(201),
    body: () => ({ name: `聊城市测试局${randomUUID().slice(0, 6)}`, kind: 'government' }),
  },
  {
    route: 'PATCH /api/v1/catalogue/agencies/{id}', world: 'agency', mutating: true, body: () => ({ nameEn: 'Test Bureau' }),
    expect: secretariatOnly(BOTH(200)),
  },
  { route: 'GET /api/v1/catalogue/by-code/{code}', variant: 'published', world: 'entry', expect: everyone(BOTH(200)) },
  { route: 'GET /api/v1/catalogue/by-code/{code}', variant: 'draft', world: 'draftEntry', expect: secretariatSees(200) },
  { route: 'GET /api/v1/catalogue/{id}', variant: 'published', world: 'entry', expect: everyone(BOTH(200)) },
  { route: 'GET /api/v1/catalogue/{id}', variant: 'draft', world: 'draftEntry', expect: secretariatSees(200) },
  {
    route: 'PATCH /api/v1/catalogue/{id}', world: 'entry', mutating: true, body: () => ({ title: '改过的目录标题' }),
    expect: secretariatOnly(BOTH(200)),
  },
  { route: 'POST /api/v1/catalogue/{id}/publish', world: 'draftEntry', mutating: true, expect: secretariatOnly(BOTH(200)) },
  { route: 'POST /api/v1/catalogue/{id}/unpublish', world: 'entry', mutating: true, expect: secretariatOnly(BOTH(200)) },
  { route: 'POST /api/v1/catalogue/{id}/archive', world: 'entry', mutating: true, expect: secretariatOnly(BOTH(200)) },
  {
    route: 'POST /api/v1/catalogue/{id}/annotation-status', world: 'entry', mutating: true, body: () => ({ status: 'in_progress' }),
    expect: secretariatOnly(BOTH(200)),
  },
  { route: 'GET /api/v1/catalogue/{id}/orders', variant: 'published', world: 'entry', expect: everyone(BOTH(200)) },
  { route: 'GET /api/v1/catalogue/{id}/orders', variant: 'draft', world: 'draftEntry', expect: secretariatSees(200) },
  {
    route: 'PUT /api/v1/catalogue/{id}/interest', world: 'entry', mutating: true, body: () => ({ note: '有同类经验', headcount: 20 }),
    expect: vendorOnly(BOTH(201), NONE(422)),
  },
  { route: 'DELETE /api/v1/catalogue/{id}/interest', world: 'interestedEntry', mutating: true, expect: vendorOnly(BOTH(204), NONE(404)) },
  { route: 'GET /api/v1/catalogue/{id}/interests', world: 'interestedEntry', expect: secretariatOnly(BOTH(200)) },
  { route: 'GET /api/v1/catalogue/{id}/timeline', world: 'interestedEntry', expect: secretariatOnly(BOTH(200)) },
  { route: 'GET /api/v1/catalogue/interests/mine', world: 'none', expect: vendorOnly(200, 200) },
  // import (the secretariat's) and export (anyone's; contacts only for verified members), the DCAT feed (public)
  { route: 'GET /api/v1/catalogue/imports/template', world: 'none', query: 'format=csv', expect: secretariatOnly(200) },
  { route: 'POST /api/v1/catalogue/imports', world: 'none', multipart: true, file: importCsv, expect: secretariatOnly(201) },
  { route: 'GET /api/v1/catalogue/imports/{id}', world: 'import', expect: secretariatOnly(BOTH(200)) },
  {
    route: 'POST /api/v1/catalogue/imports/{id}/confirm', world: 'import', mutating: true, body: () => ({ mode: 'all' }),
    expect: secretariatOnly(BOTH(200)),
  },
  { route: 'GET /api/v1/catalogue/export', world: 'none', query: 'format=csv', expect: all(200) },
  { route: 'GET /api/v1/catalogue/export', variant: 'drafts', world: 'none', query: 'status=draft', expect: { ...all(403), secretariat: 200 } },
  { route: 'GET /api/v1/catalogue/dcat.jsonld', world: 'none', expect: all(200) },
  // open data (OCDS): public and the same for everyone; an order never published is not there, not even for its buyer
  { route: 'GET /api/v1/ocds/releases', world: 'none', expect: all(200) },
  { route: 'GET /api/v1/ocds/orders/{id}/releases', variant: 'open', world: 'open', expect: everyone(BOTH(200)) },
  { route: 'GET /api/v1/ocds/orders/{id}/releases', variant: 'awarded', world: 'awarded', expect: everyone(BOTH(200)) },
  { route: 'GET /api/v1/ocds/orders/{id}/releases', variant: 'draft', world: 'draft', expect: everyone(NONE(404)) },
  { route: 'GET /api/v1/ocds/orders/{id}/releases', variant: 'in review', world: 'pending', expect: everyone(NONE(404)) },
  { route: 'GET /api/v1/ocds/orders/{id}/releases', variant: 'cancelled in review', world: 'cancelledPending', expect: everyone(NONE(404)) },
  // the Markdown preview of the editors: any signed-in user
  { route: 'POST /api/v1/markdown/preview', world: 'none', body: () => ({ markdown: '**粗体** <script>x</script>' }), expect: signedIn(200) },

  // public search; this app runs without Meilisearch, so everyone hears 503 search_unavailable (answers: search.routes.test.ts)
  { route: 'GET /api/v1/search', world: 'none', query: 'q=x', expect: all(503) },
  { route: 'GET /api/v1/search/orders', world: 'none', expect: all(503) },
  { route: 'GET /api/v1/vendors', world: 'none', expect: all(503) },
  { route: 'GET /api/v1/orders', world: 'none', expect: all(200) },
  { route: 'GET /api/v1/config', world: 'none', expect: all(200) },
  { route: 'GET /api/v1/orders', variant: 'scope=mine', world: 'none', query: 'scope=mine', expect: signedIn(403, { buyerA: 200, buyerB: 200 }) },
  { route: 'POST /api/v1/orders', world: 'none', body: () => orderBody(), expect: signedIn(403, { buyerA: 201, buyerB: 201 }) },
  { route: 'GET /api/v1/orders/{id}', variant: 'draft', world: 'draft', expect: draftOnly(200, 404) },
  { route: 'GET /api/v1/orders/{id}', variant: 'cancelled draft', world: 'cancelledDraft', expect: draftOnly(200, 404) },
  { route: 'GET /api/v1/orders/{id}', variant: 'cancelled after rejection', world: 'cancelledRejected', expect: draftOnly(200, 404) },
  {
    route: 'GET /api/v1/orders/{id}', variant: 'cancelled in review', world: 'cancelledPending',
    expect: { ...draftOnly(200, 404), secretariat: BOTH(200) },
  },
  { route: 'GET /api/v1/orders/{id}', variant: 'open', world: 'open', expect: everyone(BOTH(200)) },
  { route: 'PATCH /api/v1/orders/{id}', variant: 'draft', world: 'draft', body: () => ({ title: '改过的标题' }), mutating: true, expect: draftOnly(200, 401) },
  {
    route: 'PATCH /api/v1/orders/{id}', variant: 'open (amendment)', world: 'open', mutating: true,
    body: () => ({ title: '修订后的标题', amendmentReason: '补充说明' }), expect: buyerActs(200, NONE(403)),
  },
  { route: 'POST /api/v1/orders/{id}/submit', world: 'draft', mutating: true, expect: draftOnly(200, 401) },
  { route: 'POST /api/v1/orders/{id}/cancel', world: 'open', mutating: true, body: () => ({ reason: '需求变更' }), expect: buyerActs(200, BOTH(200)) },
  { route: 'GET /api/v1/orders/{id}/timeline', world: 'open', expect: { ...buyerActs(200, BOTH(200)), vendorA: BOTH(200), vendorB: BOTH(200) } },
  { route: 'POST /api/v1/orders/{id}/attachments', variant: 'draft', world: 'draft', multipart: true, mutating: true, expect: draftOnly(201, 401) },
  {
    route: 'POST /api/v1/orders/{id}/attachments', variant: 'open (an amendment)', world: 'open', multipart: true, mutating: true,
    expect: buyerActs(201, NONE(403)),
  },
  {
    route: 'GET /api/v1/orders/{id}/attachments/{attachmentId}', variant: 'draft', world: 'draftWithFile', expect: draftOnly(200, 401),
  },
  {
    route: 'GET /api/v1/orders/{id}/attachments/{attachmentId}', variant: 'open', world: 'openWithFile', expect: signedIn(BOTH(200)),
  },
  {
    route: 'DELETE /api/v1/orders/{id}/attachments/{attachmentId}', variant: 'draft', world: 'draftWithFile', mutating: true,
    expect: draftOnly(204, 401),
  },
  {
    route: 'DELETE /api/v1/orders/{id}/attachments/{attachmentId}', variant: 'open (an amendment)', world: 'openWithFile', mutating: true,
    expect: buyerActs(204, NONE(403)),
  },
  { route: 'GET /api/v1/orders/{id}/questions', variant: 'open', world: 'open', expect: everyone(BOTH(200)) },
  { route: 'GET /api/v1/orders/{id}/questions', variant: 'draft', world: 'draft', expect: draftOnly(200, 404) },
  {
    route: 'POST /api/v1/orders/{id}/questions', world: 'open', mutating: true, body: () => ({ body: '数据量是否可能调整？' }),
    expect: vendorOnly(BOTH(201), NONE(422)),
  },
  {
    route: 'POST /api/v1/orders/{id}/questions/{qid}/answer', world: 'open', mutating: true, body: () => ({ answer: '不调整' }),
    expect: buyerActs(200, NONE(403)),
  },
  { route: 'POST /api/v1/orders/{id}/bids', world: 'openEmpty', mutating: true, body: () => bidBody(), expect: vendorOnly(BOTH(201), NONE(422)) },
  { route: 'GET /api/v1/orders/{id}/bids', variant: 'sealed, open', world: 'open', expect: buyerActs(403, NONE(403)) },
  { route: 'GET /api/v1/orders/{id}/bids', variant: 'closed', world: 'closed', expect: buyerActs(200, BOTH(200)) },
  { route: 'GET /api/v1/orders/{id}/bids/mine', world: 'open', expect: vendorOnly(BOTH(200), NONE(404)) },
  { route: 'PATCH /api/v1/orders/{id}/bids/mine', world: 'open', mutating: true, body: () => ({ teamSize: 31 }), expect: vendorOnly(BOTH(200), NONE(404)) },
  { route: 'DELETE /api/v1/orders/{id}/bids/mine', world: 'open', mutating: true, expect: vendorOnly(BOTH(200), NONE(404)) },
  { route: 'POST /api/v1/orders/{id}/bids/mine/reconfirm', world: 'amended', mutating: true, expect: vendorOnly(BOTH(200), NONE(404)) },
  {
    route: 'POST /api/v1/orders/{id}/bids/mine/attachments', world: 'open', multipart: true, mutating: true,
    expect: vendorOnly(BOTH(201), NONE(404)),
  },
  {
    route: 'GET /api/v1/orders/{id}/bids/{bidId}/attachments/{attachmentId}', variant: 'sealed, open', world: 'openWithBidFile',
    expect: {
      anonymous: 401, buyerA: VISIBLE_A(403, 404), buyerB: VISIBLE_B(403, 404), vendorA: BOTH(200), vendorB: NONE(404),
      unverified: NONE(404), secretariat: BOTH(403),
    },
  },
  {
    route: 'GET /api/v1/orders/{id}/bids/{bidId}/attachments/{attachmentId}', variant: 'closed', world: 'closedWithBidFile',
    expect: {
      anonymous: 401, buyerA: VISIBLE_A(200, 404), buyerB: VISIBLE_B(200, 404), vendorA: BOTH(200), vendorB: NONE(404),
      unverified: NONE(404), secretariat: BOTH(200),
    },
  },
  {
    route: 'DELETE /api/v1/orders/{id}/bids/mine/attachments/{attachmentId}', world: 'openWithBidFile', mutating: true,
    expect: { ...vendorOnly(NONE(404), NONE(404)), vendorA: BOTH(204) },
  },
  {
    route: 'POST /api/v1/orders/{id}/bids/{bidId}/disqualify', world: 'closed', mutating: true, body: () => ({ reason: '资质材料不实' }),
    expect: buyerActs(200, BOTH(200)),
  },
  { route: 'GET /api/v1/orders/{id}/comparison', world: 'closed', expect: buyerActs(200, BOTH(200)) },
  // reviews of an ended contract: its parties (buyer A or B, vendor A in both) and the secretariat; 404 to everyone else
  { route: 'GET /api/v1/orders/{id}/contract/reviews', world: 'ended', expect: contractParties(200, 200, 200) },
  {
    route: 'POST /api/v1/orders/{id}/contract/reviews', variant: "buyer's ratings", world: 'ended', mutating: true,
    body: () => ({ ratings: { quality: 5, timeliness: 4, communication: 5 }, body: '交付稳定，沟通顺畅' }),
    // the vendor's review rates other dimensions (400); the secretariat knows the contract but does not review (403)
    expect: contractParties(201, 400, 403),
  },
  {
    route: 'POST /api/v1/orders/{id}/contract/reviews', variant: "vendor's ratings", world: 'ended', mutating: true,
    body: () => ({ ratings: { clarity: 4, paymentTimeliness: 3, communication: 5 }, body: '需求清晰，付款略慢' }),
    expect: contractParties(400, 201, 403),
  },
  {
    // vendor A answers the buyer's review; the buyer cannot answer its own, the secretariat does not reply
    route: 'POST /api/v1/orders/{id}/contract/reviews/{side}/reply', world: 'reviewed', mutating: true, body: () => ({ body: '感谢认可' }),
    expect: contractParties(403, 201, 403),
  },
  // track records: a verified vendor's is public, a buyer's for the signed-in (as its payment record); an unverified vendor's
  // only its own and the secretariat's
  { route: 'GET /api/v1/organisations/{id}/track-record', variant: 'vendor', world: 'none', pathId: () => m.parties.vendorA.orgId, expect: all(200) },
  { route: 'GET /api/v1/organisations/{id}/track-record', variant: 'buyer', world: 'none', pathId: () => m.parties.buyerA.orgId, expect: signedIn(200) },
  {
    route: 'GET /api/v1/organisations/{id}/track-record', variant: 'unverified vendor', world: 'none', pathId: () => m.parties.unverified.orgId,
    expect: { ...all(404), unverified: 200, secretariat: 200 },
  },
  { route: 'GET /api/v1/organisations/{id}/track-record', variant: 'missing', world: 'none', expect: all(404) },
  {
    route: 'POST /api/v1/orders/{id}/award', world: 'closed', mutating: true, body: (ids) => ({ bidId: ids.bidId, reason: '综合评分第一' }),
    expect: buyerActs(201, NONE(403)),
  },
  {
    route: 'GET /api/v1/orders/{id}/objections', world: 'awarded',
    expect: { ...buyerActs(200, BOTH(200)), vendorA: BOTH(200), vendorB: BOTH(200), unverified: BOTH(200) },
  },
  {
    route: 'POST /api/v1/orders/{id}/objections', world: 'awarded', mutating: true, body: () => ({ body: '中标价低于成本，请核查评审过程。' }),
    expect: { ...vendorOnly(NONE(403), NONE(403)), vendorB: BOTH(201) },
  },
  { route: 'GET /api/v1/admin/orders', world: 'none', expect: secretariatOnly(200) },
  {
    route: 'POST /api/v1/admin/orders/{id}/review', world: 'pending', mutating: true, body: () => ({ decision: 'approve' }),
    expect: secretariatOnly(BOTH(200)),
  },
  { route: 'GET /api/v1/admin/objections', world: 'none', expect: secretariatOnly(200) },
  {
    route: 'POST /api/v1/admin/objections/{id}/decide', world: 'objected', mutating: true, pathId: (ids) => ids.objectionId!,
    body: () => ({ decision: 'reject', reason: '评审无误' }), expect: secretariatOnly(BOTH(200)),
  },
  // curation: the secretariat's; its public effects (featured listings, the sitemap) are everyone's
  { route: 'GET /api/v1/admin/curation', world: 'none', expect: secretariatOnly(200) },
  {
    route: 'POST /api/v1/admin/curation', world: 'open', mutating: true,
    body: (ids) => ({ kind: 'order', listingId: ids.id, action: 'hide', reason: '核查中' }), expect: secretariatOnly(BOTH(200)),
  },
  { route: 'GET /api/v1/admin/curation/{kind}/{id}', world: 'open', expect: secretariatOnly(BOTH(200)) },
  // the desk and the full audit log: the secretariat's
  { route: 'GET /api/v1/admin/desk', world: 'none', expect: secretariatOnly(200) },
  {
    route: 'PUT /api/v1/admin/desk/service-levels', world: 'none', mutating: true, body: () => ({ targets: { order_review: 24 } }),
    expect: secretariatOnly(200),
  },
  { route: 'GET /api/v1/admin/audit', world: 'none', expect: secretariatOnly(200) },
  { route: 'GET /api/v1/admin/audit/export', world: 'none', query: 'action=curation.*', expect: secretariatOnly(200) },
  // the KPI dashboard: the secretariat's; its public summary (aggregates only) is everyone's
  { route: 'GET /api/v1/admin/kpi', world: 'none', expect: secretariatOnly(200) },
  { route: 'GET /api/v1/admin/kpi/{kpi}/rows', world: 'none', query: 'quarter=2025Q1', expect: secretariatOnly(200) },
  { route: 'GET /api/v1/admin/kpi/export', world: 'none', query: 'format=csv', expect: secretariatOnly(200) },
  { route: 'GET /api/v1/public/kpi-summary', world: 'none', expect: all(200) },
  { route: 'GET /api/v1/admin/mail', world: 'none', expect: secretariatOnly(200) },
  { route: 'GET /api/v1/admin/mail/{id}', world: 'none', pathId: () => '987654321', expect: secretariatOnly(404) },
  { route: 'GET /api/v1/me/email', world: 'none', expect: signedIn(200) },
  { route: 'PUT /api/v1/me/email', world: 'none', body: () => ({ modes: { order_match: 'digest' } }), expect: signedIn(200) },
  // the unsubscribe links work signed out: the token alone decides (a made-up one is no link of ours)
  { route: 'POST /api/v1/email/unsubscribe', world: 'none', body: () => ({ token: `${randomUUID()}.deadline_soon.${'a'.repeat(32)}` }), expect: all(404) },
  { route: 'POST /api/v1/email/one-click-unsubscribe', world: 'none', query: `t=${randomUUID()}.deadline_soon.${'a'.repeat(32)}`, expect: all(404) },
  {
    route: 'POST /api/v1/email/resubscribe', world: 'none', body: () => ({ token: `${randomUUID()}.deadline_soon.${'a'.repeat(32)}`, mode: 'immediate' }),
    expect: all(404),
  },
  { route: 'GET /api/v1/featured', world: 'none', expect: all(200) },
  { route: 'GET /api/v1/sitemap', world: 'none', expect: all(200) },
  { route: 'GET /api/v1/notifications', world: 'none', expect: signedIn(200) },
  { route: 'POST /api/v1/notifications/read', world: 'none', body: () => ({ all: true }), expect: signedIn(200) },
  { route: 'GET /api/v1/me/bids', world: 'none', expect: vendorOnly(200, 200) },
  { route: 'GET /api/v1/contracts', world: 'contract', expect: signedIn(200) },
  { route: 'GET /api/v1/orders/{id}/matches', variant: 'open', world: 'open', expect: buyerActs(200, BOTH(200)) },
  { route: 'GET /api/v1/orders/{id}/matches', variant: 'draft', world: 'draft', expect: draftOnly(200, 401) },
  { route: 'GET /api/v1/me/recommended-orders', world: 'none', expect: vendorOnly(200, 200) },
  { route: 'GET /api/v1/me/saved-searches', world: 'none', expect: signedIn(200) },
  {
    route: 'POST /api/v1/me/saved-searches', world: 'none', mutating: true,
    body: () => ({ name: `搜索 ${randomUUID().slice(0, 8)}`, criteria: { modality: ['image'] } }), expect: vendorOnly(201, 201),
  },
  {
    route: 'PATCH /api/v1/me/saved-searches/{id}', world: 'savedSearch', mutating: true, body: () => ({ notify: false }),
    expect: { ...everyone(NONE(404)), anonymous: 401, vendorA: OWN_A(200), vendorB: OWN_B(200) },
  },
  {
    route: 'DELETE /api/v1/me/saved-searches/{id}', world: 'savedSearch', mutating: true,
    expect: { ...everyone(NONE(404)), anonymous: 401, vendorA: OWN_A(204), vendorB: OWN_B(204) },
  },
  // policy services (政策代办); search answers 503 in this app without Meilisearch
  { route: 'GET /api/v1/policy/services', world: 'none', expect: all(200) },
  { route: 'GET /api/v1/policy/services', variant: 'drafts', world: 'none', query: 'status=draft', expect: { ...secretariatOnly(200), anonymous: 403 } },
  { route: 'GET /api/v1/policy/search', world: 'none', expect: all(503) },
  {
    route: 'POST /api/v1/policy/services', world: 'none', mutating: true,
    body: () => ({ code: `svc-${randomUUID().slice(0, 8)}`, ...sampleServiceFields() }), expect: secretariatOnly(201),
  },
  { route: 'GET /api/v1/policy/services/{id}', variant: 'published', world: 'policyService', expect: everyone(BOTH(200)) },
  { route: 'GET /api/v1/policy/services/{id}', variant: 'draft', world: 'policyServiceDraft', expect: { ...everyone(404), secretariat: BOTH(200) } },
  {
    route: 'PATCH /api/v1/policy/services/{id}', world: 'policyService', mutating: true, body: () => ({ timeLimitDays: 12 }),
    expect: secretariatOnly(BOTH(200)),
  },
  { route: 'POST /api/v1/policy/services/{id}/publish', world: 'policyServiceDraft', mutating: true, expect: secretariatOnly(BOTH(200)) },
  { route: 'POST /api/v1/policy/services/{id}/archive', world: 'policyService', mutating: true, expect: secretariatOnly(BOTH(200)) },
  { route: 'GET /api/v1/policy/services/{id}/versions', world: 'policyService', expect: everyone(BOTH(200)) },
  {
    route: 'POST /api/v1/policy/services/{id}/templates', world: 'policyService', multipart: true, mutating: true,
    expect: secretariatOnly(BOTH(201)),
  },
  { route: 'GET /api/v1/policy/services/{id}/templates/{fileId}', world: 'policyServiceWithTemplate', expect: everyone(BOTH(200)) },
  { route: 'GET /api/v1/policy/eligibility', world: 'none', expect: firmsOnly(200) },
  {
    route: 'POST /api/v1/policy/cases', world: 'policyService', mutating: true, body: (ids) => ({ serviceId: ids.id, note: '请协助办理' }),
    expect: { ...firmsOnly(BOTH(201)) },
  },
  { route: 'GET /api/v1/policy/cases', world: 'none', expect: firmsOnly(200) },
  { route: 'GET /api/v1/policy/cases/{id}', world: 'policyCase', expect: caseParties(200, BOTH(200)) },
  {
    route: 'POST /api/v1/policy/cases/{id}/transition', variant: 'accept', world: 'policyCase', mutating: true, body: () => ({ action: 'accept' }),
    expect: secretariatOnCase(200),
  },
  {
    route: 'POST /api/v1/policy/cases/{id}/transition', variant: 'withdraw', world: 'policyCase', mutating: true, body: () => ({ action: 'withdraw' }),
    expect: caseParties(200, BOTH(403)),
  },
  { route: 'GET /api/v1/policy/queue', world: 'none', expect: secretariatOnly(200) },
  {
    route: 'POST /api/v1/policy/cases/{id}/materials/{materialId}/files', world: 'policyCase', multipart: true, mutating: true,
    expect: caseParties(201, BOTH(403)),
  },
  { route: 'GET /api/v1/policy/cases/{id}/files/{fileId}', world: 'policyCaseWithFile', expect: caseParties(200, BOTH(200)) },
  {
    route: 'POST /api/v1/policy/cases/{id}/materials/{materialId}/review', world: 'policyCaseReviewable', mutating: true,
    body: () => ({ decision: 'needs_correction', reason: '请加盖公章' }), expect: secretariatOnCase(200),
  },
  { route: 'GET /api/v1/policy/cases/{id}/messages', world: 'policyCase', expect: caseParties(200, BOTH(200)) },
  {
    route: 'POST /api/v1/policy/cases/{id}/messages', world: 'policyCase', mutating: true, body: () => ({ body: '请问还需要补充什么材料？' }),
    expect: caseParties(201, BOTH(201)),
  },
  // the alliance's announcements and events: written by the secretariat, read by their audience (here: everyone)
  { route: 'GET /api/v1/announcements', world: 'none', expect: all(200) },
  { route: 'POST /api/v1/announcements', world: 'none', mutating: true, body: () => ({ title: '通知', body: '', audience: 'everyone' }), expect: secretariatOnly(201) },
  { route: 'GET /api/v1/announcements/{id}', world: 'announcement', expect: everyone(BOTH(200)) },
  { route: 'PATCH /api/v1/announcements/{id}', world: 'announcement', mutating: true, body: () => ({ title: '更正' }), expect: secretariatOnly(BOTH(200)) },
  { route: 'POST /api/v1/announcements/{id}/publish', world: 'announcementDraft', mutating: true, body: () => ({}), expect: secretariatOnly(BOTH(200)) },
  { route: 'POST /api/v1/announcements/{id}/unpublish', world: 'announcement', mutating: true, expect: secretariatOnly(BOTH(200)) },
  { route: 'GET /api/v1/events', world: 'none', expect: all(200) },
  { route: 'POST /api/v1/events', world: 'none', mutating: true, body: () => eventBody(), expect: secretariatOnly(201) },
  { route: 'GET /api/v1/events/{id}', world: 'event', expect: everyone(BOTH(200)) },
  { route: 'PATCH /api/v1/events/{id}', world: 'event', mutating: true, body: () => ({ title: '更名' }), expect: secretariatOnly(BOTH(200)) },
  { route: 'POST /api/v1/events/{id}/publish', world: 'eventDraft', mutating: true, expect: secretariatOnly(BOTH(200)) },
  { route: 'POST /api/v1/events/{id}/cancel', world: 'event', mutating: true, body: () => ({ reason: '场地调整' }), expect: secretariatOnly(BOTH(200)) },
  // one seat per user of an organisation; the secretariat runs events and does not register
  { route: 'POST /api/v1/events/{id}/registration', world: 'event', mutating: true, expect: signedIn(BOTH(200), { secretariat: NONE(403) }) },
  { route: 'DELETE /api/v1/events/{id}/registration', world: 'eventRegistered', mutating: true, expect: signedIn(BOTH(200), { secretariat: NONE(409) }) },
  { route: 'GET /api/v1/events/{id}/registrations', world: 'event', expect: secretariatOnly(BOTH(200)) },
  { route: 'GET /api/v1/events/{id}/registrations/export', world: 'event', expect: secretariatOnly(BOTH(200)) },
  {
    route: 'POST /api/v1/events/{id}/registrations/{registrationId}/attendance', world: 'eventStarted', mutating: true, body: () => ({ attended: true }),
    expect: secretariatOnly(BOTH(200)),
  },
  { route: 'GET /api/v1/policy/calendar', world: 'none', expect: all(200) },
  {
    route: 'PUT /api/v1/policy/calendar/days/{date}', world: 'none', mutating: true, body: () => ({ kind: 'holiday', name: '国庆节' }),
    expect: secretariatOnly(200),
  },
  {
    route: 'POST /api/v1/policy/calendar/years/{year}/confirm', world: 'none', mutating: true, body: () => ({ confirmed: true }),
    expect: secretariatOnly(200),
  },
  { route: 'GET /api/v1/organisations/mine/facts', world: 'none', expect: firmsOnly(200) },
  // delivery and payment of a contract's milestones: the two parties and the secretariat; each step its own actor
  { route: 'GET /api/v1/orders/{id}/contract/implementation', world: 'milestone', expect: contractParties(200, 200, 200) },
  { route: `GET ${M}/implementation`, world: 'milestone', expect: contractParties(200, 200, 200) },
  { route: `POST ${M}/files`, world: 'milestone', multipart: true, mutating: true, expect: contractParties(403, 201, 403) },
  { route: `GET ${M}/files/{fileId}`, world: 'delivered', expect: contractParties(200, 200, 200) },
  { route: `POST ${M}/deliveries`, world: 'milestone', mutating: true, body: () => linkManifest(), expect: contractParties(403, 201, 403) },
  { route: `POST ${M}/deliveries/{did}/inspection`, world: 'delivered', mutating: true, expect: contractParties(201, 403, 403) },
  {
    route: `PUT ${M}/deliveries/{did}/inspection/errors`, world: 'inspecting', mutating: true, body: () => ({ errors: [] }),
    expect: contractParties(200, 403, 403),
  },
  {
    route: `POST ${M}/deliveries/{did}/decision`, world: 'delivered', mutating: true, body: () => ({ decision: 'accept' }),
    expect: contractParties(200, 403, 403),
  },
  {
    route: `POST ${M}/deliveries/{did}/dispute`, world: 'rejected', mutating: true, body: () => ({ reason: '抽样条目符合规范' }),
    expect: contractParties(403, 201, 403),
  },
  {
    route: `POST ${M}/deliveries/{did}/dispute/decision`, world: 'disputedBatch', mutating: true,
    body: () => ({ decision: 'uphold', reason: '错误属实' }), expect: contractParties(403, 403, 200),
  },
  {
    route: `POST ${M}/payment/invoice`, world: 'accepted', mutating: true, body: () => ({ invoiceNumber: 'No.1', invoiceDate: today() }),
    expect: contractParties(403, 200, 403),
  },
  { route: `POST ${M}/payment/pay`, world: 'invoiced', mutating: true, body: () => ({ paidOn: today() }), expect: contractParties(200, 403, 403) },
  { route: `POST ${M}/payment/confirm`, world: 'paid', mutating: true, body: () => ({}), expect: contractParties(403, 200, 403) },
  {
    route: `POST ${M}/payment/dispute`, world: 'accepted', mutating: true, body: () => ({ reason: '对账期有异议' }),
    expect: contractParties(201, 201, 403),
  },
  {
    route: `POST ${M}/payment/dispute/decision`, world: 'paymentDisputed', mutating: true,
    body: () => ({ decision: 'dismissed', reason: '款项已到账' }), expect: contractParties(403, 403, 200),
  },
  { route: 'GET /api/v1/admin/implementation-disputes', world: 'none', expect: secretariatOnly(200) },
  { route: 'GET /api/v1/organisations/{id}/payment-record', world: 'buyerOrg', expect: signedIn(BOTH(200)) },
  { route: 'PUT /api/v1/organisations/mine/facts', world: 'none', mutating: true, body: () => FACTS, expect: firmsOnly(200) },
  // the alliance: an organisation's owner applies (the secretariat does not join), the secretariat decides, the public
  // reads the member directory and the industrial bases
  { route: 'GET /api/v1/organisations/mine/membership', world: 'none', expect: signedIn(200) },
  {
    route: 'POST /api/v1/organisations/mine/membership', world: 'none', mutating: true, body: () => ({ tier: 'member', statement: '申请入会' }),
    expect: firmsOnly(201),
  },
  { route: 'GET /api/v1/admin/memberships', world: 'none', expect: secretariatOnly(200) },
  {
    route: 'POST /api/v1/admin/memberships/{orgId}/decision', world: 'membershipApplied', mutating: true,
    body: () => ({ decision: 'approve', tier: 'member' }), expect: secretariatOnly(BOTH(200)),
  },
  { route: 'GET /api/v1/members', world: 'none', expect: all(200) },
  { route: 'GET /api/v1/industrial-bases', world: 'none', expect: all(200) },
  { route: 'GET /api/v1/industrial-bases/{id}', world: 'industrialBase', expect: everyone(BOTH(200)) },
  { route: 'POST /api/v1/industrial-bases', world: 'none', body: () => BASE, expect: secretariatOnly(201) },
  { route: 'PUT /api/v1/industrial-bases/{id}', world: 'industrialBase', mutating: true, body: () => BASE, expect: secretariatOnly(BOTH(200)) },
  // quarterly member statistics: the targets and the marketplace's figures are public; periods are the secretariat's;
  // a report is its member's and the secretariat's only (404 to everyone else)
  { route: 'GET /api/v1/statistics/targets', world: 'none', expect: all(200) },
  { route: 'GET /api/v1/statistics/marketplace', world: 'none', expect: all(200) },
  { route: 'POST /api/v1/statistics/periods', world: 'none', body: () => ({ quarter: nextPastQuarter(), dueOn: inDays(30) }), expect: secretariatOnly(201) },
  { route: 'GET /api/v1/statistics/periods', world: 'none', expect: secretariatOnly(200) },
  { route: 'GET /api/v1/statistics/periods/{id}', world: 'statPeriod', expect: secretariatOnly(BOTH(200)) },
  { route: 'POST /api/v1/statistics/periods/{id}/close', world: 'statPeriod', mutating: true, expect: secretariatOnly(BOTH(200)) },
  {
    route: 'POST /api/v1/statistics/periods/{id}/reopen', world: 'statPeriodClosed', mutating: true, body: () => ({ reason: '补报' }),
    expect: secretariatOnly(BOTH(200)),
  },
  { route: 'GET /api/v1/statistics/mine', world: 'none', expect: signedIn(200, { secretariat: 403 }) },
  { route: 'GET /api/v1/statistics/periods/{id}/report', world: 'statPeriod', expect: statFilers(200) },
  { route: 'POST /api/v1/statistics/periods/{id}/report', world: 'statPeriod', mutating: true, body: () => STAT_FIGURES, expect: statFilers(201) },
  {
    route: 'GET /api/v1/statistics/periods/{id}/reports/{orgId}', world: 'statReport',
    expect: { ...everyone(404), anonymous: 401, vendorA: OWN_A(200), vendorB: OWN_B(200), secretariat: BOTH(200) },
  },
];

let m: Market;
const worlds = new Map<string, { own: Ids; other: Ids }>();
beforeAll(async () => {
  m = await setupMarket();
  const agency = (await agencies.list(m.db.sql))[0]!;
  agencyId = agency.id;
  agencyName = agency.name;
}, 120_000);
afterAll(() => m?.close());

async function seedService(status: 'draft' | 'published'): Promise<string> {
  const s = await policyServices.create(m.db.sql, {
    code: `svc-${randomUUID().slice(0, 8)}`, fields: sampleServiceFields(), effectiveFrom: '2026-01-01', createdBy: null,
  });
  if (status === 'published') await policyServices.setStatus(m.db.sql, s.id, ['draft'], 'published');
  return s.id;
}

const eventBody = () => ({
  title: '数据标注交流研讨会', description: '', startsAt: new Date(Date.now() + 48 * 3_600_000).toISOString(),
  endsAt: new Date(Date.now() + 50 * 3_600_000).toISOString(), placeKind: 'onsite', place: '聊城市东昌府区', capacity: 10,
  registrationDeadline: new Date(Date.now() + 24 * 3_600_000).toISOString(), audience: 'everyone',
});

/** An event for everyone at the stage `world` names (registered: every organisation's party holds a seat). */
async function seedEvent(world: World): Promise<Ids> {
  const b = eventBody();
  const e = await allianceEvents.create(m.db.sql, {
    ...b, placeKind: 'onsite', audience: 'everyone', startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt), registrationDeadline: new Date(b.registrationDeadline),
  }, null);
  if (world === 'eventDraft') return { id: e.id };
  await allianceEvents.publish(m.db.sql, e.id);
  if (world === 'event') return { id: e.id };
  const holders = world === 'eventRegistered' ? (['buyerA', 'buyerB', 'vendorA', 'vendorB', 'unverified'] as const) : (['buyerA'] as const);
  let registrationId: string | undefined;
  for (const role of holders) {
    const r = await call(m.app, 'POST', `/api/v1/events/${e.id}/registration`, { cookie: m.cookieOf(role) });
    if (r.status !== 200) throw new Error(`register: ${r.status} ${r.text}`);
    registrationId ??= r.json.mine.id;
  }
  if (world === 'eventStarted') {
    await m.db.sql`update alliance_events set registration_deadline = now() - interval '2 hours', starts_at = now() - interval '1 hour' where id = ${e.id}`;
  }
  return { id: e.id, registrationId };
}

/** A submitted case of the buyer for a fresh published service, perhaps accepted with m1 handed in (and its file). */
async function seedCase(buyer: Party, opts: { accepted?: boolean; file?: boolean } = {}): Promise<Ids> {
  const serviceId = await seedService('published');
  const c = await policyCases.open(m.db.sql, {
    serviceId, serviceVersion: 1, orgId: buyer.orgId, openedBy: buyer.userId, note: '',
    materials: sampleServiceFields().materials.map((x) => ({ materialId: x.id, name: x.name, required: x.required })),
  });
  if (opts.accepted) await policyCases.transition(m.db.sql, c.id, ['submitted'], 'accepted', { stamp: 'acceptedAt' });
  if (!opts.file) return { id: c.id };
  const storageKey = randomUUID();
  await m.storage.put(storageKey, PDF_BYTES);
  const f = await policyCases.addFile(m.db.sql, {
    caseId: c.id, materialId: 'm1', fileName: '营业执照.pdf', contentType: 'application/pdf', sizeBytes: PDF_BYTES.byteLength,
    sha256: 'a'.repeat(64), storageKey, uploadedBy: buyer.userId,
  });
  await policyCases.setMaterialStatus(m.db.sql, c.id, 'm1', ['missing'], 'submitted', null);
  return { id: c.id, attachmentId: f.id };
}

/** A contract of the buyer's in force, its first milestone brought to `world` through the API. */
async function contractIn(world: World, buyer: Party): Promise<Ids> {
  const c = await seedActiveContract(m, buyer);
  const mid = c.milestones[0]!.id;
  const p = milestonePath(c.orderId, mid);
  const ids: Ids = { id: c.orderId, mid };
  if (world === 'milestone') return ids;
  const step = async (who: Party, path: string, body?: unknown) => {
    const r = await as(m.app, who).post(`${p}${path}`, body);
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${r.text}`);
    return r.json;
  };
  const { vendorA } = m.parties;
  const file = await upload(m.app, `${p}/files`, vendorA.cookie, { name: '质检报告.pdf', bytes: PDF_BYTES, type: 'application/pdf' });
  const delivered = await step(vendorA, '/deliveries', linkManifest(1000, { fileIds: [file.json.id] }));
  ids.did = delivered.deliveries[0].id;
  ids.attachmentId = file.json.id;
  if (world === 'delivered') return ids;
  if (['inspecting', 'rejected', 'disputedBatch'].includes(world)) {
    await step(buyer, `/deliveries/${ids.did}/inspection`);
    if (world === 'inspecting') return ids;
    await step(buyer, `/deliveries/${ids.did}/decision`, { decision: 'reject', reasons: '错误率过高' });
    if (world === 'rejected') return ids;
    await step(vendorA, `/deliveries/${ids.did}/dispute`, { reason: '抽样条目符合规范' });
    return ids;
  }
  await step(buyer, `/deliveries/${ids.did}/decision`, { decision: 'accept' });
  if (world === 'accepted') return ids;
  if (world === 'paymentDisputed') {
    await step(vendorA, '/payment/dispute', { reason: '逾期未付' });
    return ids;
  }
  await step(vendorA, '/payment/invoice', { invoiceNumber: 'No.1', invoiceDate: today() });
  if (world === 'invoiced') return ids;
  await step(buyer, '/payment/pay', { paidOn: today() });
  return ids;
}

async function orderIn(world: World, buyer: Party): Promise<Ids> {
  const { vendorA, vendorB } = m.parties;
  switch (world) {
    case 'milestone':
    case 'delivered':
    case 'inspecting':
    case 'rejected':
    case 'disputedBatch':
    case 'accepted':
    case 'invoiced':
    case 'paid':
    case 'paymentDisputed':
      return await contractIn(world, buyer);
    case 'buyerOrg':
      return { id: buyer.orgId };
    case 'apiToken': {
      const r = await call(m.app, 'POST', '/api/v1/organisations/mine/tokens', {
        cookie: buyer.cookie, body: { name: '矩阵令牌', scopes: ['orders:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      });
      if (r.status !== 201) throw new Error(`token: ${r.status} ${r.text}`);
      return { id: r.json.token.id };
    }
    case 'webhook': {
      // the subscriptions earlier worlds made (at most 10 an organisation)
      await m.db.sql`delete from webhook_subscriptions where org_id = ${buyer.orgId}`;
      const r = await call(m.app, 'POST', '/api/v1/webhooks', {
        cookie: buyer.cookie, body: { url: 'http://127.0.0.1:9/annex', eventTypes: ['order.approved'] },
      });
      if (r.status !== 201) throw new Error(`webhook: ${r.status} ${r.text}`);
      await notifications.insertMany(m.db.sql, [{ recipient: { orgId: buyer.orgId }, kind: 'order_approved', payload: { orderTitle: '矩阵' } }]);
      const [d] = await m.db.sql<{ id: string }[]>`select id::text from webhook_deliveries where subscription_id = ${r.json.subscription.id}`;
      return { id: r.json.subscription.id, did: d!.id };
    }
    case 'industrialBase':
      return { id: (await industrialBases.create(m.db.sql, { ...BASE, address: '', operatorOrgId: null, benchmarkStatus: 'candidate', benchmarkSince: null })).id };
    case 'membershipApplied': {
      const { org, owner } = await createOrgWithOwner(m.db.sql, 'training_institution');
      await allianceMemberships.apply(m.db.sql, { orgId: org.id, tier: 'member', statement: '', appliedBy: owner.id });
      return { id: org.id };
    }
    case 'policyService':
    case 'policyServiceDraft':
      return { id: await seedService(world === 'policyService' ? 'published' : 'draft') };
    case 'policyServiceWithTemplate': {
      const id = await seedService('published');
      const storageKey = randomUUID();
      await m.storage.put(storageKey, PDF_BYTES);
      const t = await policyServices.addTemplate(m.db.sql, {
        serviceId: id, fileName: '申请表.pdf', contentType: 'application/pdf', sizeBytes: PDF_BYTES.byteLength, sha256: 'b'.repeat(64),
        storageKey, uploadedBy: null,
      });
      return { id, attachmentId: t.id };
    }
    case 'announcement':
    case 'announcementDraft': {
      const a = await announcements.create(m.db.sql, { title: '关于联盟年会的通知', body: '', pinned: false, audience: 'everyone' }, null);
      if (world === 'announcement') await announcements.publish(m.db.sql, a.id, new Date(), null);
      return { id: a.id };
    }
    case 'event':
    case 'eventDraft':
    case 'eventRegistered':
    case 'eventStarted':
      return await seedEvent(world);
    case 'policyCase':
      return await seedCase(buyer);
    case 'policyCaseWithFile':
      return await seedCase(buyer, { file: true });
    case 'policyCaseReviewable':
      return await seedCase(buyer, { accepted: true, file: true });
    case 'none':
      return { id: randomUUID() };
    case 'statPeriod':
    case 'statPeriodClosed':
    case 'statReport': {
      const p = await openStatisticsPeriod(m.db.sql, [vendorA.orgId, vendorB.orgId]);
      if (world === 'statPeriodClosed') await m.db.sql`update statistics_periods set status = 'closed', closed_at = now() where id = ${p.id}`;
      if (world !== 'statReport') return { id: p.id };
      const filer = buyer === m.parties.buyerA ? vendorA : vendorB;
      const r = await as(m.app, filer).post(`/api/v1/statistics/periods/${p.id}/report`, STAT_FIGURES);
      if (r.status !== 201) throw new Error(`statistics report: ${r.status} ${r.text}`);
      return { id: p.id, orgId: filer.orgId };
    }
    case 'entry':
    case 'draftEntry':
    case 'interestedEntry': {
      const e = await createCatalogueEntry(m.db.sql, { status: world === 'draftEntry' ? 'draft' : 'published' });
      if (world === 'interestedEntry') {
        for (const v of [vendorA, vendorB]) {
          await catalogueInterests.put(m.db.sql, e.id, v.orgId, { note: '', headcount: 10, dailyItems: null }, { userId: v.userId, orgId: v.orgId });
        }
      }
      return { id: e.id, code: e.code };
    }
    case 'agency': {
      const a = await agencies.create(m.db.sql, { name: `聊城市世界局${randomUUID().slice(0, 8)}`, shortName: null, nameEn: null, kind: 'government', county: null }, { userId: null, orgId: null });
      return { id: a.id };
    }
    case 'import': {
      const r = await upload(m.app, '/api/v1/catalogue/imports', m.cookieOf('secretariat'), importCsv());
      if (r.status !== 201) throw new Error(`import: ${r.status} ${r.text}`);
      return { id: r.json.id };
    }
    case 'savedSearch': {
      const vendor = buyer === m.parties.buyerA ? vendorA : vendorB;
      const r = await savedSearches.create(m.db.sql, {
        userId: vendor.userId, orgId: vendor.orgId, name: `世界 ${randomUUID().slice(0, 8)}`, criteria: {}, notify: true,
      });
      if (!r.ok) throw new Error(`saved search: ${r.reason}`);
      return { id: r.row.id };
    }
    case 'draft':
      return { id: (await seedDraft(m, buyer)).id };
    case 'pending':
      return { id: (await seedDraft(m, buyer, 'pending_review')).id };
    case 'cancelledDraft':
    case 'cancelledRejected':
    case 'cancelledPending': {
      const o = await seedDraft(m, buyer);
      if (world !== 'cancelledDraft') await orders.submit(m.db.sql, o.id);
      if (world === 'cancelledRejected') await orders.reject(m.db.sql, o.id, '预算说明不清');
      await orders.cancel(m.db.sql, o.id, '需求取消');
      return { id: o.id };
    }
    case 'draftWithFile': {
      const o = await seedDraft(m, buyer);
      return { id: o.id, attachmentId: (await seedAttachment(m, o.id)).id };
    }
    case 'openWithFile': {
      const o = await seedDraft(m, buyer);
      const a = await seedAttachment(m, o.id);
      await orders.submit(m.db.sql, o.id);
      await orders.approve(m.db.sql, o.id, { awardWindowSeconds: 86_400 });
      return { id: o.id, attachmentId: a.id };
    }
    case 'openEmpty':
      return { id: (await seedOpenOrder(m, buyer)).id };
    case 'open':
    case 'amended': {
      const o = await seedOpenOrder(m, buyer);
      const bidA = await seedBid(m, o.id, vendorA);
      await seedBid(m, o.id, vendorB);
      const q = await seedQuestion(m, o.id, vendorA);
      if (world === 'amended') await bids.markNeedsReconfirm(m.db.sql, o.id);
      return { id: o.id, qid: q.id, bidId: bidA.id };
    }
    case 'closed': {
      const c = await seedClosedOrder(m, buyer);
      return { id: c.order.id, bidId: c.bidA.id };
    }
    case 'openWithBidFile':
    case 'closedWithBidFile': {
      const o = await seedOpenOrder(m, buyer);
      const bidA = await seedBid(m, o.id, vendorA);
      await seedBid(m, o.id, vendorB);
      const file = await seedBidAttachment(m, o.id, vendorA);
      if (world === 'closedWithBidFile') await closeBidding(m, o.id);
      return { id: o.id, bidId: bidA.id, attachmentId: file.id };
    }
    case 'ended':
    case 'reviewed': {
      const a = await seedAwardedOrder(m, buyer);
      await endContract(m.db.sql, a.order.id, 'completed');
      if (world === 'reviewed') {
        const rb = await as(m.app, buyer).post(`/api/v1/orders/${a.order.id}/contract/reviews`, {
          ratings: { quality: 5, timeliness: 4, communication: 5 }, body: '交付稳定',
        });
        const rv = await as(m.app, vendorA).post(`/api/v1/orders/${a.order.id}/contract/reviews`, {
          ratings: { clarity: 4, paymentTimeliness: 3, communication: 5 }, body: '需求清晰',
        });
        if (rb.status !== 201 || rv.status !== 201) throw new Error(`reviews: ${rb.status} ${rb.text} ${rv.status} ${rv.text}`);
      }
      return { id: a.order.id };
    }
    case 'contract':
    case 'contractProposed':
    case 'contractActive':
    case 'contractChangeOrder':
    case 'contractTermination':
      return await contractStageIn(world, buyer);
    case 'awarded':
    case 'objected': {
      const a = await seedAwardedOrder(m, buyer);
      const ids: Ids = { id: a.order.id, bidId: a.bidA.id };
      if (world === 'objected') {
        const r = await as(m.app, vendorB).post(`/api/v1/orders/${a.order.id}/objections`, { body: '评审过程存在问题，请复核。' });
        if (r.status !== 201) throw new Error(`objection: ${r.status} ${r.text}`);
        ids.objectionId = r.json.id;
      }
      return ids;
    }
  }
}

/** An order in progress whose contract is at the stage `world` names, with what a request needs to act on it. */
async function contractStageIn(world: World, buyer: Party): Promise<Ids> {
  const a = await seedInProgressOrder(m, buyer);
  const id = a.order.id;
  const step = async (p: Party, rest: string, body: unknown) => {
    const r = await call(m.app, 'POST', `/api/v1/orders/${id}/contract${rest}`, { cookie: p.cookie, body });
    if (r.status !== 200) throw new Error(`contract${rest}: ${r.status} ${r.text}`);
    return r.json;
  };
  let c = (await call(m.app, 'GET', `/api/v1/orders/${id}/contract`, { cookie: buyer.cookie })).json;
  const plan = suggestMilestones({
    priceFen: c.terms.priceFen, quantity: c.terms.volume.quantity, count: 2, from: new Date(), deliveryDeadline: new Date(c.terms.deliveryDeadline), title: (n) => `第 ${n} 批`,
  });
  if (world !== 'contract') {
    c = await step(buyer, '/terms', { version: c.version, paymentTermsDays: 30, milestones: plan });
    if (world !== 'contractProposed') c = await step(m.parties.vendorA, '/accept', { version: c.version, ...c.pendingProposal });
    if (world === 'contractChangeOrder') {
      c = await step(m.parties.vendorA, '/change-orders', { version: c.version, changes: { deliveryDeadline: new Date(Date.now() + 90 * 86_400_000).toISOString() }, reason: '延期' });
    }
    if (world === 'contractTermination') c = await step(buyer, '/termination', { version: c.version, reason: '预算取消' });
  }
  return { id, version: c.version, pending: c.pendingProposal ?? undefined, changeOrderId: c.changeOrders.at(-1)?.id, plan };
}

async function worldOf(e: Entry, fresh: boolean) {
  const key = `${e.route} ${e.variant ?? ''}`;
  if (!fresh && worlds.has(key)) return worlds.get(key)!;
  const w = { own: await orderIn(e.world, m.parties.buyerA), other: await orderIn(e.world, m.parties.buyerB) };
  if (!fresh) worlds.set(key, w);
  return w;
}

const missingIds = (): Ids => ({
  id: randomUUID(), attachmentId: randomUUID(), qid: randomUUID(), bidId: randomUUID(), objectionId: randomUUID(), code: randomCatalogueCode(),
});

function pathFor(e: Entry, ids: Ids): string {
  const [, template] = e.route.split(' ') as [string, string];
  const path = template
    .replace('{id}', e.pathId ? e.pathId(ids) : ids.id)
    .replace('{attachmentId}', ids.attachmentId ?? randomUUID())
    .replace('{qid}', ids.qid ?? randomUUID())
    .replace('{bidId}', ids.bidId ?? randomUUID())
    .replace('{changeOrderId}', ids.changeOrderId ?? randomUUID())
    .replace('{code}', ids.code ?? randomCatalogueCode())
    .replace('{materialId}', 'm1')
    .replace('{fileId}', ids.attachmentId ?? randomUUID())
    .replace('{orgId}', ids.orgId ?? ids.id)
    .replace('{mid}', ids.mid ?? randomUUID())
    .replace('{registrationId}', ids.registrationId ?? randomUUID())
    .replace('{did}', ids.did ?? randomUUID())
    .replace('{deliveryId}', ids.did ?? '999999999')
    .replace('{date}', '2031-10-01')
    .replace('{year}', '2031')
    .replace('{side}', 'buyer')
    .replace('{kind}', 'order')
    .replace('{kpi}', 'awarded_value');
  return e.query ? `${path}?${e.query}` : path;
}

async function request(e: Entry, role: Role, ids: Ids) {
  const method = e.route.split(' ')[0]!;
  const cookie = m.cookieOf(role);
  const path = pathFor(e, ids);
  if (e.multipart) return upload(m.app, path, cookie, e.file?.() ?? { name: '规范.pdf', bytes: PDF_BYTES, type: 'application/pdf' });
  const body = e.body?.(ids);
  return call(m.app, method, path, { cookie, ...(body !== undefined ? { body } : {}) });
}

const expected = (e: Entry, role: Role, target: Target) => {
  const x = e.expect[role];
  return typeof x === 'number' ? x : x[TARGETS.indexOf(target)]!;
};

describe('access matrix', () => {
  it('has an entry for every route of the API (or the route belongs to the foundation)', async () => {
    const doc = m.app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    const routes = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)).map((k) => `${k.toUpperCase()} ${path}`),
    ).filter((r) => r.includes(' /api/v1/'));
    const covered = new Set([...MATRIX.map((e) => e.route), ...FOUNDATION]);
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !routes.includes(r))).toEqual([]);
  });

  for (const e of MATRIX) {
    it(`${e.route}${e.variant ? ` [${e.variant}]` : ''}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const target of e.world === 'none' ? (['own'] as Target[]) : TARGETS) {
          const want = expected(e, role, target);
          const fresh = Boolean(e.mutating) && want >= 200 && want < 300;
          const w = target === 'missing' ? null : await worldOf(e, fresh);
          const ids = target === 'missing' ? missingIds() : target === 'own' ? w!.own : w!.other;
          const r = await request(e, role, ids);
          if (r.status !== want) failures.push(`${role} × ${target}: expected ${want}, got ${r.status} ${r.json?.code ?? ''} ${r.json?.detail ?? ''}`);
          // a 5xx is a failure unless the entry expects it (search unavailable in an app without search)
          if (r.status >= 500 && r.status !== want) failures.push(`${role} × ${target}: 5xx`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
