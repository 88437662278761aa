import { audit, notifications, statistics } from '@annex/db';
import { endContract, joinAlliance } from '@annex/db/fixtures.ts';
import {
  addCalendarDays, addQuarters, formatQuarter, marketplaceFigures, previousQuarter, quarterEnd, quarterOfInstant, shanghaiDate,
} from '@annex/domain';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { type Scheduler, startScheduler } from '../scheduler.ts';
import { TEST_CONFIG, registerAs } from '../test-helpers.ts';
import { type Market, type Party, as, seedAwardedOrder, setupMarket } from '../test-market.ts';

let m: Market;
let s: Scheduler;
let school: Party;
beforeAll(async () => {
  m = await setupMarket();
  s = startScheduler({ sql: m.db.sql, logger: pino({ level: 'silent' }), loop: false });
  // a training institution (院校) registers as an organisation of its own kind
  const r = await registerAs(m.app, 'training_institution', {});
  school = { cookie: r.cookie, orgId: r.me.organisation.id, userId: r.me.user.id, name: '聊城职业技术学院' };
  // members of the alliance: both verified vendors and the school; buyer A is not (and AI companies do not file anyway)
  for (const p of [m.parties.vendorA, m.parties.vendorB, school, m.parties.buyerB]) await joinAlliance(m.db.sql, p.orgId);
}, 120_000);
afterAll(async () => {
  await s?.stop();
  await m?.close();
});

const today = () => shanghaiDate(new Date());
const lastQuarter = () => previousQuarter(quarterOfInstant(new Date()));
const kindsOf = async (p: Party) => (await notifications.listForUser(m.db.sql, p.userId, { limit: 100 })).items.map((n) => n.kind);
const FIRM = {
  practitioners: 100, practitionersInCity: 90, localPractitioners: 72, revenueFen: 300_000_000, annotationRevenueFen: 250_000_000,
  trainedPreJob: 12, trainedCertified: 0, aboveDesignatedSize: false,
};
const SCHOOL = {
  practitioners: null, practitionersInCity: null, localPractitioners: null, revenueFen: null, annotationRevenueFen: null,
  trainedPreJob: 120, trainedCertified: 45, aboveDesignatedSize: null,
};

describe('the targets and the marketplace figures', () => {
  it('publishes the targets with their definitions and formulas, in both languages', async () => {
    const r = await as(m.app, null).get('/api/v1/statistics/targets');
    expect(r.status).toBe(200);
    expect(r.json.policyIssuedOn).toBe('2025-12-24');
    expect(r.json.targets.find((t: { key: string }) => t.key === 'benchmark_bases')).toMatchObject({ value: 3, deadline: '2026-12-31' });
    expect(r.json.definitions.find((d: { key: string }) => d.key === 'local_supply_rate').formula.en).toContain('÷');
    expect(r.json.localTalentDefinition.zh).toContain('户籍');
  });

  it('computes the awarded and completed value per quarter from awards and contracts, never typed in', async () => {
    const a = await seedAwardedOrder(m, m.parties.buyerA);
    await seedAwardedOrder(m, m.parties.buyerB);
    await endContract(m.db.sql, a.order.id, 'completed');
    const r = await as(m.app, null).get('/api/v1/statistics/marketplace');
    expect(r.status).toBe(200);
    const here = formatQuarter(quarterOfInstant(new Date()));
    const row = r.json.items.find((x: { quarter: string }) => x.quarter === here);
    // summed independently from the rows this test made: two awards of vendor A's bid, one completed contract
    const bids = await m.db.sql<{ total: number }[]>`
      select b.total_price_fen as total from awards w join bids b on b.id = w.bid_id where w.cancelled_at is null`;
    const [price] = await m.db.sql<{ p: number }[]>`select price_fen as p from contracts where order_id = ${a.order.id}`;
    expect(row).toEqual({ quarter: here, awardedFen: bids.reduce((x, b) => x + b.total, 0), completedFen: price?.p });
    const amounts = await statistics.marketplaceAmounts(m.db.sql);
    expect(marketplaceFigures(amounts, quarterOfInstant(new Date()))).toEqual({ awardedFen: row.awardedFen, completedFen: row.completedFen });
  });
});

describe('a reporting period from opening to a late filer', () => {
  it('is opened by the secretariat, filed, corrected, closed, reopened and reminded; a report is its member’s and the secretariat’s only', async () => {
    const { vendorA, vendorB, buyerA, buyerB, secretariat } = m.parties;
    const admin = as(m.app, secretariat);
    const quarter = formatQuarter(lastQuarter());
    const dueOn = addCalendarDays(today(), 10);

    // only the secretariat opens; the current quarter has not ended; a due date in the past is refused
    expect((await as(m.app, vendorA).post('/api/v1/statistics/periods', { quarter, dueOn })).status).toBe(403);
    const current = await admin.post('/api/v1/statistics/periods', { quarter: formatQuarter(quarterOfInstant(new Date())), dueOn });
    expect([current.status, current.json.code, current.json.errors?.[0]?.path]).toEqual([422, 'statistics_period_not_openable', 'quarter']);
    const past = await admin.post('/api/v1/statistics/periods', { quarter, dueOn: addCalendarDays(today(), -1) });
    expect([past.status, past.json.errors?.[0]?.path]).toEqual([422, 'dueOn']);
    expect((await admin.post('/api/v1/statistics/periods', { quarter: '2026Q5', dueOn })).status).toBe(400);

    const opened = await admin.post('/api/v1/statistics/periods', { quarter, dueOn });
    expect(opened.status, opened.text).toBe(201);
    const id = opened.json.id as string;
    // the member firms and the school must file; buyer B is a member but an AI company; buyer A is no member
    expect(opened.json.filers.map((f: { orgId: string; filerKind: string; state: string }) => [f.orgId, f.filerKind, f.state]).sort()).toEqual(
      [[vendorA.orgId, 'annotation_firm', 'outstanding'], [vendorB.orgId, 'annotation_firm', 'outstanding'], [school.orgId, 'training_institution', 'outstanding']].sort(),
    );
    expect(opened.json).toMatchObject({ status: 'open', quarterEnd: quarterEnd(lastQuarter()), counts: { filers: 3, outstanding: 3 }, permissions: { close: true, reopen: false } });
    expect(await kindsOf(vendorA)).toContain('statistics_period_opened');
    expect(await kindsOf(buyerB)).not.toContain('statistics_period_opened');
    expect((await admin.post('/api/v1/statistics/periods', { quarter, dueOn })).json.code).toBe('statistics_period_exists');

    // the member sees the period it must file in
    const mine = await as(m.app, vendorA).get('/api/v1/statistics/mine');
    expect(mine.json.items).toMatchObject([{ period: { id, quarter }, state: 'outstanding', latestVersion: null, canFile: true }]);
    expect((await as(m.app, buyerA).get('/api/v1/statistics/mine')).json.items).toEqual([]);
    expect((await admin.get('/api/v1/statistics/mine')).status).toBe(403);

    // rules block with one error per field; the report is untouched
    const bad = await as(m.app, vendorA).post(`/api/v1/statistics/periods/${id}/report`, { ...FIRM, practitionersInCity: 101, aboveDesignatedSize: null });
    expect([bad.status, bad.json.code]).toEqual([422, 'report_invalid']);
    expect(bad.json.errors.map((e: { path: string; message: string }) => [e.path, e.message.split(':')[0]])).toEqual([
      ['aboveDesignatedSize', 'required'], ['practitionersInCity', 'exceeds_total'],
    ]);
    expect((await as(m.app, vendorA).post(`/api/v1/statistics/periods/${id}/report`, { ...FIRM, practitioners: '100' })).status).toBe(400);

    // filed with a warning that does not block (¥400,000 a head is above the plausible range)
    const filed = await as(m.app, vendorA).post(`/api/v1/statistics/periods/${id}/report`, { ...FIRM, revenueFen: 4_000_000_000 });
    expect(filed.status, filed.text).toBe(201);
    expect(filed.json).toMatchObject({ state: 'filed', latest: { version: 1, reason: null }, permissions: { file: false, correct: true } });
    expect(filed.json.latest.warnings.map((w: { code: string }) => w.code)).toEqual(['revenue_per_practitioner_high']);

    // a correction needs a reason; then it is version 2 and version 1 is kept; the secretariat is told
    const noReason = await as(m.app, vendorA).post(`/api/v1/statistics/periods/${id}/report`, FIRM);
    expect([noReason.status, noReason.json.errors?.[0]?.path]).toEqual([400, 'reason']);
    const corrected = await as(m.app, vendorA).post(`/api/v1/statistics/periods/${id}/report`, { ...FIRM, reason: '营业收入多填了一位' });
    expect(corrected.status, corrected.text).toBe(201);
    expect(corrected.json.versions.map((v: { version: number; reason: string | null; figures: { revenueFen: number } }) => [v.version, v.reason, v.figures.revenueFen])).toEqual([
      [2, '营业收入多填了一位', 300_000_000], [1, null, 4_000_000_000],
    ]);
    expect(corrected.json.latest.warnings).toEqual([]);
    expect(await kindsOf(secretariat)).toContain('statistics_report_corrected');

    // a report is its member's and the secretariat's: 404 to another firm, a buyer, and a non-filer's own path
    const path = `/api/v1/statistics/periods/${id}/reports/${vendorA.orgId}`;
    for (const p of [vendorB, buyerA, school]) expect((await as(m.app, p).get(path)).status).toBe(404);
    expect((await as(m.app, null).get(path)).status).toBe(401);
    const seen = await admin.get(path);
    expect([seen.status, seen.json.versions.length, seen.json.permissions]).toEqual([200, 2, { file: false, correct: false }]);
    expect((await as(m.app, buyerA).get(`/api/v1/statistics/periods/${id}/report`)).status).toBe(404);
    expect((await as(m.app, buyerA).post(`/api/v1/statistics/periods/${id}/report`, FIRM)).status).toBe(404);

    // the school reports the people it trained; the workforce does not apply to it
    const trained = await as(m.app, school).post(`/api/v1/statistics/periods/${id}/report`, SCHOOL);
    expect(trained.status, trained.text).toBe(201);
    expect((await as(m.app, school).post(`/api/v1/statistics/periods/${id}/report`, { ...SCHOOL, trainedPreJob: null, reason: '更正' })).json.code).toBe('report_invalid');

    // closing locks; closing twice is a conflict; reopening needs a reason and tells the filers
    const closed = await admin.post(`/api/v1/statistics/periods/${id}/close`);
    expect([closed.status, closed.json.status, closed.json.permissions]).toEqual([200, 'closed', { close: false, reopen: true }]);
    expect((await admin.post(`/api/v1/statistics/periods/${id}/close`)).json.code).toBe('invalid_transition');
    expect((await as(m.app, vendorB).post(`/api/v1/statistics/periods/${id}/report`, FIRM)).json.code).toBe('statistics_period_closed');
    expect((await as(m.app, vendorA).post(`/api/v1/statistics/periods/${id}/report`, { ...FIRM, reason: '再改' })).json.code).toBe('statistics_period_closed');
    expect((await as(m.app, vendorA).post(`/api/v1/statistics/periods/${id}/close`)).status).toBe(403);
    expect((await admin.post(`/api/v1/statistics/periods/${id}/reopen`, { reason: '' })).status).toBe(400);
    const reopened = await admin.post(`/api/v1/statistics/periods/${id}/reopen`, { reason: '临清智能标注未报，延长受理' });
    expect([reopened.status, reopened.json.status, reopened.json.reopenReason]).toEqual([200, 'reopened', '临清智能标注未报，延长受理']);
    expect(await kindsOf(vendorB)).toContain('statistics_period_reopened');

    // time passes: the due date was 20 days after the quarter; vendor A had filed 10 days after it, the school later
    const qEnd = quarterEnd(lastQuarter());
    await m.db.sql`update statistics_periods set due_on = ${addCalendarDays(qEnd, 20)} where id = ${id}`;
    await m.db.sql`update statistics_reports set submitted_at = ${`${addCalendarDays(qEnd, 10)}T02:00:00Z`}::timestamptz where period_id = ${id} and org_id = ${vendorA.orgId}`;
    const late = await admin.get(`/api/v1/statistics/periods/${id}`);
    const states = Object.fromEntries(late.json.filers.map((f: { orgId: string; state: string }) => [f.orgId, f.state]));
    expect(states).toEqual({ [vendorA.orgId]: 'filed', [school.orgId]: 'filed_late', [vendorB.orgId]: 'late' });
    expect(late.json.counts).toEqual({ filers: 3, filed: 1, filedLate: 1, outstanding: 0, late: 1 });
    const list = await admin.get('/api/v1/statistics/periods');
    expect(list.json.items.find((p: { id: string }) => p.id === id).counts).toEqual(late.json.counts);
    expect((await as(m.app, vendorA).get('/api/v1/statistics/periods')).status).toBe(403);
    expect((await as(m.app, vendorA).get(`/api/v1/statistics/periods/${id}`)).status).toBe(403);

    // the late filer is reminded once, however often the scheduler runs; those who filed are not
    await s.tick();
    await s.tick();
    expect((await kindsOf(vendorB)).filter((k) => k === 'statistics_overdue')).toHaveLength(1);
    expect(await kindsOf(vendorA)).not.toContain('statistics_overdue');
    const fileLate = await as(m.app, vendorB).post(`/api/v1/statistics/periods/${id}/report`, FIRM);
    expect([fileLate.status, fileLate.json.state]).toEqual([201, 'filed_late']);

    // every step is in the audit log with before and after
    const periodLog = await audit.listForEntity(m.db.sql, 'statistics_period', id);
    expect(periodLog.map((e) => e.action)).toEqual(['statistics_period.opened', 'statistics_period.closed', 'statistics_period.reopened']);
    expect(periodLog[2]?.before).toEqual({ status: 'closed' });
    const reportLog = await audit.listForEntity(m.db.sql, 'statistics_report', `${id}:${vendorA.orgId}`);
    expect(reportLog.map((e) => [e.action, (e.before as { version?: number } | null)?.version ?? null, (e.after as { version: number }).version])).toEqual([
      ['statistics_report.filed', null, 1], ['statistics_report.corrected', 1, 2],
    ]);
  });

  it('reminds members that have not filed a few days before the due date, once', async () => {
    const { vendorA, vendorB } = m.parties;
    const quarter = formatQuarter(previousQuarter(lastQuarter()));
    const opened = await as(m.app, m.parties.secretariat).post('/api/v1/statistics/periods', { quarter, dueOn: addCalendarDays(today(), 1) });
    expect(opened.status, opened.text).toBe(201);
    await as(m.app, vendorA).post(`/api/v1/statistics/periods/${opened.json.id}/report`, FIRM);
    const before = (await kindsOf(vendorB)).filter((k) => k === 'statistics_due_soon').length;
    await s.tick();
    await s.tick();
    expect((await kindsOf(vendorB)).filter((k) => k === 'statistics_due_soon').length).toBe(before + 1);
    expect(await kindsOf(vendorA)).not.toContain('statistics_due_soon');
    expect(await kindsOf(school)).toContain('statistics_due_soon');
  });

  it('opens a period due in the past only as far back as STATISTICS_DUE_BACKDATE_DAYS allows (the browser journeys): its members are late at once', async () => {
    const backdating = createApp({
      sql: m.db.sql, config: { ...TEST_CONFIG, statisticsDueBackdateDays: 7 }, search: null, logger: pino({ level: 'silent' }), storage: m.storage,
    });
    const admin = as(backdating, m.parties.secretariat);
    const quarter = formatQuarter(addQuarters(lastQuarter(), -2));
    const tooOld = await admin.post('/api/v1/statistics/periods', { quarter, dueOn: addCalendarDays(today(), -8) });
    expect([tooOld.status, tooOld.json.code, tooOld.json.errors?.[0]?.path]).toEqual([422, 'statistics_period_not_openable', 'dueOn']);
    const opened = await admin.post('/api/v1/statistics/periods', { quarter, dueOn: addCalendarDays(today(), -1) });
    expect(opened.status, opened.text).toBe(201);
    expect(opened.json.counts).toEqual({ filers: 3, filed: 0, filedLate: 0, outstanding: 0, late: 3 });
  });
});
