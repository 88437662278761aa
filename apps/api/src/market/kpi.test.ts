import { industrialBases } from '@annex/db';
import { joinAlliance } from '@annex/db/fixtures.ts';
import { addCalendarDays, shanghaiDate } from '@annex/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAs } from '../test-helpers.ts';
import { type Market, type Party, as, seedAwardedOrder, setupMarket } from '../test-market.ts';

// The KPI dashboard's figures against sums this test works out itself from the reports it files: two quarters of one
// year, a correction (only the latest version counts), firms that do not file, a closed period reopened and corrected.

type Figures = {
  practitioners: number | null; practitionersInCity: number | null; localPractitioners: number | null; revenueFen: number | null;
  annotationRevenueFen: number | null; trainedPreJob: number | null; trainedCertified: number | null; aboveDesignatedSize: boolean | null;
};
const firm = (p: number, inCity: number, local: number, revenueFen: number, above = false, trained = 0): Figures => ({
  practitioners: p, practitionersInCity: inCity, localPractitioners: local, revenueFen: revenueFen * 2, annotationRevenueFen: revenueFen,
  trainedPreJob: trained, trainedCertified: 0, aboveDesignatedSize: above,
});
const school = (preJob: number, certified: number): Figures => ({
  practitioners: null, practitionersInCity: null, localPractitioners: null, revenueFen: null, annotationRevenueFen: null,
  trainedPreJob: preJob, trainedCertified: certified, aboveDesignatedSize: null,
});

let m: Market;
let firmC: Party;
let firmD: Party;
let college: Party;
const periods: Record<string, string> = {};
/** What counts: the latest version each member filed, by quarter and organisation. */
const latest = new Map<string, Map<string, Figures>>();
let admin: ReturnType<typeof as>;

async function file(p: Party, quarter: string, f: Figures, reason?: string) {
  const r = await as(m.app, p).post(`/api/v1/statistics/periods/${periods[quarter]}/report`, { ...f, ...(reason ? { reason } : {}) });
  if (r.status !== 201) throw new Error(`file: ${r.status} ${r.text}`);
  if (!latest.has(quarter)) latest.set(quarter, new Map());
  latest.get(quarter)!.set(p.orgId, f);
}
const sum = (xs: (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);
const of = (quarter: string) => [...(latest.get(quarter)?.values() ?? [])];
const target = (k: { targets: { key: string }[] }, key: string) => k.targets.find((t) => t.key === key) as Record<string, unknown>;

beforeAll(async () => {
  m = await setupMarket();
  admin = as(m.app, m.parties.secretariat);
  const party = async (kind: 'vendor' | 'training_institution', name: string): Promise<Party> => {
    const r = await registerAs(m.app, kind, {});
    return { cookie: r.cookie, orgId: r.me.organisation.id, userId: r.me.user.id, name };
  };
  firmC = await party('vendor', '东阿标注');
  firmD = await party('vendor', '临清智能标注');
  college = await party('training_institution', '聊城职业技术学院');
  for (const p of [m.parties.vendorA, m.parties.vendorB, firmC, firmD, college]) await joinAlliance(m.db.sql, p.orgId);
  const dueOn = addCalendarDays(shanghaiDate(new Date()), 10);
  for (const quarter of ['2025Q1', '2025Q2']) {
    const r = await admin.post('/api/v1/statistics/periods', { quarter, dueOn });
    if (r.status !== 201) throw new Error(`open: ${r.status} ${r.text}`);
    periods[quarter] = r.json.id;
  }
  const { vendorA, vendorB } = m.parties;
  // 2025Q1: three firms and the college file; firm D does not
  await file(vendorA, '2025Q1', firm(137, 120, 97, 310_000_000, true));
  await file(vendorB, '2025Q1', firm(241, 200, 151, 520_000_000));
  await file(firmC, '2025Q1', firm(59, 59, 50, 90_000_000, true, 7));
  await file(college, '2025Q1', school(113, 29));
  // 2025Q2: A files and corrects; B files; C and D do not; the college files
  await file(vendorA, '2025Q2', firm(900, 800, 700, 990_000_000, true));
  await file(vendorA, '2025Q2', firm(149, 131, 103, 330_000_000, true), '从业人员多填了一位');
  await file(vendorB, '2025Q2', firm(263, 211, 167, 560_000_000));
  await file(college, '2025Q2', school(88, 31));
}, 180_000);
afterAll(async () => {
  await m?.close();
});

describe('the KPI dashboard', () => {
  it('sums the latest version of each report, leaving out those that did not file', async () => {
    const r = await admin.get('/api/v1/admin/kpi');
    expect(r.status).toBe(200);
    const k = r.json;
    expect(k.asOf).toBe('2025Q2');
    const q2 = of('2025Q2');
    const firms = q2.filter((f) => f.practitioners !== null);
    // the corrected 900 of vendor A is gone: 149 + 263
    expect(target(k, 'practitioners')).toMatchObject({ current: sum(firms.map((f) => f.practitioners)), asOf: '2025Q2', members: 2 });
    expect(target(k, 'practitioners').current).toBe(412);
    expect(target(k, 'above_scale_firms').current).toBe(q2.filter((f) => f.aboveDesignatedSize === true).length);
    expect(target(k, 'local_supply_rate').current).toBeCloseTo(sum(firms.map((f) => f.localPractitioners)) / sum(firms.map((f) => f.practitionersInCity)), 12);
    // yearly figures run from the year's first quarter
    const ytd = [...of('2025Q1'), ...q2];
    expect(target(k, 'annotation_revenue').current).toBe(sum(ytd.map((f) => f.annotationRevenueFen)));
    expect(target(k, 'people_trained').current).toBe(sum(ytd.map((f) => sum([f.trainedPreJob, f.trainedCertified]))));
    const rows = Object.fromEntries(k.quarters.map((q: { quarter: string }) => [q.quarter, q]));
    expect(rows['2025Q1']).toMatchObject({
      filers: 5, filed: 4, practitioners: sum(of('2025Q1').map((f) => f.practitioners)), aboveScaleFirms: 2,
      annotationRevenueFen: sum(of('2025Q1').map((f) => f.annotationRevenueFen)), trainedPreJob: sum(of('2025Q1').map((f) => f.trainedPreJob)),
    });
    expect(rows['2025Q2']).toMatchObject({ filers: 5, filed: 3, trainedCertified: 31, trainedYtd: target(k, 'people_trained').current });
    // every target carries its definition, formula, path and verdict
    for (const t of k.targets) {
      expect(t.definition.zh.length).toBeGreaterThan(0);
      expect(t.formula.en.length).toBeGreaterThan(0);
      expect(typeof t.pathNow).toBe('number');
    }
    expect(target(k, 'practitioners').baseline).toEqual({ value: sum(of('2025Q1').map((f) => f.practitioners)), on: '2025-03-31' });
  });

  it('counts a correction made after the period was closed and reopened', async () => {
    const q2 = periods['2025Q2']!;
    expect((await admin.post(`/api/v1/statistics/periods/${q2}/close`)).status).toBe(200);
    expect((await admin.post(`/api/v1/statistics/periods/${q2}/reopen`, { reason: '东阿标注补报' })).status).toBe(200);
    await file(m.parties.vendorB, '2025Q2', firm(271, 219, 170, 575_000_000), '季末人数更正');
    await file(firmC, '2025Q2', firm(61, 61, 52, 95_000_000, true));
    const k = (await admin.get('/api/v1/admin/kpi')).json;
    const firms = of('2025Q2').filter((f) => f.practitioners !== null);
    expect(target(k, 'practitioners')).toMatchObject({ current: 149 + 271 + 61, members: 3 });
    expect(target(k, 'local_supply_rate').current).toBeCloseTo(sum(firms.map((f) => f.localPractitioners)) / sum(firms.map((f) => f.practitionersInCity)), 12);
    expect(target(k, 'above_scale_firms').current).toBe(2);
  });

  it('drills down to the report versions, the members that did not file, the bases and the awards', async () => {
    const r = await admin.get('/api/v1/admin/kpi/practitioners/rows?quarter=2025Q2');
    expect(r.status).toBe(200);
    expect(r.json.quarters).toEqual(['2025Q2']);
    const byOrg = new Map(r.json.reports.map((x: { orgId: string }) => [x.orgId, x]));
    expect(byOrg.get(m.parties.vendorA.orgId)).toMatchObject({ version: 2, practitioners: 149 });
    expect(byOrg.get(m.parties.vendorB.orgId)).toMatchObject({ version: 2, practitioners: 271 });
    expect(r.json.notFiled.map((x: { orgId: string }) => x.orgId)).toEqual([firmD.orgId]);
    expect(r.json.value).toBe(sum(r.json.reports.map((x: { practitioners: number | null }) => x.practitioners)));
    const revenue = await admin.get('/api/v1/admin/kpi/annotation_revenue/rows?quarter=2025Q2');
    expect(revenue.json.quarters).toEqual(['2025Q1', '2025Q2']);
    expect(revenue.json.value).toBe(sum(revenue.json.reports.map((x: { annotationRevenueFen: number | null }) => x.annotationRevenueFen)));

    await industrialBases.create(m.db.sql, {
      name: '聊城高新区数据标注产业园', county: '371572', floorAreaM2: 12_000, seats: 800, occupiedSeats: 560, openedOn: '2024-09-01',
      benchmarkStatus: 'benchmark', benchmarkSince: '2025-06-30', address: '', operatorOrgId: null,
    });
    const bases = await admin.get('/api/v1/admin/kpi/benchmark_bases/rows?quarter=2025Q2');
    expect([bases.json.value, bases.json.bases.length]).toEqual([1, 1]);
    expect((await admin.get('/api/v1/admin/kpi/benchmark_bases/rows?quarter=2025Q1')).json.value).toBe(0);

    const a = await seedAwardedOrder(m, m.parties.buyerA);
    const k = (await admin.get('/api/v1/admin/kpi')).json;
    const quarter = k.marketplace.at(-1).quarter;
    const awards = await admin.get(`/api/v1/admin/kpi/awarded_value/rows?quarter=${quarter}`);
    expect(awards.json.deals.map((d: { orderId: string }) => d.orderId)).toEqual([a.order.id]);
    expect(awards.json.value).toBe(a.bidA.totalPriceFen);
    expect(k.topVendors).toEqual([{ orgId: m.parties.vendorA.orgId, name: expect.any(String), awards: 1, awardedFen: a.bidA.totalPriceFen }]);
    expect(k.awardedByMonth.at(-1)).toMatchObject({ awards: 1, awardedFen: a.bidA.totalPriceFen });
    expect(k.byModality).toContainEqual({ modality: a.order.modality, orders: expect.any(Number) });
    expect(k.marketplace.at(-1)).toMatchObject({ awardedFen: a.bidA.totalPriceFen });
  });

  it('refuses an unknown figure or quarter and everyone but the secretariat', async () => {
    expect((await admin.get('/api/v1/admin/kpi/happiness/rows')).json.code).toBe('validation_failed');
    expect((await admin.get('/api/v1/admin/kpi/practitioners/rows?quarter=2025Q5')).status).toBe(400);
    expect((await admin.get('/api/v1/admin/kpi/practitioners/rows?quarter=2019Q1')).json.code).toBe('not_found');
    expect((await admin.get('/api/v1/admin/kpi/export?format=pdf')).status).toBe(400);
    for (const path of ['/api/v1/admin/kpi', '/api/v1/admin/kpi/practitioners/rows', '/api/v1/admin/kpi/export']) {
      expect((await as(m.app, m.parties.vendorA).get(path)).status).toBe(403);
      expect((await as(m.app, null).get(path)).status).toBe(401);
    }
  });

  it('exports every table as CSV and as XLSX, a sheet per table', async () => {
    const csv = await admin.get('/api/v1/admin/kpi/export?format=csv');
    expect(csv.res.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain('季度趋势 Quarters');
    expect(csv.text).toContain('2025Q2');
    const res = await m.app.request('/api/v1/admin/kpi/export?format=xlsx', { headers: { cookie: m.parties.secretariat.cookie } });
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '指标 Targets', '季度趋势 Quarters', '平台交易 Marketplace', '区县 Counties', '订单模态 Modalities', '月度中标 Months', '服务商排名 Vendors',
    ]);
    const quarters = book.getWorksheet('季度趋势 Quarters')!;
    const q2 = quarters.getSheetValues().find((row) => Array.isArray(row) && row[1] === '2025Q2') as unknown[];
    // columns: quarter, status, filers, filed, practitioners…
    expect(q2[5]).toBe(149 + 271 + 61);
  });
});

describe('the public summary', () => {
  it('publishes a sum over three members or more and never one member’s figure', async () => {
    const r = await as(m.app, null).get('/api/v1/public/kpi-summary');
    expect(r.status).toBe(200);
    expect(r.json.asOf).toBe('2025Q2');
    const s = r.json;
    expect(target(s, 'practitioners').current).toBe(149 + 271 + 61);
    expect(target(s, 'benchmark_bases').current).toBe(1);
    // no member's own figure appears anywhere in it
    const text = JSON.stringify(s);
    for (const f of [...of('2025Q1'), ...of('2025Q2')]) {
      for (const v of [f.practitioners, f.practitionersInCity, f.localPractitioners, f.annotationRevenueFen, f.trainedPreJob]) {
        if (v) expect(text).not.toMatch(new RegExp(`[^0-9.]${v}[^0-9.]`));
      }
    }
    for (const t of s.targets) expect(t).not.toHaveProperty('members');
  });

  it('holds back a figure while fewer than three members make it', async () => {
    // 2025Q3: only vendor A files; its figure would be the sum
    const r = await admin.post('/api/v1/statistics/periods', { quarter: '2025Q3', dueOn: addCalendarDays(shanghaiDate(new Date()), 10) });
    periods['2025Q3'] = r.json.id;
    await file(m.parties.vendorA, '2025Q3', firm(157, 140, 111, 345_000_000, true));
    const s = (await as(m.app, null).get('/api/v1/public/kpi-summary')).json;
    expect(s.asOf).toBe('2025Q3');
    for (const key of ['practitioners', 'local_supply_rate', 'above_scale_firms', 'annotation_revenue']) {
      expect(target(s, key)).toMatchObject({ current: null, progress: null, onTrack: null, met: false });
    }
    expect(JSON.stringify(s)).not.toMatch(/[^0-9.]157[^0-9.]/);
    // the secretariat still sees it
    expect(target((await admin.get('/api/v1/admin/kpi')).json, 'practitioners').current).toBe(157);
  });
});
