/**
 * The catalogue journey of `pnpm test:e2e` (E2E_JOURNEYS=catalogue): the secretariat imports a CSV (a bad row shown by
 * row and column, the valid rows imported) and adds an entry in the editor (code proposed, Markdown previewed) and
 * publishes it → anyone finds both on /catalogue and in the
 * header's search box (also at 375 px) → a verified vendor registers its interest → a buyer starts an order from the
 * entry (the wizard filled in from it) and submits it → the secretariat approves it → the vendor is told, the order
 * links back to the entry, and the entry lists the order and the secretariat's lead.
 */
import type { Browser, Page } from 'playwright-core';
import {
  type Instance, type Locale, journeyPages, stepRunner, STEP_TIMEOUT_MS, beijingInput, expectAfterReload, expectText, hydrated, login, noSidewaysScroll, open, shot,
  switchLanguage, t,
} from './e2e-kit.ts';

/** Opens a URL again until the page shows the text: the search index takes the new entry a moment after it is published. */
async function untilFound(page: Page, url: string, text: string, within: string) {
  const until = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    await open(page, url);
    if ((await page.locator(within).getByText(text, { exact: false }).count()) > 0) return;
    if (Date.now() > until) throw new Error(`"${text}" did not appear in ${within} on ${url}`);
    await page.waitForTimeout(1000);
  }
}

/** The journey in one language. */
export async function catalogueJourney(browser: Browser, annex: Instance, locale: Locale): Promise<void> {
  const { webUrl } = annex;
  const tag = locale === 'zh-CN' ? 'zh' : 'en';
  const stamp = Date.now().toString(36);
  const title = `聊城市公交车载视频 ${stamp}`;
  const importTitle = `运河景区客流视频 ${stamp}`;
  const importCode = `LC-WL-I${stamp.toUpperCase().slice(-8)}`;
  const problems: string[] = [];
  const steps = [
    `${locale}: catalogue — everyone signs in`,
    `${locale}: catalogue — the secretariat imports a CSV: a bad row by row and column, the valid rows imported`,
    `${locale}: catalogue — the secretariat adds an entry, previews its Markdown and publishes it`,
    `${locale}: catalogue — anyone finds it on /catalogue and in the header's search (375 px too)`,
    `${locale}: catalogue — a verified vendor registers its interest`,
    `${locale}: catalogue — a buyer starts an order from the entry and submits it`,
    `${locale}: catalogue — the secretariat approves it: the vendor is told, the order and the entry link to each other`,
  ];
  const journey = await journeyPages(browser, problems, ['admin', 'buyer', 'vendor'] as const);
  const { admin, buyer, vendor, phone } = journey.pages;
  const shotC = (page: Page, name: string) => shot(page, `${tag}-catalogue-${name}`);
  let entryUrl = '';
  let code = '';
  let orderUrl = '';
  const orderTitle = `${title}标注`;

  const run = stepRunner(steps, problems, [admin, buyer, vendor, phone]);

  try {
    await run(0, async () => {
      const accounts: [Page, string][] = [[admin, annex.adminEmail], [buyer, 'buyer.xingheng@annex.local'], [vendor, 'vendor.huiyan@annex.local']];
      for (const [page, email] of accounts) {
        await login(page, webUrl, email, annex.adminPassword);
        if (locale === 'en') await switchLanguage(page, locale);
      }
    });

    await run(1, async () => {
      await open(admin, `${webUrl}/catalogue/import`);
      const csv = [
        '资源编码,资源名称,摘要,数源部门,所属领域,数据形态,建议标注任务,更新频率,共享类型,开放属性,数据分级,发布状态',
        `${importCode},${importTitle},运河沿线景区出入口客流视频，已做人脸模糊处理。,聊城大学,文旅,视频,目标跟踪,每日,有条件共享,有条件开放,一般数据,已发布`,
        `${importCode}X,领域写错的一行,摘要,聊城大学,不存在的领域,视频,目标跟踪,每日,有条件共享,有条件开放,一般数据,草稿`,
      ].join('\r\n');
      await admin.locator('#import-file').setInputFiles({ name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${csv}\r\n`, 'utf8') });
      await Promise.all([admin.waitForURL(/\/catalogue\/import\/[0-9a-f-]+$/), admin.locator('[data-testid=import-upload]').click()]);
      await hydrated(admin);
      // the bad row is named by its row and column; importing all rows is not offered while it is there
      await admin.locator('[data-testid=import-problems] tbody tr', { hasText: '所属领域' }).getByText('3', { exact: true }).waitFor();
      if ((await admin.locator('[data-testid=import-all]').getAttribute('aria-disabled')) !== 'true') throw new Error('“import all” was offered with a bad row');
      await shotC(admin, '00-import-preview');
      await admin.locator('[data-testid=import-valid]').click();
      const dialog = admin.getByRole('dialog');
      await dialog.waitFor();
      await Promise.all([admin.waitForURL(/\?done/), dialog.locator('[data-testid=import-confirm]').click()]);
      await hydrated(admin);
      await admin.locator('[data-testid=import-done]').waitFor();
      await shotC(admin, '00b-import-done');
    });

    await run(2, async () => {
      await open(admin, `${webUrl}/catalogue/new`);
      // nothing typed: the messages come in the user's language before anything is sent
      await admin.locator('[data-testid=entry-save]').click();
      await expectText(admin, t(locale, 'v_required'), '#title-error');
      // a sector proposes the next free resource code of that sector
      await admin.locator('#sector').selectOption('transport');
      await admin.waitForFunction(() => /^LC-JT-\d{4}$/.test((document.getElementById('code') as HTMLInputElement).value));
      code = await admin.locator('#code').inputValue();
      await admin.locator('#title').fill(title);
      await admin.locator('#agencyId').selectOption({ index: 1 });
      await admin.locator('#modality').selectOption('video');
      await admin.locator('input[name=taskTypes][value=bbox]').check();
      await admin.locator('input[name=taskTypes][value=tracking]').check();
      await admin.locator('#quantity').fill('12000');
      await admin.locator('select[name=unit]').selectOption('hours');
      await admin.locator('#openType').selectOption('conditional');
      await admin.locator('#accessConditions').fill('签署数据使用承诺书，在联盟安全标注室内处理。');
      await admin.locator('#summary').fill('## 数据说明\n\n- 全市公交车前向与车厢摄像头视频\n- 已做人脸与车牌**模糊处理**\n\n<script>alert(1)</script>');
      await admin.locator('#contactName').fill('李工');
      await admin.locator('#contactPhone').fill('0635-8888123');
      await admin.locator('[data-testid=summary-preview]').click();
      // the preview is the API's rendering: the heading is there, the script is not
      await admin.locator('[data-testid=summary-preview-html] .markdown h2').waitFor();
      if ((await admin.locator('[data-testid=summary-preview-html] script').count()) > 0) throw new Error('a <script> reached the preview');
      await shotC(admin, '01-editor-preview');
      await Promise.all([admin.waitForURL(/done=created/), admin.locator('[data-testid=entry-save]').click()]);
      await hydrated(admin);
      entryUrl = admin.url().replace(/\?.*$/, '');
      await expectText(admin, t(locale, 'cat_done_created'));
      await expectText(admin, t(locale, 'cat_draft_title'));
      await admin.getByRole('link', { name: t(locale, 'cat_publish'), exact: true }).click();
      const dialog = admin.getByRole('dialog');
      await dialog.waitFor();
      await shotC(admin, '02-publish-dialog');
      await Promise.all([admin.waitForURL(/done=published/), dialog.locator('[data-testid=dialog-confirm]').click()]);
      await hydrated(admin);
      await expectText(admin, t(locale, 'cat_done_published'));
      await shotC(admin, '03-published');
    });

    await run(3, async () => {
      // the public: the contact is for verified members only
      await open(phone, entryUrl);
      if (locale === 'en') await switchLanguage(phone, locale);
      await expectText(phone, t(locale, 'cat_contact_members'), '[data-testid=entry-contact]');
      await noSidewaysScroll(phone, 375);
      await shotC(phone, '04-phone-entry-public');
      await untilFound(phone, `${webUrl}/catalogue?q=${encodeURIComponent(stamp)}`, title, '[data-testid=catalogue-card]');
      // the imported entry, published by its row, is found beside it
      await phone.locator('[data-testid=catalogue-card]', { hasText: importTitle }).waitFor();
      await noSidewaysScroll(phone, 375);
      await shotC(phone, '05-phone-search');
      // a facet narrows the list and is shown as a removable chip
      await open(buyer, `${webUrl}/catalogue?sector=transport&modality=video`);
      await buyer.locator('[data-testid=catalogue-card]', { hasText: title }).waitFor();
      await buyer.locator('.chips .chip').first().waitFor();
      await shotC(buyer, '06-catalogue-facets');
      // the header's search box suggests the entry and leads to its page
      const box = buyer.locator('#site-search');
      await box.fill(stamp);
      const hit = buyer.locator('[data-testid=search-suggestions] [role=option]', { hasText: title }).first();
      await hit.waitFor();
      await Promise.all([buyer.waitForURL((u) => u.pathname === new URL(entryUrl).pathname), hit.click()]);
      await hydrated(buyer);
      // the search page groups it beside orders and vendors
      await open(buyer, `${webUrl}/search?q=${encodeURIComponent(stamp)}`);
      await expectText(buyer, t(locale, 'search_group_catalogue'));
      await buyer.getByRole('link', { name: title }).first().waitFor();
      await shotC(buyer, '07-global-search');
    });

    await run(4, async () => {
      await open(vendor, entryUrl);
      // a verified vendor sees the contact
      await expectText(vendor, '0635-8888123', '[data-testid=entry-contact]');
      await vendor.locator('#ci-headcount').fill('0');
      await vendor.locator('[data-testid=interest-submit]').click();
      await expectText(vendor, t(locale, 'v_at_least', { min: 1 }), '#ci-headcount-error');
      await vendor.locator('#ci-headcount').fill('40');
      await vendor.locator('#ci-dailyItems').fill('3000');
      await vendor.locator('#ci-note').fill('有公交视频目标跟踪项目经验，具备安全标注室。');
      await Promise.all([vendor.waitForURL(/done=interest/), vendor.locator('[data-testid=interest-submit]').click()]);
      await hydrated(vendor);
      await expectText(vendor, t(locale, 'cat_interest_registered'), '[data-testid=my-interest]');
      await shotC(vendor, '08-interest');
    });

    await run(5, async () => {
      await open(buyer, entryUrl);
      await Promise.all([buyer.waitForURL(/\/orders\/new\?entry=/), buyer.locator('[data-testid=start-order]').click()]);
      await hydrated(buyer);
      await expectText(buyer, t(locale, 'cat_order_from_entry_title'));
      if ((await buyer.locator('#title').inputValue()) !== orderTitle) throw new Error('the wizard was not filled in from the entry');
      if (!(await buyer.locator('input[name=taskTypes][value=tracking]').isChecked())) throw new Error('the entry’s task types were not taken');
      if (!(await buyer.locator('#description').inputValue()).includes(code)) throw new Error('the description does not name the entry');
      await shotC(buyer, '09-wizard-from-entry');
      await Promise.all([buyer.waitForURL(/step=volume/), buyer.getByRole('button', { name: t(locale, 'save_and_next') }).click()]);
      orderUrl = buyer.url().replace(/\/edit\?.*$/, '');
      await hydrated(buyer);
      await buyer.locator('#quantity').fill('2000');
      await buyer.locator('#unit').selectOption('hours');
      await buyer.locator('#budget').fill('160,000');
      await Promise.all([buyer.waitForURL(/step=schedule/), buyer.getByRole('button', { name: t(locale, 'save_and_next') }).click()]);
      await hydrated(buyer);
      const deadline = new Date(Date.now() + 7 * 86_400_000);
      await buyer.locator('#questionsCloseAt').fill(beijingInput(new Date(Date.now() + 3 * 86_400_000)).slice(0, 16));
      await buyer.locator('#bidDeadline').fill(beijingInput(deadline).slice(0, 16));
      await buyer.locator('#deliveryDeadline').fill(beijingInput(new Date(Date.now() + 60 * 86_400_000)).slice(0, 16));
      await Promise.all([buyer.waitForURL(/step=quality/), buyer.getByRole('button', { name: t(locale, 'save_and_next') }).click()]);
      await hydrated(buyer);
      await buyer.locator('#accuracyTarget').fill('97');
      await Promise.all([buyer.waitForURL(/step=files/), buyer.getByRole('button', { name: t(locale, 'save_and_next') }).click()]);
      await hydrated(buyer);
      await Promise.all([buyer.waitForURL(/step=preview/), buyer.getByRole('link', { name: t(locale, 'step_next') }).click()]);
      await hydrated(buyer);
      await buyer.getByRole('link', { name: t(locale, 'submit_for_review') }).click();
      const dialog = buyer.getByRole('dialog');
      await dialog.waitFor();
      await Promise.all([buyer.waitForURL(/done=submitted/), dialog.getByRole('button', { name: t(locale, 'confirm_submit') }).click()]);
      await hydrated(buyer);
      // the order links back to the entry it was started from
      await buyer.locator('[data-testid=order-entry]').getByRole('link', { name: code }).waitFor();
      await shotC(buyer, '10-order-from-entry');
    });

    await run(6, async () => {
      await open(admin, `${orderUrl}?act=approve`);
      const dialog = admin.getByRole('dialog');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: t(locale, 'confirm_approve_order') }).click();
      await expectText(admin, t(locale, 'done_approved'));
      // the vendor that registered interest is told of the published order
      await open(vendor, `${webUrl}/inbox`);
      await expectAfterReload(vendor, t(locale, 'nt_catalogue_order_published', { title: orderTitle, entry: title }), '[data-testid=inbox]');
      await shotC(vendor, '11-vendor-told');
      // the entry lists the order with its status, and the secretariat sees the lead
      await open(admin, entryUrl);
      await admin.locator('#orders li', { hasText: orderTitle }).getByText(t(locale, 'order_open')).waitFor();
      await admin.locator('[data-testid=leads]').getByText('聊城慧眼人工智能科技有限公司').waitFor();
      await shotC(admin, '12-entry-orders-and-leads');
      await open(phone, entryUrl);
      await phone.locator('#orders li', { hasText: orderTitle }).waitFor();
      await noSidewaysScroll(phone, 375);
      await shotC(phone, '13-phone-entry-orders');
    });
  } finally {
    await journey.close();
  }
}
