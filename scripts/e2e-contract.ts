/**
 * The contract journey of `pnpm test:e2e` (E2E_JOURNEYS=contract): a demo buyer awards one of the demo market's
 * orders in evaluation → the publicity window ends and the order has its contract → the buyer proposes the
 * milestones and the vendor accepts them → the vendor delivers → the buyer draws a sample, marks its errors and
 * rejects → the vendor reworks and delivers again → the buyer accepts → the vendor invoices, the buyer pays, the
 * vendor confirms receipt (the order is completed) → both review, double-blind → the vendor's track record on its
 * public profile counts the order (also at 375 px). Starting from a demo order whose bids are in keeps it to the
 * publicity window plus a few minutes; each language takes its own order and vendor, so both run side by side.
 */
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import {
  type Instance, type Locale, journeyPages, stepRunner, expectAfterReload, expectText, hydrated, login, noSidewaysScroll, open, shot,
  switchLanguage, t,
} from './e2e-kit.ts';

/** The demo order each language awards, its buyer and the vendor it awards (different ones, so the two runs never meet). */
const CASES: Record<Locale, { title: string; buyer: string; vendor: string; vendorName: string }> = {
  'zh-CN': {
    title: '交通标志与信号灯 2D 框标注（20 万张）',
    buyer: 'buyer.xingheng@annex.local',
    vendor: 'vendor.jingyanggang@annex.local',
    vendorName: '阳谷景阳冈数据科技有限公司',
  },
  en: {
    title: '电商评论细粒度情感与属性实体标注（50 万条）',
    buyer: 'buyer.yanchuan@annex.local',
    vendor: 'vendor.huiyan@annex.local',
    vendorName: '聊城慧眼人工智能科技有限公司',
  },
};

/** The journey in one language; `publicitySeconds` is the instance's publicity window. */
export async function contractJourney(browser: Browser, annex: Instance, locale: Locale, publicitySeconds: number): Promise<void> {
  const { webUrl } = annex;
  const tag = locale === 'zh-CN' ? 'zh' : 'en';
  const { title, vendorName } = CASES[locale];
  const zh = locale === 'zh-CN';
  const problems: string[] = [];
  const steps = [
    `${locale}: contract — the buyer and the vendor sign in`,
    `${locale}: contract — the buyer awards a demo order in evaluation (the vendor's track record noted first)`,
    `${locale}: contract — the publicity window ends: the order is in progress under a contract`,
    `${locale}: contract — the buyer proposes one milestone, the vendor accepts the terms`,
    `${locale}: contract — the vendor delivers the batch`,
    `${locale}: contract — the buyer draws a sample, marks its errors and rejects`,
    `${locale}: contract — the vendor reworks and delivers again; the buyer accepts`,
    `${locale}: contract — invoiced, paid, receipt confirmed: the order is completed`,
    `${locale}: contract — both review, double-blind`,
    `${locale}: contract — the vendor's track record counts the order on its profile (375 px too) and in the comparison opened again`,
  ];
  const journey = await journeyPages(browser, problems, ['buyer', 'vendor'] as const);
  const { buyer, vendor, phone } = journey.pages;
  const shotK = (page: Page, name: string) => shot(page, `${tag}-contract-${name}`);
  let orderUrl = '';
  let contractUrl = '';
  let batchUrl = '';
  let profileUrl = '';
  let volumeBefore = '';
  /** the vendor's track-record figure in the comparison before the award */
  let scoreBefore = '';
  // each language's words fit its order: traffic signs in Chinese, e-commerce reviews in English
  const reasons = zh ? '抽检 50 条中多处漏标遮挡的交通标志，请按规范返工。' : 'Many aspects in the sample carry the wrong sentiment; please rework to the guideline.';

  const run = stepRunner(steps, problems, [buyer, vendor, phone]);
  const batchStatus = (page: Page, key: string) => expectText(page, t(locale, key), '[data-testid=batch-status]');
  /** Submits a form by its button and waits for the page the action redirects to. */
  const submit = async (page: Page, done: RegExp, button: ReturnType<Page['locator']>) => {
    await Promise.all([page.waitForURL(done), button.click()]);
    await hydrated(page);
  };
  const deliver = async (qa: string, notes: string) => {
    await open(vendor, batchUrl);
    const form = vendor.locator('[data-testid=deliver-form]');
    await form.locator('#dv-qa').fill(qa);
    await form.locator('#dv-link').fill(`https://pan.example.cn/annex/${tag}-batch-1-${Date.now()}.zip`);
    await form.locator('#dv-checksum').fill(`sha256:${createHash('sha256').update(`${tag} ${notes}`).digest('hex')}`);
    await form.locator('#dv-notes').fill(notes);
    await submit(vendor, /done=delivered/, form.getByRole('button', { name: t(locale, 'dv_deliver_submit'), exact: true }));
    await expectText(vendor, t(locale, 'dv_done_delivered'));
    await batchStatus(vendor, 'dv_status_delivered');
  };
  /** The completed-volume row of the track record, as the page reads it. */
  const volumeRow = async (page: Page) => {
    const header = page.getByRole('rowheader', { name: t(locale, 'tr_volume'), exact: true });
    return ((await page.locator('[data-testid=track-record] tr', { has: header }).textContent()) ?? '').trim();
  };
  /** The vendor's track-record figure in the buyer's comparison of this order, as shown. */
  const trackFigure = async () => {
    const row = buyer.locator('[data-testid=comparison] tbody tr', { hasText: vendorName });
    return ((await row.locator('a[href$="#tr-title"]').textContent()) ?? '').trim();
  };
  const drawSample = async () => {
    await open(buyer, batchUrl);
    await submit(buyer, /done=inspection/, buyer.locator('[data-testid=start-inspection]'));
    await buyer.locator('[data-testid=inspection-verdict]').waitFor();
    await buyer.locator('[data-testid=sample-form] input[name=error]').first().waitFor();
  };

  try {
    await run(0, async () => {
      for (const [page, email] of [[buyer, CASES[locale].buyer], [vendor, CASES[locale].vendor]] as const) {
        await login(page, webUrl, email, annex.adminPassword);
        if (locale === 'en') await switchLanguage(page, locale);
      }
    });

    await run(1, async () => {
      await open(buyer, `${webUrl}/orders/mine`);
      await Promise.all([buyer.waitForURL(/\/orders\/[0-9a-f-]{36}$/), buyer.locator('[data-testid=my-orders] tbody tr', { hasText: title }).getByRole('link', { name: title }).click()]);
      await hydrated(buyer);
      orderUrl = buyer.url();
      await open(buyer, `${orderUrl}/compare`);
      const row = buyer.locator('[data-testid=comparison] tbody tr', { hasText: vendorName });
      await row.waitFor();
      // the comparison's track-record figure leads to the vendor's public profile
      const href = (await row.locator('a[href^="/vendors/"]').first().getAttribute('href')) ?? '';
      if (!/^\/vendors\/[\w-]+/.test(href)) throw new Error(`the track-record figure links to "${href}", not to the vendor's profile`);
      profileUrl = `${webUrl}${href.replace(/#.*$/, '')}`;
      scoreBefore = await trackFigure();
      await shotK(buyer, '00-comparison');
      // before: the profile's track record does not count this order
      await open(phone, profileUrl);
      if (locale === 'en') await switchLanguage(phone, locale);
      const record = phone.locator('[data-testid=track-record]');
      await record.waitFor();
      volumeBefore = await volumeRow(phone);
      if ((await record.getByText(title).count()) > 0) throw new Error('the track record counts the order before it is done');
      await shotK(phone, '01-phone-track-record-before');

      await open(buyer, `${orderUrl}/compare`);
      await buyer.locator('[data-testid=comparison] tbody tr', { hasText: vendorName }).getByRole('link', { name: t(locale, 'award_this') }).click();
      const dialog = buyer.getByRole('dialog');
      await dialog.waitFor();
      await dialog.locator('#award-reason').fill(zh ? '报价与承诺准确率均满足要求，综合得分较高。' : 'Price and committed accuracy both meet the spec; a high overall score.');
      await dialog.locator('#award-confirm').check();
      await Promise.all([buyer.waitForURL(/done=awarded/), dialog.getByRole('button', { name: t(locale, 'confirm_award') }).click()]);
      await hydrated(buyer);
      await expectText(buyer, vendorName, '[data-testid=award-notice]');
      await shotK(buyer, '02-awarded');
    });

    await run(2, async () => {
      const t0 = Date.now();
      console.log(`    (${locale}: waiting up to ${publicitySeconds} s for the publicity window to end)`);
      await expectAfterReload(buyer, t(locale, 'order_in_progress'), '[data-testid=order-status]', (publicitySeconds + 60) * 1000);
      console.log(`    (${locale}: in progress after ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      await Promise.all([buyer.waitForURL(/\/contract$/), buyer.locator('[data-testid=contract-link]').click()]);
      await hydrated(buyer);
      contractUrl = buyer.url();
      await expectText(buyer, t(locale, 'ct_status_draft'), '[data-testid=contract-status]');
      await expectText(buyer, vendorName);
    });

    await run(3, async () => {
      const form = buyer.locator('[data-testid=propose-form]');
      // one batch: the even split puts the whole volume and price on it, due at the delivery deadline
      await form.locator('#plan-count').fill('1');
      await form.getByRole('button', { name: t(locale, 'ms_even_split_do') }).click();
      await form.locator('#plan-q1').waitFor({ state: 'detached' });
      await form.locator('#plan-t0').fill(zh ? '全量交付' : 'Full delivery');
      await form.locator('#payment-days').fill('30');
      await form.locator('[data-testid=plan-remainder].ok').waitFor();
      await shotK(buyer, '03-propose-milestones');
      await submit(buyer, /done=proposed/, form.getByRole('button', { name: t(locale, 'ct_propose_submit') }));
      await expectText(buyer, t(locale, 'ct_status_proposed'), '[data-testid=contract-status]');

      await open(vendor, contractUrl);
      await vendor.locator('[data-testid=proposal-milestones]').getByText(zh ? '全量交付' : 'Full delivery').waitFor();
      await expectText(vendor, t(locale, 'ct_payment_terms_text', { days: 30 }), '#proposal');
      await shotK(vendor, '04-proposal-for-vendor');
      await submit(vendor, /done=accepted/, vendor.locator('[data-testid=accept-terms]'));
      await expectText(vendor, t(locale, 'ct_status_active'), '[data-testid=contract-status]');
      await shotK(vendor, '05-contract-in-force');
    });

    await run(4, async () => {
      await open(vendor, contractUrl);
      const link = vendor.locator('[data-testid=contract-milestones] a[href*="/milestones/"]').first();
      batchUrl = `${webUrl}${await link.getAttribute('href')}`;
      await deliver('98.6', zh ? '首批全量交付，含标注结果与质检报告。' : 'The whole batch, with annotations and our QA report.');
      await shotK(vendor, '06-delivered');
    });

    await run(5, async () => {
      await drawSample();
      await shotK(buyer, '07-sample-drawn');
      // every item on the first page of the sample is wrong: the verdict turns to "fails"
      const boxes = buyer.locator('[data-testid=sample-form] input[name=error]');
      const n = await boxes.count();
      for (let i = 0; i < n; i++) await boxes.nth(i).check();
      const first = (await boxes.first().getAttribute('value')) ?? '';
      await buyer.locator(`#note-${first}`).fill(zh ? '遮挡的限速标志漏标' : '“battery life” tagged negative; the review praises it');
      await submit(buyer, /done=errors/, buyer.locator('[data-testid=sample-form]').getByRole('button', { name: t(locale, 'in_save_page') }));
      await expectText(buyer, t(locale, 'in_errors_so_far', { errors: n }), '#inspection');
      await expectText(buyer, t(locale, 'in_verdict_fail'), '[data-testid=inspection-verdict]');
      await shotK(buyer, '08-errors-and-verdict');
      const decide = buyer.locator('[data-testid=decide-form]');
      await decide.locator('#in-reasons').fill(reasons);
      await submit(buyer, /done=decided/, decide.getByRole('button', { name: t(locale, 'in_reject') }));
      await batchStatus(buyer, 'dv_status_rejected');
      await shotK(buyer, '09-rejected');
    });

    await run(6, async () => {
      await open(vendor, batchUrl);
      await batchStatus(vendor, 'dv_status_rejected');
      await expectText(vendor, reasons);
      await expectText(vendor, t(locale, 'dv_redeliver_title'), '#deliver');
      await shotK(vendor, '10-rejected-for-vendor');
      await deliver('99.2', zh ? '已按规范补标遮挡目标并全量复检。' : 'Sentiment of every aspect checked again against the guideline.');
      await expectText(vendor, t(locale, 'dv_attempts', { attempts: 2, reworks: 1 }), '[data-testid=batch-attempts]');
      await drawSample();
      await expectText(buyer, t(locale, 'in_verdict_pass'), '[data-testid=inspection-verdict]');
      await shotK(buyer, '11-second-sample');
      await submit(buyer, /done=decided/, buyer.locator('[data-testid=decide-form]').getByRole('button', { name: t(locale, 'in_accept') }));
      await batchStatus(buyer, 'dv_status_accepted');
      await expectText(buyer, t(locale, 'pm_wait_vendor_invoice'), '#payment');
    });

    await run(7, async () => {
      await open(vendor, batchUrl);
      const invoice = vendor.locator('[data-testid=invoice-form]');
      await invoice.locator('#pm-number').fill(`37${Date.now().toString().slice(-10)}`);
      await submit(vendor, /done=payment/, invoice.getByRole('button', { name: t(locale, 'pm_invoice_submit') }));
      await expectText(vendor, t(locale, 'pm_status_invoiced'), '#payment');
      await open(buyer, batchUrl);
      await shotK(buyer, '12-invoiced');
      await submit(buyer, /done=payment/, buyer.locator('[data-testid=pay-form]').getByRole('button', { name: t(locale, 'pm_pay_submit') }));
      await expectText(buyer, t(locale, 'pm_status_paid'), '#payment');
      await open(vendor, batchUrl);
      await submit(vendor, /done=payment/, vendor.locator('[data-testid=confirm-form]').getByRole('button', { name: t(locale, 'pm_confirm_submit') }));
      await expectText(vendor, t(locale, 'pm_status_confirmed'), '#payment');
      await shotK(vendor, '13-receipt-confirmed');
      await open(vendor, contractUrl);
      await expectText(vendor, t(locale, 'ct_status_completed'), '[data-testid=contract-status]');
      await open(buyer, orderUrl);
      await expectAfterReload(buyer, t(locale, 'order_completed'), '[data-testid=order-status]');
      await shotK(buyer, '14-order-completed');
    });

    await run(8, async () => {
      const review = async (page: Page, stars: number[], body: string) => {
        await open(page, `${orderUrl}/review`);
        const form = page.locator('[data-testid=review-form]');
        const sets = form.locator('fieldset.stars');
        const n = await sets.count();
        if (n !== 3) throw new Error(`the review form asks ${n} dimensions, not 3`);
        for (let i = 0; i < n; i++) await sets.nth(i).locator(`input[type=radio][value="${stars[i]}"]`).check();
        await form.locator('#rv-body').fill(body);
        await form.getByRole('button', { name: t(locale, 'rv_submit') }).click();
        await expectText(page, t(locale, 'rv_submitted'));
      };
      const vendorWords = zh ? '需求说明清楚，验收意见具体，付款及时。' : 'A clear spec, precise inspection notes, paid on time.';
      const buyerWords = zh ? '返工一次后质量达标，沟通顺畅。' : 'Up to the mark after one rework; easy to work with.';
      await review(vendor, [5, 5, 4], vendorWords);
      // double-blind: the buyer sees that the vendor reviewed, not what it wrote
      await open(buyer, `${orderUrl}/review`);
      await expectText(buyer, t(locale, 'rv_hidden'), '[data-testid=review-vendor]');
      if ((await buyer.getByText(vendorWords).count()) > 0) throw new Error('the buyer reads the vendor’s review before writing its own');
      await shotK(buyer, '15-review-form-blind');
      await review(buyer, [3, 4, 4], buyerWords);
      await expectText(buyer, vendorWords, '[data-testid=review-vendor]');
      await open(vendor, `${orderUrl}/review`);
      await expectText(vendor, buyerWords, '[data-testid=review-buyer]');
      await shotK(vendor, '16-reviews-revealed');
    });

    await run(9, async () => {
      for (const page of [buyer, phone]) {
        await open(page, profileUrl);
        const record = page.locator('[data-testid=track-record]');
        await record.waitFor();
        // the order is counted: completed volume, first pass (rejected once) and rating each list it
        const volume = await volumeRow(page);
        if (volume === volumeBefore) throw new Error(`the completed volume did not change: ${volume}`);
        for (const id of ['tr-volume', 'tr-first-pass', 'tr-rating']) {
          await record.locator(`#${id} summary`).click();
          await record.locator(`#${id}`).getByRole('link', { name: title }).waitFor();
        }
      }
      await buyer.locator('#tr-first-pass li', { hasText: title }).getByText(t(locale, 'tr_batches_of', { good: 0, count: 1 })).waitFor();
      await shotK(buyer, '17-track-record-after');
      // the comparison, opened again, weighs the new score: the one the profile says bid comparisons use
      await open(buyer, `${orderUrl}/compare`);
      const scoreAfter = await trackFigure();
      if (scoreAfter === scoreBefore) throw new Error(`the comparison still shows the track-record figure ${scoreBefore}`);
      await shotK(buyer, '17b-comparison-after');
      await open(buyer, profileUrl);
      await expectText(buyer, t(locale, 'tr_score', { score: scoreAfter }), '[data-testid=track-record]');
      await noSidewaysScroll(phone, 375);
      await shotK(phone, '18-phone-track-record-after');
    });
  } finally {
    await journey.close();
  }
}
