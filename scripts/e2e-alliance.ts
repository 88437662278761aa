/**
 * The alliance journey of `pnpm test:e2e` (E2E_JOURNEYS=alliance): the secretariat opens a quarter's statistics period
 * on /admin/statistics, already past its due date (the instance allows a backdated due date:
 * STATISTICS_DUE_BACKDATE_DAYS), so its members are late at once and the desk's late-statistics queue counts them →
 * one firm is reminded by the scheduler and files late (a figure above its total refused first) → another files and
 * corrects its report with a reason (version 2) → /admin/kpi shows the quarter's figures (practitioners the sum of
 * what was filed, the correction counted), its charts and the rows behind the figure → the secretariat downloads the
 * XLSX export and it holds the quarter's row → the secretariat publishes an announcement and an event, both on the
 * home page → a member registers for the event on a phone. The secretariat's pages are also seen at 375 px.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  type Instance, type Locale, ROOT, SHOTS, beijingInput, expectAfterReload, expectText, hydrated, journeyPages, login, noSidewaysScroll, open,
  shot, stepRunner, switchLanguage, t,
} from './e2e-kit.ts';

// the API's own exceljs opens the downloaded workbook, as a spreadsheet program would
const ExcelJS = createRequire(join(ROOT, 'apps/api/package.json'))('exceljs') as typeof import('exceljs');

/** What a firm types into the report form: people as counts, money in 元. */
type Filing = { practitioners: number; inCity: number; local: number; revenueYuan: number; annotationYuan: number; preJob: number; certified: number; above: boolean };

/** The demo firms (apps/api/src/cli/demo-alliance.ts): members that file statistics. */
const LATE_FIRM = { email: 'vendor.huiyan@annex.local', name: '聊城慧眼人工智能科技有限公司' };
const CORRECTING_FIRM = { email: 'vendor.shuicheng@annex.local', name: '聊城水城数标信息技术有限公司' };
/** The member that registers for the event (the college, on a phone). */
const EVENT_MEMBER = { email: 'school.lcvtc@annex.local', name: '聊城职业技术学院' };

const LATE_FILING: Filing = { practitioners: 184, inCity: 171, local: 139, revenueYuan: 5_120_000, annotationYuan: 4_730_000, preJob: 21, certified: 6, above: true };
const FIRST_FILING: Filing = { practitioners: 302, inCity: 287, local: 231, revenueYuan: 8_300_000, annotationYuan: 7_650_000, preJob: 33, certified: 11, above: true };
/** The correction: the headcount and annotation revenue were understated. */
const CORRECTED: Filing = { ...FIRST_FILING, practitioners: 317, inCity: 301, annotationYuan: 7_880_000 };

/** Digits of a figure as the page writes it (thousands separators, units aside); '—' is none. */
const countIn = (text: string | null): number => Number((text ?? '').replace(/[^\d]/g, '') || '0');

async function fillReport(page: Page, f: Filing) {
  const set = async (field: string, v: number) => page.locator(`#st-${field}`).fill(String(v));
  await set('practitioners', f.practitioners);
  await set('practitionersInCity', f.inCity);
  await set('localPractitioners', f.local);
  await set('revenueFen', f.revenueYuan);
  await set('annotationRevenueFen', f.annotationYuan);
  await set('trainedPreJob', f.preJob);
  await set('trainedCertified', f.certified);
  await page.locator('#st-aboveDesignatedSize').selectOption(f.above ? 'yes' : 'no');
}

/** The filing state badge of a firm's report, in words. */
async function reportState(page: Page, locale: Locale, key: string) {
  await page.locator('[data-testid=report-panel] .panel-head').getByText(t(locale, key), { exact: true }).waitFor();
}

/** The journey in one language. */
export async function allianceJourney(browser: Browser, annex: Instance, locale: Locale): Promise<void> {
  const { webUrl } = annex;
  const tag = locale === 'zh-CN' ? 'zh' : 'en';
  const stamp = Date.now().toString(36);
  const announcementTitle = locale === 'zh-CN' ? `关于报送季度统计数据的通知 ${stamp}` : `Quarterly statistics are due ${stamp}`;
  const eventTitle = locale === 'zh-CN' ? `数据标注质量管理交流会 ${stamp}` : `Annotation quality workshop ${stamp}`;
  const problems: string[] = [];
  const steps = [
    `${locale}: alliance — everyone signs in`,
    `${locale}: alliance — the secretariat opens a quarter's period on /admin/statistics (also at 375 px); its members are late at once`,
    `${locale}: alliance — the desk's late-statistics queue counts them`,
    `${locale}: alliance — a firm is reminded and files late (a figure above its total refused first)`,
    `${locale}: alliance — another firm files and corrects its report with a reason (version 2)`,
    `${locale}: alliance — /admin/kpi shows the filed figures, its charts and the rows behind them (also at 375 px)`,
    `${locale}: alliance — the secretariat downloads the XLSX export: it holds the quarter's filed figures`,
    `${locale}: alliance — the secretariat publishes an announcement and an event; both are on the home page`,
    `${locale}: alliance — a member registers for the event on a phone`,
  ];
  const journey = await journeyPages(browser, problems, ['admin', 'late', 'fixer'] as const);
  // a second phone, the secretariat's
  const deskPhone = await journeyPages(browser, problems, [] as const);
  const { admin, late, fixer, phone } = journey.pages;
  const adminPhone = deskPhone.pages.phone;
  const shotA = (page: Page, name: string) => shot(page, `${tag}-alliance-${name}`);
  const run = stepRunner(steps, problems, [admin, late, fixer, phone, adminPhone]);

  let periodUrl = '';
  let periodId = '';
  let quarter = '';
  let dueOn = '';
  let filers = 0;
  let lateBefore = 0;
  let eventUrl = '';

  /** The quarter's row of the dashboard's filing table, which names it as the statistics pages do ("2026 年第 3 季度"). */
  const coverageRow = (page: Page) => {
    const label = t(locale, 'st_quarter', { year: quarter.slice(0, 4), q: quarter.slice(5) });
    return page.locator('section[aria-labelledby=kpi-coverage] tbody tr', { has: page.locator('td', { hasText: new RegExp(`^${label}$`) }) });
  };

  try {
    await run(0, async () => {
      const accounts: [Page, string][] = [[admin, annex.adminEmail], [adminPhone, annex.adminEmail], [late, LATE_FIRM.email], [fixer, CORRECTING_FIRM.email], [phone, EVENT_MEMBER.email]];
      for (const [page, email] of accounts) {
        await login(page, webUrl, email, annex.adminPassword);
        if (locale === 'en') await switchLanguage(page, locale);
      }
    });

    await run(1, async () => {
      await open(admin, `${webUrl}/admin`);
      lateBefore = countIn(await admin.locator('[data-queue=late_statistics] dd.count').textContent());
      await open(admin, `${webUrl}/admin/statistics`);
      // the oldest quarters without a period are offered; the journey takes the newest of them
      quarter = await admin.locator('#open-quarter option').first().getAttribute('value') ?? '';
      if (!/^\d{4}Q[1-4]$/.test(quarter)) throw new Error(`no quarter offered to open (got "${quarter}")`);
      await admin.locator('#open-quarter').selectOption(quarter);
      // due yesterday (Beijing): the members are late the moment it opens
      dueOn = beijingInput(new Date(Date.now() - 86_400_000)).slice(0, 10);
      await admin.locator('#open-due').fill(dueOn);
      await shotA(admin, '00-open-period');
      await Promise.all([admin.waitForURL(/\/admin\/statistics\/[0-9a-f-]+\?done=opened/), admin.locator('[data-testid=open-period]').click()]);
      await hydrated(admin);
      periodUrl = admin.url().replace(/\?.*$/, '');
      periodId = periodUrl.split('/').pop()!;
      const rows = admin.locator('[data-testid=filers] tbody tr');
      filers = await rows.count();
      if (filers < 2) throw new Error(`the period has ${filers} filers; the demo members should be there`);
      for (const firm of [LATE_FIRM, CORRECTING_FIRM]) {
        await rows.filter({ hasText: firm.name }).getByText(t(locale, 'st_state_late'), { exact: true }).waitFor();
      }
      await shotA(admin, '01-period-opened');
      // the secretariat's list of periods at 375 px: the table reads as cards, nothing wider than the phone
      await open(adminPhone, `${webUrl}/admin/statistics`);
      await adminPhone.locator('[data-testid=periods]').getByRole('link', { name: new RegExp(quarter.slice(0, 4)) }).first().waitFor();
      await noSidewaysScroll(adminPhone, 375);
      await shotA(adminPhone, '02-phone-periods');
      await open(adminPhone, periodUrl);
      await noSidewaysScroll(adminPhone, 375);
      await shotA(adminPhone, '03-phone-period');
    });

    await run(2, async () => {
      await open(admin, `${webUrl}/admin`);
      const queue = admin.locator('[data-queue=late_statistics]');
      const lateNow = countIn(await queue.locator('dd.count').textContent());
      if (lateNow !== lateBefore + filers) throw new Error(`the late-statistics queue counts ${lateNow}, expected ${lateBefore} + ${filers} members of ${quarter}`);
      await shotA(admin, '04-desk-late-statistics');
      // the queue leads to the periods
      await Promise.all([admin.waitForURL((u) => u.pathname === '/admin/statistics'), queue.getByRole('link', { name: t(locale, 'desk_q_late_statistics') }).click()]);
      await hydrated(admin);
    });

    await run(3, async () => {
      // the scheduler's reminder to a late member reaches its inbox
      await open(late, `${webUrl}/inbox`);
      await expectAfterReload(late, t(locale, 'nt_statistics_overdue', { quarter, due: dueOn }), '[data-testid=inbox]');
      await shotA(late, '05-reminded');
      await open(late, `${webUrl}/org/statistics?period=${periodId}`);
      await reportState(late, locale, 'st_state_late');
      await fillReport(late, { ...LATE_FILING, local: LATE_FILING.inCity + 1 });
      // local talent cannot exceed those working in Liaocheng: said under the field before anything is sent
      await late.locator('[data-testid=file-report]').click();
      await expectText(late, t(locale, 'st_f_in_city'), '#st-localPractitioners-error');
      await shotA(late, '06-report-error');
      await late.locator('#st-localPractitioners').fill(String(LATE_FILING.local));
      await Promise.all([late.waitForURL(/done=filed/), late.locator('[data-testid=file-report]').click()]);
      await hydrated(late);
      await expectText(late, t(locale, 'st_done_filed'));
      await reportState(late, locale, 'st_state_filed_late');
      await shotA(late, '07-filed-late');
    });

    await run(4, async () => {
      const here = `${webUrl}/org/statistics?period=${periodId}`;
      await open(fixer, here);
      await fillReport(fixer, FIRST_FILING);
      await Promise.all([fixer.waitForURL(/done=filed/), fixer.locator('[data-testid=file-report]').click()]);
      await hydrated(fixer);
      await expectText(fixer, t(locale, 'st_done_filed'));
      await Promise.all([fixer.waitForURL(/[?&]correct/), fixer.locator('[data-testid=correct-report]').click()]);
      await hydrated(fixer);
      await fillReport(fixer, CORRECTED);
      // a correction needs its reason
      await fixer.locator('[data-testid=file-report]').click();
      await expectText(fixer, t(locale, 'st_e_reason'), '#st-reason-error');
      const reason = locale === 'zh-CN' ? '漏报了季度末新入职的 15 名标注员及其项目收入。' : 'Fifteen annotators who joined at quarter end and their project revenue were left out.';
      await fixer.locator('#st-reason').fill(reason);
      await shotA(fixer, '08-correction');
      await Promise.all([fixer.waitForURL(/done=corrected/), fixer.locator('[data-testid=file-report]').click()]);
      await hydrated(fixer);
      await expectText(fixer, t(locale, 'st_done_corrected', { version: 2 }));
      const versions = fixer.locator('[data-testid=report-versions] > li');
      if ((await versions.count()) !== 2) throw new Error(`${await versions.count()} versions listed, expected 2`);
      await expectText(fixer, t(locale, 'st_reason_is', { reason }), '[data-testid=report-versions]');
      await shotA(fixer, '09-corrected');
    });

    await run(5, async () => {
      // the period: both firms filed (after the due date), the correction as version 2
      await open(admin, periodUrl);
      const rows = admin.locator('[data-testid=filers] tbody tr');
      await rows.filter({ hasText: LATE_FIRM.name }).getByText(t(locale, 'st_state_filed_late'), { exact: true }).waitFor();
      const fixed = rows.filter({ hasText: CORRECTING_FIRM.name });
      await fixed.getByText(t(locale, 'st_state_filed_late'), { exact: true }).waitFor();
      if ((await fixed.locator('td').nth(4).textContent())?.trim() !== '2') throw new Error('the corrected report is not at version 2');
      await shotA(admin, '10-period-filed');

      await open(admin, `${webUrl}/admin/kpi`);
      const row = coverageRow(admin);
      await row.waitFor();
      const cells = row.locator('td');
      const expected = LATE_FILING.practitioners + CORRECTED.practitioners;
      if ((await cells.nth(1).textContent())?.replace(/\s/g, '') !== `2/${filers}`) throw new Error(`${quarter} shows ${await cells.nth(1).textContent()} filed, expected 2 / ${filers}`);
      // nobody else filed the new quarter: its practitioners are exactly the two reports, the correction counted
      const shown = countIn(await cells.nth(2).textContent());
      if (shown !== expected) throw new Error(`${quarter} shows ${shown} practitioners, expected ${LATE_FILING.practitioners} + ${CORRECTED.practitioners} = ${expected}`);
      // the charts are drawn (ECharts loads after the page)
      await admin.locator('[data-testid=kpi-charts] canvas, [data-testid=kpi-charts] svg').first().waitFor();
      await shotA(admin, '11-kpi');
      // the figure drills down to the reports it sums
      await Promise.all([admin.waitForURL(/\/admin\/kpi\/practitioners\?quarter=/), cells.nth(2).getByRole('link').click()]);
      await hydrated(admin);
      for (const firm of [LATE_FIRM, CORRECTING_FIRM]) await admin.locator('[data-testid=kpi-rows]').getByText(firm.name).first().waitFor();
      await expectText(admin, String(CORRECTED.practitioners), '[data-testid=kpi-rows]');
      await shotA(admin, '12-kpi-rows');

      await open(adminPhone, `${webUrl}/admin/kpi`);
      await coverageRow(adminPhone).waitFor();
      await adminPhone.locator('[data-testid=kpi-charts] canvas, [data-testid=kpi-charts] svg').first().waitFor();
      await noSidewaysScroll(adminPhone, 375);
      await shotA(adminPhone, '13-phone-kpi');
    });

    await run(6, async () => {
      await open(admin, `${webUrl}/admin/kpi`);
      const [download] = await Promise.all([admin.waitForEvent('download'), admin.locator('[data-testid=kpi-export-xlsx]').click()]);
      const path = join(SHOTS, `${tag}-alliance-kpi.xlsx`);
      await download.saveAs(path);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await readFile(path));
      const sheet = book.worksheets.find((s) => s.name.includes('Quarters'));
      if (!sheet) throw new Error(`no quarters sheet in the export (sheets: ${book.worksheets.map((s) => s.name).join(', ')})`);
      const header = (sheet.getRow(1).values as unknown[]).map(String);
      const col = (name: string) => {
        const i = header.indexOf(name);
        if (i < 0) throw new Error(`no column ${name} in the quarters sheet`);
        return i;
      };
      let found: unknown[] | null = null;
      sheet.eachRow((r) => {
        const v = r.values as unknown[];
        if (v[col('季度')] === quarter) found = v;
      });
      const row = found as unknown[] | null;
      if (!row) throw new Error(`the export has no row for ${quarter}`);
      const want: [string, number][] = [
        ['已填报', 2],
        ['从业人员', LATE_FILING.practitioners + CORRECTED.practitioners],
        ['数据标注收入(元)', LATE_FILING.annotationYuan + CORRECTED.annotationYuan],
        ['在聊城从业人员', LATE_FILING.inCity + CORRECTED.inCity],
        ['本地人才', LATE_FILING.local + CORRECTED.local],
      ];
      for (const [name, value] of want) {
        if (Number(row[col(name)]) !== value) throw new Error(`the export's ${quarter} ${name} is ${String(row[col(name)])}, expected ${value}`);
      }
    });

    await run(7, async () => {
      await open(admin, `${webUrl}/admin/announcements`);
      await Promise.all([admin.waitForURL(/\/admin\/announcements\/new/), admin.locator('[data-testid=new-announcement]').click()]);
      await hydrated(admin);
      await admin.locator('#an-title').fill(announcementTitle);
      await admin.locator('#an-body').fill(locale === 'zh-CN'
        ? `各会员单位：\n\n请于截止日前在 **统计填报** 页面报送 ${quarter} 数据。\n\n- 从业人员按季度末人数填写\n- 收入以元为单位`
        : `Dear members,\n\nplease file your **${quarter}** figures on the statistics page before the due date.\n\n- people at quarter end\n- revenue in yuan`);
      await admin.locator('input[name=pinned]').check();
      await Promise.all([admin.waitForURL(/\/admin\/announcements\/[0-9a-f-]+\?done=saved/), admin.locator('[data-testid=save-announcement]').click()]);
      await hydrated(admin);
      await Promise.all([admin.waitForURL(/done=published/), admin.locator('[data-testid=publish-announcement]').click()]);
      await hydrated(admin);
      await expectText(admin, t(locale, 'adm_published'));
      await shotA(admin, '14-announcement-published');

      await open(admin, `${webUrl}/admin/events`);
      await Promise.all([admin.waitForURL(/\/admin\/events\/new/), admin.locator('[data-testid=new-event]').click()]);
      await hydrated(admin);
      // the afternoon of the day after tomorrow (Beijing), registration until 18:00 tomorrow
      const day = (n: number) => beijingInput(new Date(Date.now() + n * 86_400_000)).slice(0, 10);
      await admin.locator('#ev-title').fill(eventTitle);
      await admin.locator('#ev-starts').fill(`${day(2)}T14:00`);
      await admin.locator('#ev-ends').fill(`${day(2)}T17:00`);
      await admin.locator('#ev-deadline').fill(`${day(1)}T18:00`);
      await admin.locator('#ev-kind').selectOption('onsite');
      await admin.locator('#ev-capacity').fill('30');
      await admin.locator('#ev-place').fill(locale === 'zh-CN' ? '聊城市东昌府区数据标注产业园 3 号楼报告厅' : 'Hall, building 3, Dongchangfu data-annotation park, Liaocheng');
      await admin.locator('#ev-description').fill(locale === 'zh-CN' ? '交流抽检与返工的做法，**会员单位**优先。' : 'How members sample and rework batches; **members** first.');
      await Promise.all([admin.waitForURL(/\/admin\/events\/[0-9a-f-]+\?done=saved/), admin.locator('[data-testid=save-event]').click()]);
      await hydrated(admin);
      eventUrl = `${webUrl}/events/${admin.url().replace(/\?.*$/, '').split('/').pop()}`;
      await Promise.all([admin.waitForURL(/done=published/), admin.locator('[data-testid=publish-event]').click()]);
      await hydrated(admin);
      await shotA(admin, '15-event-published');

      // the home page, to anyone: the pinned announcement among the news, the event among the next ones
      await open(late, webUrl);
      await late.locator('[data-testid=home-announcements]').getByRole('link', { name: announcementTitle }).waitFor();
      await late.locator('[data-testid=home-events]').getByRole('link', { name: eventTitle }).waitFor();
      await shotA(late, '16-home');
    });

    await run(8, async () => {
      await open(phone, webUrl);
      await phone.locator('[data-testid=home-announcements]').getByRole('link', { name: announcementTitle }).waitFor();
      const link = phone.locator('[data-testid=home-events]').getByRole('link', { name: eventTitle });
      await link.scrollIntoViewIfNeeded();
      await noSidewaysScroll(phone, 375);
      await shotA(phone, '17-phone-home');
      await Promise.all([phone.waitForURL((u) => u.href === eventUrl), link.click()]);
      await hydrated(phone);
      await phone.locator('[data-testid=register]').click();
      await expectText(phone, t(locale, 'ev_mine_registered'), '[data-testid=my-registration]');
      await noSidewaysScroll(phone, 375);
      await shotA(phone, '18-phone-registered');
      // the secretariat's list of attendees has the member
      await open(admin, eventUrl.replace('/events/', '/admin/events/'));
      await expectAfterReload(admin, EVENT_MEMBER.name, '[data-testid=attendees]');
    });
  } finally {
    await Promise.all([journey.close(), deskPhone.close()]);
  }
}
