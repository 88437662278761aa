import { createHash } from 'node:crypto';
import { CatalogueEntryInput } from '@annex/contracts';
import {
  allianceEvents, allianceMemberships, announcements, audit, industrialBases, awards, bids, catalogue, contracts, catalogueInterests, deliveries, jobs, notifications, objections, orders, organisations, payments,
  policyCases, policyServices, questions, reviews, searchSource, statistics, users, webhooks, workingCalendar,
} from '@annex/db';
import { createTestDatabase, type TestDatabase } from '@annex/db/testing.ts';
import {
  CATALOGUE_SECTOR_LIST, CATALOGUE_SECTORS, COUNTY_CODES, MEMBER_KINDS, addQuarters, canonicalTerms, checkReport, filingState, formatQuarter, quarterOfInstant, countyRequired, caseClock, cataloguePublishProblems, drawSample, parseUscc, paymentDueOn, shanghaiDate,
} from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryFileStorage } from '../lib/storage.ts';
import { TEST_CONFIG } from '../test-helpers.ts';
import { REMINDER_JOB } from '../use-cases/orders.ts';
import { createAdmin } from './admin.ts';
import { DEMO_ALLIANCE, demoMemberOrgIds } from './demo-alliance.ts';
import { DEMO_CATALOGUE, DEMO_ORDER_ENTRIES } from './demo-catalogue.ts';
import { DEMO_ORDER_STATES } from './demo-orders.ts';
import { DEMO_CASES } from './demo-policy-cases.ts';
import { DEMO_SERVICES } from './demo-policy-services.ts';
import { DEMO_STATISTICS } from './demo-statistics.ts';
import { DEMO_WEBHOOK } from './demo-webhooks.ts';
import { CliError } from './runtime.ts';
import { DEMO_ADMIN_EMAIL, demoUscc, generateDemoPassword, seedDemoMarket } from './seed.ts';

describe('demo market seed', () => {
  const storage = createMemoryFileStorage();
  let db: TestDatabase;
  let orderIds: string[] = [];
  let caseIds: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('seeds the secretariat, 2 buyers, 5 vendors, a college and a park operator with valid USCCs in real counties', async () => {
    const seeded = await seedDemoMarket(db.sql, TEST_CONFIG, new Date(), storage);
    expect(seeded.created).toBe(true);
    if (!seeded.created) return;
    orderIds = seeded.orderIds;
    caseIds = seeded.policyCaseIds;
    expect(seeded.accounts.map((a) => a.kind).sort()).toEqual(
      ['base_operator', 'buyer', 'buyer', 'secretariat', 'training_institution', 'vendor', 'vendor', 'vendor', 'vendor', 'vendor'],
    );
    expect(seeded.accounts[0]?.email).toBe(DEMO_ADMIN_EMAIL);

    const statuses: string[] = [];
    for (const account of seeded.accounts) {
      const user = await users.findByEmail(db.sql, account.email);
      expect(user).not.toBeNull();
      // stored only as an argon2id hash
      expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
      expect(user!.passwordHash).not.toContain(seeded.password);
      const membership = await organisations.membershipOf(db.sql, user!.id);
      expect(membership?.role).toBe('owner');
      expect(membership?.orgKind).toBe(account.kind);
      const org = await organisations.findById(db.sql, membership!.orgId);
      if (account.kind === 'secretariat') continue;
      expect(parseUscc(org!.uscc!).ok).toBe(true);
      if (countyRequired(account.kind)) expect(COUNTY_CODES).toContain(org!.county);
      if (account.kind === 'vendor') {
        expect(org!.capabilities!.taskTypes.length).toBeGreaterThan(0);
        expect(org!.capabilities!.headcount).toBeGreaterThan(0);
        statuses.push(org!.verification!.status);
      }
    }
    expect(statuses.sort()).toEqual(['pending', 'verified', 'verified', 'verified', 'verified']);
  });

  it('shows the whole auction: orders open, in evaluation, awarded with an objection, in progress, completed, unsuccessful and cancelled', async () => {
    const rows = await Promise.all(orderIds.map((id) => orders.getById(db.sql, id)));
    const byStatus = (status: string) => rows.filter((r) => r!.status === status).map((r) => r!);
    expect(rows.map((r) => r!.status)).toEqual([...DEMO_ORDER_STATES]);
    const userOf = async (email: string) => (await users.findByEmail(db.sql, email))!.id;
    const kinds = async (email: string, orderId: string) =>
      (await notifications.listForUser(db.sql, await userOf(email), { limit: 100 })).items.filter((n) => n.orderId === orderId).map((n) => n.kind);
    const now = new Date();

    // evaluation: one sealed and one open-mode order, each with three bids; the open one with itemised quotes
    const evaluation = byStatus('evaluation');
    expect(evaluation.map((o) => o.biddingMode).sort()).toEqual(['open', 'sealed']);
    for (const o of evaluation) {
      const list = await bids.listForOrder(db.sql, o.id);
      expect(list.length).toBeGreaterThanOrEqual(3);
      expect(list.every((b) => b.status === 'active' && b.submittedAt < o.bidDeadline!)).toBe(true);
      if (o.biddingMode === 'open') expect(list.every((b) => b.quoteLines.length > 0)).toBe(true);
      const buyer = o.buyerOrgId === (await organisations.membershipOf(db.sql, await userOf('buyer.xingheng@annex.local')))!.orgId
        ? 'buyer.xingheng@annex.local' : 'buyer.yanchuan@annex.local';
      const told = await kinds(buyer, o.id);
      expect(told.filter((k) => k === 'bid_received')).toHaveLength(list.length);
      expect(told).toContain('bidding_closed');
    }

    // awarded: in publicity, one pending objection by a losing bidder, in the secretariat's queue
    const [awarded] = byStatus('awarded');
    const award = await awards.activeForOrder(db.sql, awarded!.id);
    expect(award?.vendorName).toBe('聊城水城数标信息技术有限公司');
    expect(award!.reason.length).toBeGreaterThan(20);
    expect(awarded!.publicityEndsAt!.getTime()).toBeGreaterThan(now.getTime());
    const [objection, ...more] = await objections.listForOrder(db.sql, awarded!.id);
    expect(more).toHaveLength(0);
    expect(objection?.status).toBe('pending');
    expect((await organisations.findById(db.sql, objection!.objectorOrgId))?.name).toBe('阳谷景阳冈数据科技有限公司');
    expect((await objections.listPending(db.sql, null, 50)).items.map((j) => j.id)).toContain(objection!.id);
    expect((await bids.listForOrder(db.sql, awarded!.id)).map((b) => b.status).sort()).toEqual(['awarded', 'not_awarded', 'not_awarded']);
    expect(await kinds('vendor.shuicheng@annex.local', awarded!.id)).toContain('bid_awarded');
    expect(await kinds('vendor.jingyanggang@annex.local', awarded!.id)).toContain('bid_not_awarded');
    expect(await kinds('buyer.xingheng@annex.local', awarded!.id)).toContain('objection_filed');

    // in progress: the award is final, its publicity over, everyone told
    const [inProgress] = byStatus('in_progress');
    expect((await awards.activeForOrder(db.sql, inProgress!.id))?.vendorName).toBe('临清运河智能数据服务有限公司');
    expect(inProgress!.publicityEndsAt!.getTime()).toBeLessThan(now.getTime());
    for (const email of ['buyer.yanchuan@annex.local', 'vendor.yunhe@annex.local', 'vendor.huiyan@annex.local']) {
      expect(await kinds(email, inProgress!.id)).toContain('award_final');
    }

    // unsuccessful: bidding closed without a bid; cancelled: with the buyer's reason, the bidder told
    const [unsuccessful] = byStatus('unsuccessful');
    expect(await bids.countForOrder(db.sql, unsuccessful!.id)).toBe(0);
    expect(await kinds('buyer.xingheng@annex.local', unsuccessful!.id)).toContain('order_unsuccessful');
    const [cancelled] = byStatus('cancelled');
    expect(cancelled!.cancelReason).toMatch(/取消/);
    expect(cancelled!.publishedAt).not.toBeNull();
    expect(await kinds('vendor.yunhe@annex.local', cancelled!.id)).toContain('order_cancelled');
    // on approval the best-matching vendors were told: 景阳冈 covers every task of the sealed order in evaluation
    expect(await kinds('vendor.jingyanggang@annex.local', evaluation.find((o) => o.biddingMode === 'sealed')!.id)).toContain('order_match');
    // the orders still open remind their bidders of the deadline; the cancelled one no longer does
    expect(await jobs.pendingCount(db.sql, REMINDER_JOB)).toBe(byStatus('open').length);

    // every order was submitted to the secretariat, and every published one is on its way to the search index
    const adminKinds = (await notifications.listForUser(db.sql, await userOf(DEMO_ADMIN_EMAIL), { limit: 100 })).items;
    expect(new Set(adminKinds.filter((n) => n.kind === 'order_submitted').map((n) => n.orderId))).toEqual(new Set(orderIds));
    const expected = new Set((await searchSource.expected(db.sql, 'order')).map((d) => d.id));
    for (const o of rows) if (o!.status !== 'cancelled') expect(expected.has(o!.id)).toBe(true);

    // timelines: created < submitted < approved < questions < bids < deadline < award < objection, in the log's order
    for (const o of rows) {
      const log = await audit.listForEntity(db.sql, 'order', o!.id);
      const times = log.map((e) => e.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const first = (action: string) => log.find((e) => e.action === action)?.at.getTime() ?? Number.NaN;
      expect(log.slice(0, 3).map((e) => e.action)).toEqual(['order.created', 'order.submitted', 'order.approved']);
      expect(first('order.submitted')).toBe(o!.submittedAt!.getTime());
      expect(first('order.approved')).toBe(o!.publishedAt!.getTime());
      const qs = await questions.listForOrder(db.sql, o!.id);
      for (const q of qs) expect(q.createdAt < q.answeredAt! && q.answeredAt! < o!.bidDeadline!).toBe(true);
      for (const e of log.filter((e) => e.action.startsWith('question.') || e.action.startsWith('bid.'))) {
        expect(e.at.getTime()).toBeGreaterThan(first('order.approved'));
        expect(e.at.getTime()).toBeLessThan(o!.bidDeadline!.getTime());
      }
      if (o!.status !== 'open' && o!.status !== 'cancelled') expect(first('order.bidding_closed')).toBeGreaterThanOrEqual(o!.bidDeadline!.getTime());
    }
    const actions = (await audit.listForEntity(db.sql, 'order', awarded!.id)).map((e) => e.action);
    expect(actions.slice(-3)).toEqual(['order.bidding_closed', 'award.made', 'objection.filed']);
    // the end of publicity made the contract from the award, in the same step; the buyer proposed, the vendor asked for changes, then accepted
    const contractSteps = (await audit.listForEntity(db.sql, 'order', inProgress!.id)).map((e) => e.action);
    const ended = contractSteps.indexOf('order.publicity_ended');
    expect(contractSteps.slice(ended - 2, ended + 6)).toEqual([
      'order.bidding_closed', 'award.made', 'order.publicity_ended', 'contract.created',
      'contract.terms_proposed', 'contract.changes_requested', 'contract.terms_proposed', 'contract.accepted',
    ]);
    expect(await contracts.getByOrderId(db.sql, inProgress!.id)).toMatchObject({ status: 'active', buyerOrgId: inProgress!.buyerOrgId });
    expect((await audit.listForEntity(db.sql, 'order', cancelled!.id)).at(-1)?.action).toBe('order.cancelled');
  });

  it('shows the contract stage: agreed terms, a batch accepted and paid, one rejected after sampling and reworked, one under inspection, a completed order reviewed', async () => {
    const rows = await Promise.all(orderIds.map((id) => orders.getById(db.sql, id)));
    const byStatus = (status: string) => rows.filter((r) => r!.status === status).map((r) => r!);
    const userOf = async (email: string) => (await users.findByEmail(db.sql, email))!.id;
    const kinds = async (email: string, orderId: string) =>
      (await notifications.listForUser(db.sql, await userOf(email), { limit: 200 })).items.filter((n) => n.orderId === orderId).map((n) => n.kind);
    const now = new Date();
    const [worked, inspected] = byStatus('in_progress');
    const [completed] = byStatus('completed');

    // every contract: one version in force, accepted by both sides under the hash of its terms; the plan adds up
    const agreed = async (orderId: string, negotiated: string[] = []) => {
      const c = (await contracts.getByOrderId(db.sql, orderId))!;
      const versions = await contracts.listVersions(db.sql, c.id);
      expect(versions.map((v) => v.status)).toEqual([...negotiated, 'accepted']);
      const v = versions.at(-1)!;
      expect(c.currentVersion).toBe(v.number);
      expect(v.termsHash).toBe(createHash('sha256').update(canonicalTerms(v.terms), 'utf8').digest('hex'));
      expect([v.buyerAcceptedHash, v.vendorAcceptedHash]).toEqual([v.termsHash, v.termsHash]);
      expect(v.buyerAcceptedBy).not.toBeNull();
      expect(v.vendorAcceptedBy).not.toBeNull();
      const ms = await contracts.listMilestones(db.sql, c.id);
      expect(ms.reduce((sum, m) => sum + m.amountFen, 0)).toBe(c.priceFen);
      expect(ms.reduce((sum, m) => sum + m.quantity, 0)).toBe(c.volumeQuantity);
      expect(ms.every((m) => m.dueAt <= c.deliveryDeadline)).toBe(true);
      return { c, ms: await Promise.all(ms.map(async (m) => ({ m, batches: await deliveries.detailsForMilestone(db.sql, m.id) }))) };
    };
    // a recorded inspection: its sample is the one its seed draws under its plan, its errors are drawn items
    const sampled = (b: Awaited<ReturnType<typeof deliveries.detailsForMilestone>>[number]) => {
      const i = b.inspection!;
      expect(i.seed).toMatch(/^[0-9a-f]{32}$/);
      expect(i.sampleItems).toEqual(drawSample(i.seed, b.itemCount, i.plan.sampleSize));
      expect(b.errors.every((e) => i.sampleItems.includes(e.itemNumber))).toBe(true);
    };

    // in progress, the worked contract: batch 1 accepted after sampling and paid, its payment confirmed
    // the vendor asked for later dates on the buyer's first plan, and accepted the second
    const w = await agreed(worked!.id, ['changes_requested']);
    expect(w.c.status).toBe('active');
    const [asked] = await contracts.listVersions(db.sql, w.c.id);
    expect(asked!.changesMessage).toMatch(/试标/);
    expect(asked!.vendorAcceptedBy).toBeNull();
    const [first, second, third] = w.ms;
    expect(first!.batches.map((b) => b.status)).toEqual(['accepted']);
    sampled(first!.batches[0]!);
    expect(first!.batches[0]!.decision).toMatchObject({ outcome: 'accepted', decidedHow: 'buyer', suggested: 'accept' });
    const paid = (await payments.get(db.sql, first!.m.id))!;
    expect(paid).toMatchObject({ status: 'confirmed', amountFen: first!.m.amountFen, dueOn: paymentDueOn(paid.acceptedOn, w.c.paymentTermsDays) });
    expect(paid.invoiceNumber).toMatch(/^\d{20}$/);
    expect(paid.invoiceDate! >= paid.acceptedOn && paid.paidOn! >= paid.invoiceDate!).toBe(true);
    expect([paid.invoicedBy, paid.paidBy, paid.confirmedBy].every((by) => by !== null)).toBe(true);
    // batch 2 rejected with reasons after a drawn sample fell short of the target, then delivered again: in review
    expect(second!.batches.map((b) => [b.attempt, b.status])).toEqual([[1, 'rejected'], [2, 'delivered']]);
    const [rejected, rework] = second!.batches;
    sampled(rejected!);
    expect(rejected!.inspection!.sampleItems).toHaveLength(300);
    expect(rejected!.decision).toMatchObject({ outcome: 'rejected', errors: rejected!.errors.length, suggested: 'reject' });
    expect(rejected!.decision!.accuracy!).toBeLessThan(w.c.accuracyTarget);
    expect(rejected!.decision!.reasons.length).toBeGreaterThan(20);
    expect(rework!.inspection).toBeNull();
    expect(rework!.reviewEndsAt.getTime()).toBeGreaterThan(now.getTime());
    expect(await payments.get(db.sql, second!.m.id)).toBeNull();
    // batch 3 not delivered yet
    expect(third!.batches).toEqual([]);
    // each step told the other side
    const vendorTold = await kinds('vendor.yunhe@annex.local', worked!.id);
    for (const k of ['contract_proposed', 'batch_inspection_started', 'batch_accepted', 'batch_rejected', 'payment_paid']) expect(vendorTold).toContain(k);
    const buyerTold = await kinds('buyer.yanchuan@annex.local', worked!.id);
    for (const k of ['contract_changes_requested', 'contract_active', 'batch_delivered', 'payment_invoiced', 'payment_confirmed']) expect(buyerTold).toContain(k);
    expect(buyerTold.filter((k) => k === 'batch_delivered')).toHaveLength(3);

    // in progress, the other contract: its first batch under inspection with errors recorded, the window running
    const i = await agreed(inspected!.id);
    const [underInspection] = i.ms[0]!.batches;
    expect(underInspection).toMatchObject({ status: 'under_inspection', decision: null });
    sampled(underInspection!);
    expect(underInspection!.errors.length).toBeGreaterThan(0);
    expect(underInspection!.reviewEndsAt.getTime()).toBeGreaterThan(now.getTime());
    expect(i.ms[1]!.batches).toEqual([]);

    // completed: every batch accepted and paid, the contract and the order completed, both reviews in
    const done = await agreed(completed!.id);
    expect(done.c.status).toBe('completed');
    for (const { m, batches } of done.ms) {
      expect(batches.map((b) => b.status)).toEqual(['accepted']);
      expect((await payments.get(db.sql, m.id))?.status).toBe('confirmed');
    }
    const log = (await audit.listForEntity(db.sql, 'order', completed!.id)).map((e) => e.action);
    expect(log.slice(-3)).toEqual(['order.completed', 'review.submitted', 'review.submitted']);
    const given = await reviews.listForContract(db.sql, done.c.id);
    expect(given.map((r) => r.authorSide).sort()).toEqual(['buyer', 'vendor']);
    expect(given.every((r) => r.body.length > 20 && r.stars >= 1 && r.stars <= 5)).toBe(true);
    for (const email of ['buyer.yanchuan@annex.local', 'vendor.huiyan@annex.local']) {
      expect(await kinds(email, completed!.id)).toEqual(expect.arrayContaining(['order_completed', 'review_received']));
    }
    // the order's whole timeline stays in the order of time
    for (const o of [worked!, inspected!, completed!]) {
      const times = (await audit.listForEntity(db.sql, 'order', o.id)).map((e) => e.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it('seeds the public-data catalogue: entries of every sector from the city’s agencies, interest, and orders made from entries', async () => {
    const all = await catalogue.list(db.sql, { status: ['published', 'draft', 'archived'] }, { sort: 'code', limit: 100 });
    expect(all.items.length).toBe(DEMO_CATALOGUE.length);
    const published = all.items.filter((e) => e.status === 'published');
    expect(published.length).toBeGreaterThanOrEqual(40);
    expect(new Set(published.map((e) => e.sector))).toEqual(new Set(CATALOGUE_SECTORS));
    for (const e of all.items) {
      // every seeded entry passes the contract the editor and the import use, and may be published
      const fields = Object.fromEntries(Object.keys(CatalogueEntryInput.shape).map((k) => [k, e[k as keyof typeof e]]));
      expect(CatalogueEntryInput.safeParse(fields).error?.issues ?? [], e.code).toEqual([]);
      expect(cataloguePublishProblems(e), e.code).toEqual([]);
      expect(e.code.slice(3, 5)).toBe(CATALOGUE_SECTOR_LIST.find((s) => s.code === e.sector)!.prefix);
    }
    // published entries are on their way to the index, drafts and archived ones are not
    const indexed = new Set((await searchSource.expected(db.sql, 'catalogue')).map((d) => d.id));
    expect(all.items.filter((e) => indexed.has(e.id)).map((e) => e.id).sort()).toEqual(published.map((e) => e.id).sort());

    // an order was started from the 办事指南 entry, and 慧眼, interested in it, heard of it when it was published
    const userOf = async (email: string) => (await users.findByEmail(db.sql, email))!.id;
    for (const [title, code] of Object.entries(DEMO_ORDER_ENTRIES)) {
      const entry = all.items.find((e) => e.code === code)!;
      const linked = await catalogue.orders(db.sql, entry.id);
      expect(linked.map((o) => o.title)).toEqual([title]);
    }
    const guide = all.items.find((e) => e.code === 'LC-ZW-0002')!;
    const [sft] = await catalogue.orders(db.sql, guide.id);
    const told = (await notifications.listForUser(db.sql, await userOf('vendor.huiyan@annex.local'), { limit: 100 })).items;
    expect(told.filter((n) => n.kind === 'catalogue_order_published').map((n) => n.orderId)).toEqual([sft!.id]);
    expect(guide.annotationStatus).toBe('pending');
    // the hotline order was awarded: its entry is being annotated, the award recorded on the entry
    const hotline = all.items.find((e) => e.code === 'LC-ZW-0001')!;
    expect(hotline.annotationStatus).toBe('in_progress');
    expect((await audit.listForEntity(db.sql, 'catalogue_entry', hotline.id)).map((a) => a.action))
      .toEqual(['catalogue.created', 'catalogue.interest_registered', 'catalogue.annotation_status']);
    expect((await catalogueInterests.listForEntry(db.sql, hotline.id)).map((l) => l.vendorName)).toEqual(['临清运河智能数据服务有限公司']);
  });

  it('publishes one service per actionable measure, each citing its article, and never an amount, a rate or a deadline', async () => {
    const services = await policyServices.listPublished(db.sql);
    expect(services.map((s) => s.code).sort()).toEqual(DEMO_SERVICES.map((s) => s.code).sort());
    const names = services.map((s) => s.current.name).join(' ');
    for (const name of ['升规纳统', '就业创业', '产业基地入驻', '产业资金池', '支农支小再贷款', '数据安全', '职业技能', '人才库', '研发费用加计扣除', '高新技术企业认定', '语料券', '数据券', '算法券', '算力券', '青年人才', '联盟入会']) {
      expect(names).toContain(name);
    }
    for (const s of services) {
      const city = s.current.policyBasis.find((b) => b.documentNumber === '聊政办字〔2025〕19号');
      expect(city?.article, s.code).toMatch(/^第[一二三四五六七八九十]+条$/);
      expect(s.current.agencies.length, s.code).toBeGreaterThan(0);
      expect(s.current.materials.length, s.code).toBeGreaterThan(0);
      // the document states no amount, rate or deadline: the services say so instead of inventing one
      const text = JSON.stringify({ ...s.current, faq: s.current.faq, createdAt: null, effectiveFrom: null, serviceId: null });
      expect(text, s.code).not.toMatch(/\d+(\.\d+)?\s*(万元|元|%|％)|\d{4}年\d{1,2}月\d{1,2}日前/);
      expect(`${s.current.fee}${s.current.freeConditions.join('')}${s.current.summary}`, s.code).toMatch(/最新通知为准/);
    }
  });

  it('seeds cases in several states: one 升规纳统 case with a material to correct, one overdue, the facts of the firms', async () => {
    const rows = await Promise.all(caseIds.map((id) => policyCases.get(db.sql, id)));
    expect(rows.map((c) => c!.status)).toEqual(['collecting_materials', 'collecting_materials', 'filed', 'closed', 'withdrawn', 'submitted', 'accepted']);
    expect(rows.map((c) => c!.serviceCode)).toEqual(DEMO_CASES.map((c) => c.service));
    const upgrade = rows[0]!;
    expect(upgrade.serviceName).toBe('升规纳统申报辅导');
    const materials = await policyCases.materials(db.sql, upgrade.id);
    expect(materials.map((x) => x.status)).toEqual(['accepted', 'needs_correction', 'accepted', 'missing']);
    expect(materials[1]!.reviewReason).toMatch(/利润表/);
    const files = await policyCases.files(db.sql, upgrade.id);
    expect(files.length).toBe(3);
    // the files are in the storage the seed was given (the API's file storage outside tests)
    for (const f of files) expect((await storage.get(f.storageKey))?.byteLength).toBe(f.sizeBytes);
    const now = new Date();
    const cal = await workingCalendar.load(db.sql, now.getUTCFullYear() - 1, now.getUTCFullYear() + 1);
    const clock = (i: number) => caseClock(cal, { acceptedAt: rows[i]!.acceptedAt!, stoppedAt: rows[i]!.filedAt, timeLimitDays: rows[i]!.timeLimitDays }, now);
    expect(clock(0).overdue).toBe(false);
    expect(clock(1).overdue).toBe(true);
    // every step is in the case's timeline, in the order of time
    for (const c of rows) {
      const log = await audit.listForEntity(db.sql, 'policy_case', c!.id);
      expect(log[0]?.action).toBe('case.opened');
      const times = log.map((e) => e.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    const shuicheng = (await organisations.membershipOf(db.sql, (await users.findByEmail(db.sql, 'vendor.shuicheng@annex.local'))!.id))!.orgId;
    expect(await organisations.facts(db.sql, shuicheng)).toMatchObject({ revenueBand: '20m_50m', aboveDesignatedSize: false, practitioners: 320 });
    // the published services are on their way to the search index; the calendar holds this year
    expect((await searchSource.expected(db.sql, 'policyService')).length).toBe(DEMO_SERVICES.length);
    expect((await workingCalendar.years(db.sql)).map((y) => y.year)).toContain(now.getUTCFullYear());
  });

  it('features one listing of each kind the public sees, through the curation use case (audited)', async () => {
    const rows = await db.sql<{ kind: string }[]>`select kind from listing_curation where featured and not hidden order by kind`;
    expect(rows.map((r) => r.kind)).toEqual(['catalogue_entry', 'order', 'policy_service', 'vendor']);
    const [audited] = await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'curation.feature'`;
    expect(audited?.n).toBe(4);
  });

  it('seeds the alliance news: a pinned announcement, one for members, a draft; a full event with its waitlist, and a past one', async () => {
    const now = new Date();
    const everyone = await announcements.listLive(db.sql, { audiences: ['everyone'], now });
    expect(everyone.items[0]).toMatchObject({ pinned: true });
    expect(everyone.items.every((a) => a.audience === 'everyone')).toBe(true);
    const all = (await announcements.listAll(db.sql, { limit: 50 })).items;
    expect(all.map((a) => a.audience)).toEqual(expect.arrayContaining(['members', 'vendor']));
    expect(all.filter((a) => a.publishAt === null)).toHaveLength(1);
    const upcoming = (await allianceEvents.list(db.sql, { audiences: ['everyone'], when: 'upcoming', now })).items;
    const full = upcoming.find((e) => e.registered === e.capacity);
    expect(full).toMatchObject({ registered: 3, waitlisted: 2 });
    expect((await allianceEvents.waitlist(db.sql, full!.id)).map((r) => r.requestedAt.getTime())).toEqual(
      (await allianceEvents.waitlist(db.sql, full!.id)).map((r) => r.requestedAt.getTime()).sort((a, b) => a - b),
    );
    const past = (await allianceEvents.list(db.sql, { audiences: ['everyone'], when: 'past', now })).items;
    expect(past).toHaveLength(1);
    const marked = (await allianceEvents.attendees(db.sql, past[0]!.id)).map((a) => a.attended);
    expect(marked).toEqual([true, true, true, false, true]);
    for (const e of [...upcoming, ...past]) {
      const times = (await audit.listForEntity(db.sql, 'alliance_event', e.id)).map((x) => x.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    // the audience of a published announcement for everyone was told
    const buyer = (await users.findByEmail(db.sql, 'buyer.xingheng@annex.local'))!;
    const told = (await notifications.listForUser(db.sql, buyer.id, { limit: 100 })).items.filter((n) => n.kind === 'announcement_published');
    expect(told.length).toBeGreaterThanOrEqual(2);
  });

  it('seeds the alliance: members of every kind and both tiers, numbered in the order they joined, one suspended, one waiting; two bases, one a benchmark', async () => {
    const today = shanghaiDate(new Date());
    const byKind = await demoMemberOrgIds(db.sql);
    for (const kind of MEMBER_KINDS) expect(byKind[kind].length, kind).toBeGreaterThan(0);
    const directory = await allianceMemberships.directory(db.sql, { limit: 50 });
    expect(directory.total).toBe(DEMO_ALLIANCE.members.filter((m) => !m.suspended).length);
    for (const m of directory.items) expect(byKind[m.kind]).toContain(m.orgId);
    expect(new Set(directory.items.map((m) => m.tier))).toEqual(new Set(['council', 'member']));
    // numbers follow the join dates, all of them in the past
    const joined = directory.items.map((m) => m.joinedOn);
    expect(joined).toEqual([...joined].sort());
    expect(joined.every((d) => d < today)).toBe(true);
    expect(directory.items.find((m) => m.name === '聊城职业技术学院')).toMatchObject({ kind: 'training_institution', county: '371502' });

    const [suspended] = (await allianceMemberships.listByStatus(db.sql, 'suspended')).items;
    expect(suspended).toMatchObject({ orgKind: 'buyer', memberNo: expect.any(Number) });
    expect(suspended!.reason).toMatch(/会费/);
    const waiting = (await allianceMemberships.listByStatus(db.sql, 'applied')).items;
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.memberNo).toBeNull();
    expect(waiting[0]!.appliedAt.getTime()).toBeLessThan(Date.now() - 2 * 86_400_000);
    // every step audited in time order, the secretariat told of each application
    const steps = (await audit.listForEntity(db.sql, 'alliance_membership', suspended!.orgId)).map((x) => x.action);
    expect(steps).toEqual(['membership.applied', 'membership.approved', 'membership.suspended']);
    const admin = (await users.findByEmail(db.sql, DEMO_ADMIN_EMAIL))!;
    const applied = (await notifications.listForUser(db.sql, admin.id, { limit: 100 })).items.filter((n) => n.kind === 'membership_applied');
    expect(applied).toHaveLength(DEMO_ALLIANCE.members.length + 1);

    const bases = await industrialBases.list(db.sql);
    expect(bases.map((b) => b.benchmarkStatus)).toEqual(['benchmark', 'candidate']);
    expect(bases[0]).toMatchObject({ operatorName: '聊城东昌数标产业园运营管理有限公司', county: '371502' });
    for (const b of bases) {
      expect(b.occupiedSeats).toBeLessThanOrEqual(b.seats);
      expect(b.openedOn! < today).toBe(true);
    }
  });

  it('seeds the members’ statistics of the last four quarters: three closed, the latest open; filings on time and late, one correction with its reason, 运河 late now', async () => {
    const now = new Date();
    const periods = await statistics.listPeriods(db.sql);
    expect(periods.map((p) => p.quarter)).toEqual([1, 2, 3, 4].map((n) => formatQuarter(addQuarters(quarterOfInstant(now), -n))));
    expect(periods.map((p) => p.status)).toEqual(['open', 'closed', 'closed', 'closed']);
    // the filers are the alliance's members that file (demo-alliance.ts), as they were when each period opened
    const byKind = await demoMemberOrgIds(db.sql);
    const filers = await statistics.filersOf(db.sql, periods.map((p) => p.id));
    for (const f of filers) expect([...byKind.vendor, ...byKind.training_institution]).toContain(f.orgId);
    expect(new Set(filers.map((f) => f.orgId)).size).toBe(Object.keys(DEMO_STATISTICS.filings).length);
    const counts = (p: (typeof periods)[number]) => filers.filter((f) => f.periodId === p.id);
    expect(counts(periods[0]!).length).toBeGreaterThan(counts(periods[3]!).length);
    // on time and late, as the domain tells them apart; the latest period waits for 运河
    const states = periods.map((p) => counts(p).map((f) => filingState(p.dueOn, f.firstFiledAt, now)));
    expect(states.slice(1).flat()).toContain('filed_late');
    expect(states.slice(1).flat()).not.toContain('late');
    expect(filers.find((f) => f.periodId === periods[0]!.id && f.orgName.includes('运河'))).toMatchObject({ latestVersion: null });
    // 水城's one correction, with its reason, the first version kept
    const corrected = filers.filter((f) => (f.latestVersion ?? 0) > 1);
    expect(corrected).toHaveLength(1);
    const versions = await statistics.versions(db.sql, corrected[0]!.periodId, corrected[0]!.orgId);
    expect(versions.map((v) => [v.version, v.reason])).toEqual([[2, DEMO_STATISTICS.correction.reason], [1, null]]);
    expect(versions[0]!.revenueFen).toBe(DEMO_STATISTICS.correction.figures.revenueFen);
    // every filing passes the domain's rules, and happened before now
    for (const f of filers.filter((x) => x.latestVersion !== null)) {
      const [v] = await statistics.versions(db.sql, f.periodId, f.orgId);
      expect(checkReport(f.filerKind, v!).errors, f.orgName).toEqual([]);
      expect(v!.submittedAt.getTime()).toBeLessThan(now.getTime());
    }
    // late filers were reminded once, before they filed
    const reminded = await db.sql<{ kind: string }[]>`select kind from statistics_notices`;
    expect(reminded.map((r) => r.kind)).toContain('statistics_overdue');
  });

  it('seeds a buyer’s webhook with a delivery log — one delivered, one retried after a 503 — and nothing left for the sender', async () => {
    const owner = (await users.findByEmail(db.sql, DEMO_WEBHOOK.owner))!;
    const orgId = (await organisations.membershipOf(db.sql, owner.id))!.orgId;
    const [sub, ...others] = await webhooks.listForOrg(db.sql, orgId);
    expect(others).toEqual([]);
    expect(sub!.active).toBe(true);
    expect(sub!.consecutiveFailures).toBe(0);
    // a reserved name (RFC 2606) that no resolver answers: an event of later use reaches nobody
    expect(new URL(sub!.url).hostname).toMatch(/\.example$/);
    const log = (await webhooks.listDeliveries(db.sql, sub!.id)).items;
    expect(log.map((d) => d.status)).toEqual(log.map(() => 'succeeded'));
    const attempts = await webhooks.attemptsOf(db.sql, log.map((d) => d.id));
    const statuses = (id: number) => attempts.filter((a) => a.deliveryId === id).map((a) => a.responseStatus);
    const byKind = new Map(log.map((d) => [d.kind, statuses(d.id)]));
    expect(byKind.get('contract_active')).toEqual([200]);
    expect(byKind.get('batch_delivered')).toEqual([503, 204]);
    // the sender's first pass at start finds nothing due
    await db.sql.begin(async (tx) => {
      expect(await webhooks.claimDue(tx, 100)).toEqual([]);
      throw new Error('rollback');
    }).catch((e: Error) => expect(e.message).toBe('rollback'));
  });

  it('is idempotent: a second seed changes nothing', async () => {
    expect(await seedDemoMarket(db.sql, TEST_CONFIG, new Date(), storage)).toEqual({ created: false });
  });

  it('makes valid check characters and readable passwords', () => {
    const code = demoUscc('371502', 'MA3C4K7R1');
    expect(parseUscc(code)).toEqual({ ok: true, code });
    expect(generateDemoPassword()).toMatch(/^Annex(-[a-z2-9]{4}){3}$/);
    expect(generateDemoPassword()).not.toBe(generateDemoPassword());
  });
});

describe('admin create', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates the secretariat organisation when missing, then reuses it', async () => {
    const first = await createAdmin(db.sql, { email: 'Ops@Example.cn', password: 'long enough passphrase', name: '运维' });
    expect(first.email).toBe('ops@example.cn');
    const second = await createAdmin(db.sql, { email: 'second@example.cn', password: 'another passphrase 2' });
    const a = await organisations.membershipOf(db.sql, (await users.findByEmail(db.sql, 'ops@example.cn'))!.id);
    const b = await organisations.membershipOf(db.sql, (await users.findByEmail(db.sql, 'second@example.cn'))!.id);
    expect(a?.orgKind).toBe('secretariat');
    expect(b?.orgId).toBe(a?.orgId);
    expect(second.organisationName).toBe(first.organisationName);
    expect((await users.findByEmail(db.sql, 'second@example.cn'))?.displayName).toBe('second');
  });

  it('refuses weak passwords, bad e-mails and duplicates with a clear message', async () => {
    await expect(createAdmin(db.sql, { email: 'x@example.cn', password: 'short' })).rejects.toThrow(/at least 8/);
    await expect(createAdmin(db.sql, { email: 'x@example.cn', password: 'password123' })).rejects.toThrow(/common/);
    await expect(createAdmin(db.sql, { email: 'not-an-email', password: 'long enough passphrase' })).rejects.toThrow(CliError);
    await expect(createAdmin(db.sql, { email: 'OPS@example.cn', password: 'long enough passphrase' })).rejects.toThrow(/exists already/);
  });
});
