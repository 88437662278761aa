import { randomInt } from 'node:crypto';
import { type ReportFigures, formatQuarter, marketplaceFigures, parseQuarter } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../client.ts';
import { CONSTRAINTS, isUniqueViolation } from '../errors.ts';
import { createOrgWithOwner, joinAlliance } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { statistics } from './statistics.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const FIGURES: ReportFigures = {
  practitioners: 50, practitionersInCity: 40, localPractitioners: 30, revenueFen: 100_000_000, annotationRevenueFen: 90_000_000,
  trainedPreJob: 5, trainedCertified: 0, aboveDesignatedSize: false,
};
// each test opens its own quarter (periods are one per quarter)
const freshQuarter = () => `${2000 + randomInt(900)}Q${1 + randomInt(4)}`;
const open = (quarter: string) =>
  withTransaction(t.sql, (tx) => statistics.openPeriod(tx, {
    quarter, quarterEnd: `${quarter.slice(0, 4)}-12-31`, dueOn: `${Number(quarter.slice(0, 4)) + 1}-01-20`, openedBy: null,
  }));
async function member(kind: 'vendor' | 'buyer' | 'training_institution', isMember = true) {
  const { org, owner } = await createOrgWithOwner(t.sql, kind);
  if (isMember) await joinAlliance(t.sql, org.id);
  return { orgId: org.id, userId: owner.id };
}

describe(`statistics (${testBackend()})`, () => {
  it('writes down who must file when a period opens: member firms and training institutions only', async () => {
    const firm = await member('vendor');
    const school = await member('training_institution');
    const buyer = await member('buyer');
    const applicant = await member('vendor', false);
    const p = await open(freshQuarter());
    expect(p.status).toBe('open');
    const filers = await statistics.filersOf(t.sql, [p.id]);
    const kinds = new Map(filers.map((f) => [f.orgId, f.filerKind]));
    expect([kinds.get(firm.orgId), kinds.get(school.orgId), kinds.has(buyer.orgId), kinds.has(applicant.orgId)]).toEqual([
      'annotation_firm', 'training_institution', false, false,
    ]);
    // a member that joins later is not asked for a period opened before
    const late = await member('vendor');
    expect((await statistics.filer(t.sql, p.id, late.orgId))).toBeNull();
  });

  it('refuses a second period for a quarter', async () => {
    const q = freshQuarter();
    await open(q);
    await expect(open(q)).rejects.toSatisfy((e) => isUniqueViolation(e, CONSTRAINTS.statisticsPeriodsQuarter));
  });

  it('adds versions, keeps the earlier ones and marks the latest', async () => {
    const firm = await member('vendor');
    const p = await open(freshQuarter());
    const file = (figures: ReportFigures, reason: string | null) => withTransaction(t.sql, async (tx) => {
      expect(await statistics.lockFiler(tx, p.id, firm.orgId)).toEqual({ filerKind: 'annotation_firm', status: 'open' });
      return statistics.addVersion(tx, { periodId: p.id, orgId: firm.orgId, filerKind: 'annotation_firm', figures, warnings: [], reason, submittedBy: firm.userId });
    });
    const v1 = await file(FIGURES, null);
    const v2 = await file({ ...FIGURES, practitioners: 55 }, '人数少报');
    expect([v1.version, v2.version, v2.isLatest, v2.practitioners, v2.revenueFen, v2.reason]).toEqual([1, 2, true, 55, 100_000_000, '人数少报']);
    const versions = await statistics.versions(t.sql, p.id, firm.orgId);
    expect(versions.map((v) => [v.version, v.isLatest])).toEqual([[2, true], [1, false]]);
    expect((await statistics.latestReport(t.sql, p.id, firm.orgId))?.version).toBe(2);
    const [f] = (await statistics.filersOf(t.sql, [p.id])).filter((x) => x.orgId === firm.orgId);
    expect([f?.latestVersion, f?.firstFiledAt?.getTime()]).toEqual([2, v1.submittedAt.getTime()]);
  });

  it('keeps the "of which" rules and a correction\'s reason in the table too', async () => {
    const firm = await member('vendor');
    const p = await open(freshQuarter());
    const add = (figures: ReportFigures, reason: string | null = null) => withTransaction(t.sql, (tx) =>
      statistics.addVersion(tx, { periodId: p.id, orgId: firm.orgId, filerKind: 'annotation_firm', figures, warnings: [], reason, submittedBy: null }));
    await expect(add({ ...FIGURES, practitionersInCity: 51 })).rejects.toThrow(/statistics_reports_in_city_of_total/);
    await expect(add({ ...FIGURES, annotationRevenueFen: 100_000_001 })).rejects.toThrow(/statistics_reports_annotation_of_revenue/);
    await add(FIGURES);
    await expect(add(FIGURES, null)).rejects.toThrow(/statistics_reports_correction_reason/);
  });

  it('moves a period only from the states a step starts from', async () => {
    const p = await open(freshQuarter());
    const closed = await withTransaction(t.sql, (tx) => statistics.transitionPeriod(tx, p.id, ['open', 'reopened'], 'closed', null));
    expect(closed?.status).toBe('closed');
    expect(await withTransaction(t.sql, (tx) => statistics.transitionPeriod(tx, p.id, ['open', 'reopened'], 'closed', null))).toBeNull();
    const reopened = await withTransaction(t.sql, (tx) => statistics.transitionPeriod(tx, p.id, ['closed'], 'reopened', '补报'));
    expect([reopened?.status, reopened?.reopenReason]).toEqual(['reopened', '补报']);
  });

  it('lists the reminder candidates: members of open periods that have not filed, with the reminders sent', async () => {
    const a = await member('vendor');
    const b = await member('vendor');
    const p = await open(freshQuarter());
    await withTransaction(t.sql, (tx) => statistics.addVersion(tx, {
      periodId: p.id, orgId: a.orgId, filerKind: 'annotation_firm', figures: FIGURES, warnings: [], reason: null, submittedBy: null,
    }));
    expect(await withTransaction(t.sql, (tx) => statistics.markReminderSent(tx, p.id, b.orgId, 'statistics_due_soon'))).toBe(true);
    expect(await withTransaction(t.sql, (tx) => statistics.markReminderSent(tx, p.id, b.orgId, 'statistics_due_soon'))).toBe(false);
    const mine = (await statistics.reminderCandidates(t.sql)).filter((c) => c.periodId === p.id);
    expect(mine.some((c) => c.orgId === a.orgId)).toBe(false);
    expect(mine.find((c) => c.orgId === b.orgId)?.sent).toEqual(['statistics_due_soon']);
  });

  it('sums the marketplace by quarter as the domain defines it', async () => {
    const rows = await statistics.marketplaceByQuarter(t.sql);
    const amounts = await statistics.marketplaceAmounts(t.sql);
    for (const r of rows) {
      expect(marketplaceFigures(amounts, parseQuarter(r.quarter)!)).toEqual({ awardedFen: r.awardedFen, completedFen: r.completedFen });
    }
    expect(rows.every((r) => formatQuarter(parseQuarter(r.quarter)!) === r.quarter)).toBe(true);
  });
});
