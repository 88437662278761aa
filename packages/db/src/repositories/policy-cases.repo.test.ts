import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSTRAINTS, isUniqueViolation } from '../errors.ts';
import { createOrgWithOwner, sampleServiceFields } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { organisations } from './organisations.repo.ts';
import { type NewCase, policyCases } from './policy-cases.repo.ts';
import { type ServiceRow, policyServices } from './policy-services.repo.ts';
import { workingCalendar } from './working-calendar.repo.ts';

let t: TestDatabase;
let service: ServiceRow;
beforeAll(async () => {
  t = await createTestDatabase();
  service = await policyServices.create(t.sql, {
    code: `svc-${randomBytes(4).toString('hex')}`, fields: sampleServiceFields(), effectiveFrom: '2026-01-01', createdBy: null,
  });
  await policyServices.setStatus(t.sql, service.id, ['draft'], 'published');
});
afterAll(async () => {
  await t?.close();
});

const newCase = (orgId: string, userId: string): NewCase => ({
  serviceId: service.id, serviceVersion: 1, orgId, openedBy: userId, note: '请协助申报',
  materials: service.current.materials.map((m) => ({ materialId: m.id, name: m.name, required: m.required })),
});
const file = (caseId: string, materialId: string) => ({
  caseId, materialId, fileName: '营业执照.pdf', contentType: 'application/pdf', sizeBytes: 1234,
  sha256: 'a'.repeat(64), storageKey: randomUUID(), uploadedBy: null,
});

describe(`policy cases (${testBackend()})`, () => {
  it('opens a case with its checklist, under the version it was opened under', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'vendor');
    const c = await policyCases.open(t.sql, newCase(org.id, owner.id));
    expect(c).toMatchObject({
      status: 'submitted', serviceVersion: 1, serviceName: '升规纳统申报辅导', timeLimitDays: 10, orgId: org.id, orgName: org.name,
      note: '请协助申报', acceptedAt: null,
    });
    const materials = await policyCases.materials(t.sql, c.id);
    expect(materials.map((m) => [m.materialId, m.required, m.status])).toEqual([['m1', true, 'missing'], ['m2', true, 'missing'], ['m3', false, 'missing']]);
    // a new version of the service does not change the case
    await policyServices.addVersion(t.sql, service.id, service.currentVersion, sampleServiceFields({ name: '升规纳统辅导 2.0', timeLimitDays: 20 }), '2026-06-01', null);
    expect(await policyCases.get(t.sql, c.id)).toMatchObject({ serviceVersion: 1, serviceName: '升规纳统申报辅导', timeLimitDays: 10 });
    service = (await policyServices.get(t.sql, service.id)) as ServiceRow;
  });

  it('keeps one open case per firm and service, and allows a new one once it ended', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'buyer');
    const c = await policyCases.open(t.sql, newCase(org.id, owner.id));
    const err = await policyCases.open(t.sql, newCase(org.id, owner.id)).catch((e: unknown) => e);
    expect(isUniqueViolation(err, CONSTRAINTS.policyCasesOneOpenPerService)).toBe(true);
    await policyCases.transition(t.sql, c.id, ['submitted'], 'withdrawn', { stamp: 'decidedAt', withdrawReason: '暂不申请' });
    expect((await policyCases.open(t.sql, newCase(org.id, owner.id))).status).toBe('submitted');
  });

  it('lets only one of two concurrent openings and one of two concurrent steps through', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'vendor');
    const opened = await Promise.allSettled([policyCases.open(t.sql, newCase(org.id, owner.id)), policyCases.open(t.sql, newCase(org.id, owner.id))]);
    expect(opened.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = opened.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(isUniqueViolation(refused.reason, CONSTRAINTS.policyCasesOneOpenPerService)).toBe(true);
    const c = (opened.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ id: string }>).value;
    const steps = await Promise.all([
      policyCases.transition(t.sql, c.id, ['submitted'], 'accepted', { stamp: 'acceptedAt' }),
      policyCases.transition(t.sql, c.id, ['submitted'], 'rejected', { stamp: 'decidedAt', rejectReason: '不属于代办范围' }),
    ]);
    expect(steps.filter((r) => r !== null)).toHaveLength(1);
  });

  it('moves a case only from the states it may start from, stamping the step', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'vendor');
    const c = await policyCases.open(t.sql, newCase(org.id, owner.id));
    expect(await policyCases.transition(t.sql, c.id, ['accepted'], 'filed', { stamp: 'filedAt' })).toBeNull();
    const accepted = await policyCases.transition(t.sql, c.id, ['submitted'], 'accepted', { stamp: 'acceptedAt' });
    expect(accepted?.acceptedAt).toBeInstanceOf(Date);
    // the second of two concurrent acceptances finds the case moved
    expect(await policyCases.transition(t.sql, c.id, ['submitted'], 'accepted', { stamp: 'acceptedAt' })).toBeNull();
    const rejected = await policyCases.transition(t.sql, c.id, ['accepted'], 'rejected', { stamp: 'decidedAt', rejectReason: '不符合条件' });
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '不符合条件' });
    // the table refuses a rejection without its reason, whatever code writes it
    const other = await policyCases.open(t.sql, newCase((await createOrgWithOwner(t.sql, 'vendor')).org.id, owner.id));
    await expect(t.sql`update policy_cases set status = 'rejected', accepted_at = now() where id = ${other.id}`).rejects.toThrow(/policy_cases_reject_reason/);
  });

  it('reviews materials under a guard, keeping every file handed in', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'vendor');
    const c = await policyCases.open(t.sql, newCase(org.id, owner.id));
    await policyCases.addFile(t.sql, file(c.id, 'm1'));
    expect(await policyCases.setMaterialStatus(t.sql, c.id, 'm1', ['missing'], 'submitted', null)).toMatchObject({ status: 'submitted' });
    const corrected = await policyCases.setMaterialStatus(t.sql, c.id, 'm1', ['submitted'], 'needs_correction', { by: owner.id, reason: '需加盖公章' });
    expect(corrected).toMatchObject({ status: 'needs_correction', reviewReason: '需加盖公章', reviewedBy: owner.id });
    expect(await policyCases.setMaterialStatus(t.sql, c.id, 'm1', ['submitted'], 'accepted', { by: owner.id, reason: null })).toBeNull();
    await policyCases.addFile(t.sql, file(c.id, 'm1'));
    expect((await policyCases.files(t.sql, c.id)).length).toBe(2);
    expect(await policyCases.fileUsage(t.sql, c.id)).toEqual({ count: 2, bytes: 2468 });
    await expect(policyCases.addFile(t.sql, file(c.id, 'm9'))).rejects.toThrow(/policy_case_files_material_fkey/);
    const [f] = await policyCases.files(t.sql, c.id);
    expect(await policyCases.getFile(t.sql, c.id, f!.id)).toEqual(f);
    expect(await policyCases.getFile(t.sql, randomUUID(), f!.id)).toBeNull();
    expect((await policyCases.materialsOf(t.sql, [c.id])).get(c.id)?.map((m) => m.status)).toEqual(['needs_correction', 'missing', 'missing']);
  });

  it('keeps a thread of messages with the author’s name, page by page', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'vendor');
    const c = await policyCases.open(t.sql, newCase(org.id, owner.id));
    for (const body of ['一', '二', '三']) {
      await policyCases.addMessage(t.sql, { caseId: c.id, authorUserId: owner.id, authorOrgId: org.id, fromSecretariat: false, body });
    }
    const first = await policyCases.messages(t.sql, c.id, { limit: 2 });
    expect(first.items.map((m) => m.body)).toEqual(['一', '二']);
    expect(first.items[0]).toMatchObject({ authorName: '测试用户', fromSecretariat: false });
    expect((await policyCases.messages(t.sql, c.id, { cursor: first.nextCursor })).items.map((m) => m.body)).toEqual(['三']);
  });

  it('lists a firm’s cases newest first and the open ones for the queue', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'vendor');
    const a = await policyCases.open(t.sql, newCase(org.id, owner.id));
    await policyCases.transition(t.sql, a.id, ['submitted'], 'withdrawn', { stamp: 'decidedAt' });
    const b = await policyCases.open(t.sql, newCase(org.id, owner.id));
    expect((await policyCases.listForOrg(t.sql, org.id)).items.map((c) => c.id)).toEqual([b.id, a.id]);
    expect((await policyCases.listForOrg(t.sql, org.id, { statuses: ['withdrawn'] })).items.map((c) => c.id)).toEqual([a.id]);
    const page = await policyCases.listForOrg(t.sql, org.id, { limit: 1 });
    expect((await policyCases.listForOrg(t.sql, org.id, { cursor: page.nextCursor })).items.map((c) => c.id)).toEqual([a.id]);
    const queue = (await policyCases.listInStatuses(t.sql, ['submitted'])).map((c) => c.id);
    expect(queue).toContain(b.id);
    expect(queue).not.toContain(a.id);
  });
});

describe(`organisation facts (${testBackend()})`, () => {
  it('stores what the firm says and refuses more local practitioners than practitioners', async () => {
    const { org } = await createOrgWithOwner(t.sql, 'vendor');
    expect(await organisations.facts(t.sql, org.id)).toMatchObject({ foundedOn: null, practitioners: null, updatedAt: null });
    const facts = {
      foundedOn: '2021-03-15', revenueBand: '5m_20m' as const, aboveDesignatedSize: false, highTechCertificate: true,
      highTechValidUntil: '2027-06-30', practitioners: 120, localPractitioners: 96,
    };
    expect(await organisations.setFacts(t.sql, org.id, facts)).toMatchObject(facts);
    await expect(organisations.setFacts(t.sql, org.id, { ...facts, localPractitioners: 121 })).rejects.toThrow(/organisations_local_within_practitioners/);
    await expect(organisations.setFacts(t.sql, org.id, { ...facts, highTechCertificate: false })).rejects.toThrow(/organisations_high_tech_valid_until/);
    expect(await organisations.setFacts(t.sql, randomUUID(), facts)).toBeNull();
  });
});

describe(`working calendar (${testBackend()})`, () => {
  const y2026 = {
    year: 2026,
    confirmed: true,
    days: [
      { day: '2026-10-01', kind: 'holiday' as const, name: '国庆节' },
      { day: '2026-10-10', kind: 'workday' as const, name: '国庆节' },
    ],
  };

  it('seeds a library year once, and never over the secretariat’s corrections', async () => {
    expect(await workingCalendar.seedFromLibrary(t.sql, [y2026, { year: 2027, confirmed: false, days: [] }], 'chinese-days@1.5.7')).toEqual([2026, 2027]);
    const admin = randomUUID();
    await workingCalendar.setDay(t.sql, '2026-10-10', null, admin);
    await workingCalendar.setDay(t.sql, '2027-10-01', { kind: 'holiday', name: '国庆节' }, admin);
    expect(await workingCalendar.seedFromLibrary(t.sql, [y2026], 'chinese-days@1.5.8')).toEqual([]);
    const cal = await workingCalendar.load(t.sql, 2026, 2027);
    expect(cal.days).toEqual({ '2026-10-01': 'holiday', '2027-10-01': 'holiday' });
    // the library did not know 2027: entered, unconfirmed until the secretariat says so
    expect(cal.confirmedYears).toEqual([2026]);
    const year = await workingCalendar.year(t.sql, 2027);
    expect(year.days).toEqual([expect.objectContaining({ day: '2027-10-01', source: 'secretariat', updatedBy: admin })]);
  });

  it('enters a corrected year unconfirmed, until the secretariat confirms it', async () => {
    const admin = randomUUID();
    await workingCalendar.setDay(t.sql, '2030-01-01', { kind: 'holiday', name: '元旦' }, admin);
    expect((await workingCalendar.year(t.sql, 2030)).year).toMatchObject({ confirmed: false, libraryVersion: null });
    expect((await workingCalendar.load(t.sql, 2030, 2030)).confirmedYears).toEqual([]);
    expect(await workingCalendar.confirmYear(t.sql, 2030, true, admin)).toMatchObject({ confirmed: true, confirmedBy: admin });
    expect((await workingCalendar.load(t.sql, 2030, 2030)).confirmedYears).toEqual([2030]);
    expect((await workingCalendar.years(t.sql)).map((y) => y.year)).toContain(2030);
  });
});
