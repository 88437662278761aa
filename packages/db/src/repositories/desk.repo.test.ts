import { randomInt } from 'node:crypto';
import { type ReportFigures, targetsWith } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../client.ts';
import { createOrgWithOwner, joinAlliance } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { AVAILABLE_QUEUES, desk } from './desk.repo.ts';
import { statistics } from './statistics.repo.ts';

// The desk's late-statistics queue: members of a period taking filings that have no report once the due day is over
// (Asia/Shanghai), late since the moment it ended, each opening its period.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const FIGURES: ReportFigures = {
  practitioners: 50, practitionersInCity: 40, localPractitioners: 30, revenueFen: 100_000_000, annotationRevenueFen: 90_000_000,
  trainedPreJob: null, trainedCertified: null, aboveDesignatedSize: false,
};
const HOUR = 3_600_000;
const targets = targetsWith({});

/** A period of a fresh quarter of year `y`, due on 20 January of the next year; its members file or not. */
async function period(y: number) {
  const quarter = `${y}Q4`;
  const p = await withTransaction(t.sql, (tx) => statistics.openPeriod(tx, { quarter, quarterEnd: `${y}-12-31`, dueOn: `${y + 1}-01-20`, openedBy: null }));
  return { ...p, dueEnds: new Date(`${y + 1}-01-21T00:00:00+08:00`) };
}
const lateItems = async (now: Date) => {
  const { figures, items } = await desk.overview(t.sql, targets, 1000, now);
  return { figure: figures.find((f) => f.queue === 'late_statistics'), items: items.filter((i) => i.queue === 'late_statistics') };
};

describe(`the desk's late statistics (${testBackend()})`, () => {
  it('is a queue of the desk', () => {
    expect(AVAILABLE_QUEUES).toContain('late_statistics');
  });

  it('lists the members without a report once the due day is over, late since it ended, and no one who filed', async () => {
    const y = 2100 + randomInt(350);
    const late = await createOrgWithOwner(t.sql, 'vendor', { name: `逾期未报 ${y}` });
    const filed = await createOrgWithOwner(t.sql, 'vendor');
    for (const o of [late, filed]) await joinAlliance(t.sql, o.org.id);
    const p = await period(y);
    await withTransaction(t.sql, (tx) => statistics.addVersion(tx, {
      periodId: p.id, orgId: filed.org.id, filerKind: 'annotation_firm', figures: FIGURES, warnings: [], reason: null, submittedBy: null,
    }));
    const mine = (items: { id: string }[]) => items.filter((i) => i.id.startsWith(`${p.id}:`));

    // the last millisecond of the due day (Beijing time): not late yet
    expect(mine((await lateItems(new Date(p.dueEnds.getTime() - 1))).items)).toEqual([]);
    // from the moment it ends: late, titled by the member and the quarter
    const { items } = await lateItems(p.dueEnds);
    expect(mine(items)).toEqual([{ queue: 'late_statistics', id: `${p.id}:${late.org.id}`, orderId: null, title: `逾期未报 ${y} · ${y}Q4`, since: p.dueEnds }]);
    // against its target (168 h by default): late a week after the due day
    const weekOn = await lateItems(new Date(p.dueEnds.getTime() + 168 * HOUR));
    expect(weekOn.figure?.lateCount).toBeGreaterThanOrEqual(1);
    expect(mine(weekOn.items)).toHaveLength(1);
  });

  it('leaves out closed periods and takes reopened ones back', async () => {
    const y = 2450 + randomInt(350);
    const o = await createOrgWithOwner(t.sql, 'training_institution');
    await joinAlliance(t.sql, o.org.id);
    const p = await period(y);
    const now = new Date(p.dueEnds.getTime() + HOUR);
    const has = async () => (await lateItems(now)).items.some((i) => i.id === `${p.id}:${o.org.id}`);
    expect(await has()).toBe(true);
    await withTransaction(t.sql, (tx) => statistics.transitionPeriod(tx, p.id, ['open', 'reopened'], 'closed', null));
    expect(await has()).toBe(false);
    await withTransaction(t.sql, (tx) => statistics.transitionPeriod(tx, p.id, ['closed'], 'reopened', '补报'));
    expect(await has()).toBe(true);
  });
});
