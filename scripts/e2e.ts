/**
 * `pnpm test:e2e`: starts Annex from scratch (embedded database and search in a temporary data
 * directory, free ports) and walks the vendor-verification journey in a real Chromium, once in
 * Chinese and once in English: a firm registers as a vendor → the secretariat approves it in the
 * queue → the vendor sees its verified status. Screenshots go to test-results/e2e/. Any console
 * error or page error fails the step it happened in. Ends with `N passed, N failed`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { usccCheckCharacter } from '../packages/domain/src/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = join(ROOT, 'test-results', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const START_TIMEOUT_MS = 300_000; // the first start may build the web app
const STEP_TIMEOUT_MS = 20_000;
const LOCALES = ['zh-CN', 'en'] as const;
type Locale = (typeof LOCALES)[number];

// ---------- messages: assertions use the same texts the UI shows ----------
const MESSAGES: Record<Locale, Record<string, string>> = {
  'zh-CN': JSON.parse(readFileSync(join(ROOT, 'apps/web/messages/zh-CN.json'), 'utf8')),
  en: JSON.parse(readFileSync(join(ROOT, 'apps/web/messages/en.json'), 'utf8')),
};
function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const text = MESSAGES[locale][key];
  if (text === undefined) throw new Error(`no message "${key}" in ${locale}`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

// ---------- the running instance ----------
function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

type Instance = { child: ChildProcess; webUrl: string; adminEmail: string; adminPassword: string; output: () => string };

async function startAnnex(dataDir: string): Promise<Instance> {
  const apiPort = await freePort();
  let webPort = await freePort();
  while (webPort === apiPort) webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const env: NodeJS.ProcessEnv = { ...process.env, ANNEX_DATA_DIR: dataDir, API_PORT: String(apiPort), WEB_PORT: String(webPort), HOST: '127.0.0.1', PUBLIC_ORIGIN: webUrl };
  // always the embedded database and search in the temporary directory: the journey needs a fresh demo market
  for (const name of ['DATABASE_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'API_ORIGIN']) delete env[name];
  const child = spawn(process.execPath, ['apps/api/src/cli/main.ts', 'start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the whole tree can be stopped at the end
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  child.stderr!.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  const started = Date.now();
  while (!out.includes('Annex is running')) {
    if (child.exitCode !== null) throw new Error(`annex start exited (${child.exitCode}):\n${out}`);
    if (Date.now() - started > START_TIMEOUT_MS) throw new Error(`annex start did not get ready in ${START_TIMEOUT_MS / 1000} s:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const password = /password for every demo account: (\S+)/.exec(out)?.[1];
  if (!password) throw new Error(`the demo accounts were not printed (a fresh data directory should seed them):\n${out}`);
  return { child, webUrl, adminEmail: 'admin@annex.local', adminPassword: password, output: () => out };
}

async function stopAnnex(instance: Instance | null): Promise<void> {
  const child = instance?.child;
  if (!child || child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGINT');
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 20_000))]);
  if (timedOut) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

// ---------- a tiny test runner: named steps, counted, later steps of a failed journey skipped ----------
const results: { name: string; ok: boolean; error?: string }[] = [];

/** Console errors and uncaught page errors of every page opened in a context. */
function watch(context: BrowserContext, problems: string[]) {
  const attach = (page: Page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
  };
  context.pages().forEach(attach);
  context.on('page', attach);
}

async function step(name: string, problems: string[], fn: () => Promise<void>): Promise<boolean> {
  problems.length = 0;
  const t0 = Date.now();
  try {
    await fn();
    if (problems.length > 0) throw new Error(problems.join('\n'));
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return true;
  } catch (error) {
    const message = (error as Error).message.split('\n').slice(0, 12).join('\n');
    results.push({ name, ok: false, error: message });
    console.log(`  ✗ ${name}\n${message.replace(/^/gm, '      ')}`);
    return false;
  }
}

function skip(name: string) {
  results.push({ name, ok: false, error: 'skipped: an earlier step of this journey failed' });
  console.log(`  - ${name} (skipped: an earlier step failed)`);
}

/** Opens a page and waits until SvelteKit has hydrated it, so forms are enhanced before we use them. */
async function open(page: Page, url: string) {
  await page.goto(url);
  await hydrated(page);
}

async function hydrated(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function expectText(page: Page, text: string, within = 'body') {
  await page.locator(within).getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

async function noSidewaysScroll(page: Page, width: number) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scrollWidth > width) throw new Error(`page ${page.url()} is ${scrollWidth} px wide at a ${width} px viewport`);
}

/** Uses the header's language switch and waits until the page is in that language. */
async function switchLanguage(page: Page, locale: Locale) {
  await page.locator(`form.lang button[value="${locale}"]`).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, locale);
  await hydrated(page);
}

async function login(page: Page, webUrl: string, email: string, password: string) {
  await open(page, `${webUrl}/login`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: STEP_TIMEOUT_MS }), page.locator('form.login button[type=submit]').click()]);
}

/** A valid, unique USCC for a made-up firm in Liaocheng (division 371502). */
function uniqueUscc(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = 'MA';
  for (let i = 0; i < 7; i++) body += alphabet[Math.floor(Math.random() * alphabet.length)];
  const first17 = `91371502${body}`;
  return first17 + usccCheckCharacter(first17);
}

// ---------- the journey ----------
async function journey(browser: Browser, annex: Instance, locale: Locale): Promise<void> {
  const { webUrl } = annex;
  const tag = locale === 'zh-CN' ? 'zh' : 'en';
  const stamp = Date.now().toString(36);
  const email = `vendor-${tag}-${stamp}@e2e.annex.test`;
  const password = `e2e journey ${stamp} passphrase`;
  const orgName = locale === 'zh-CN' ? `聊城测试数标科技有限公司${stamp}` : `Liaocheng E2E Annotation Co ${stamp}`;
  const uscc = uniqueUscc();
  const problems: string[] = [];
  const steps = [
    `${locale}: home page in ${locale}`,
    `${locale}: register a vendor with the inline USCC check`,
    `${locale}: the vendor keeps a capability profile`,
    `${locale}: the secretariat approves it in the queue`,
    `${locale}: the vendor sees the verified status`,
    `${locale}: phone width 375 px`,
  ];
  let ok = true;
  const run = async (i: number, fn: () => Promise<void>) => {
    if (!ok) return skip(steps[i]!);
    ok = await step(steps[i]!, problems, fn);
  };

  const vendorCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const phoneCtx = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  for (const ctx of [vendorCtx, adminCtx, phoneCtx]) {
    ctx.setDefaultTimeout(STEP_TIMEOUT_MS);
    watch(ctx, problems);
  }
  const vendor = await vendorCtx.newPage();
  const admin = await adminCtx.newPage();

  try {
    await run(0, async () => {
      await open(vendor, webUrl);
      if (locale === 'en') {
        // the language switch in the header; the choice must survive the next page load
        await switchLanguage(vendor, locale);
        await vendor.reload();
        await hydrated(vendor);
      }
      const lang = await vendor.locator('html').getAttribute('lang');
      if (lang !== locale) throw new Error(`<html lang> is ${lang}, expected ${locale}`);
      await expectText(vendor, t(locale, 'home_headline'));
      await expectText(vendor, t(locale, 'orders_latest'));
      await shot(vendor, `${tag}-01-home`);
    });

    await run(1, async () => {
      await open(vendor, `${webUrl}/register?kind=vendor`);
      await expectText(vendor, t(locale, 'register_title'));
      // a wrong check character is caught while typing, before anything is sent
      const wrong = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
      await vendor.locator('#uscc').pressSequentially(wrong.toLowerCase(), { delay: 5 });
      await expectText(vendor, t(locale, 'uscc_checksum'), '#uscc-error');
      await shot(vendor, `${tag}-02-register-uscc-error`);
      // full-width input is normalised; the API confirms the code is not yet registered
      const fullWidth = [...uscc].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
      await vendor.locator('#uscc').fill('');
      await vendor.locator('#uscc').pressSequentially(fullWidth, { delay: 5 });
      await expectText(vendor, uscc, '#uscc-status');
      await expectText(vendor, t(locale, 'uscc_ok'), '#uscc-status');

      await vendor.locator('#orgName').fill(orgName);
      await vendor.locator('#county').selectOption('371502');
      await vendor.locator('#contactName').fill(locale === 'zh-CN' ? '王测试' : 'Wang Ceshi');
      await vendor.locator('#contactPhone').fill('13800138000');
      await vendor.locator('#email').fill(email);
      await vendor.locator('#displayName').fill(locale === 'zh-CN' ? '王测试' : 'Wang Ceshi');
      await vendor.locator('#password').fill(password);
      // a mismatching confirmation is reported as the user types
      await vendor.locator('#passwordConfirm').fill(`${password}x`);
      await vendor.locator('#passwordConfirm').blur();
      await expectText(vendor, t(locale, 'v_password_mismatch'));
      await vendor.locator('#passwordConfirm').fill(password);
      await shot(vendor, `${tag}-03-register-filled`);
      await Promise.all([vendor.waitForURL(/\/org\?welcome=1/), vendor.locator('form.register button[type=submit]').click()]);
      await expectText(vendor, t(locale, 'welcome_title'));
      await expectText(vendor, t(locale, 'verification_pending'), '[data-testid=verification-status]');
      await shot(vendor, `${tag}-04-registered-pending`);
    });

    await run(2, async () => {
      const cap = vendor.locator('#capabilities');
      await cap.locator('input[name=modalities][value=image]').check();
      await cap.locator('input[name=taskTypes][value=bbox]').check();
      await cap.locator('#cap_bbox').fill('abc');
      await cap.locator('#cap_bbox').blur();
      await expectText(vendor, t(locale, 'v_integer'), '#capabilities');
      await cap.locator('#cap_bbox').fill('20000');
      await cap.locator('input[name=taskTypes][value=polygon]').check();
      await cap.locator('#cap-headcount').fill('120');
      await cap.locator('#cap-years').fill('4');
      await cap.locator('#cap-revenue').selectOption('5m_20m');
      await cap.locator('input[name=certs][value=iso27001]').check();
      await cap.locator('#certExp_iso27001').fill('2028-06-30');
      await cap.locator('input[name=secureRoom][value=yes]').check();
      await cap.locator('input[name=tools][value=cvat]').check();
      await cap.locator('button[type=submit]').click();
      await expectText(vendor, t(locale, 'saved'), '#capabilities');
      await vendor.reload();
      await hydrated(vendor);
      if (!(await vendor.locator('#capabilities input[name=taskTypes][value=polygon]').isChecked())) throw new Error('the saved profile did not come back');
      if ((await vendor.locator('#cap_bbox').inputValue()) !== '20000') throw new Error('the daily capacity did not come back');
      await shot(vendor, `${tag}-05-capability-profile`);
    });

    await run(3, async () => {
      await login(admin, webUrl, annex.adminEmail, annex.adminPassword);
      if (locale === 'en') await switchLanguage(admin, locale);
      await open(admin, `${webUrl}/admin/vendors?status=pending`);
      await expectText(admin, t(locale, 'queue_title'));
      const row = admin.locator('table.queue tbody tr', { hasText: orgName });
      await row.waitFor();
      await shot(admin, `${tag}-06-queue`);
      await row.getByRole('link', { name: t(locale, 'approve'), exact: true }).click();
      const dialog = admin.getByRole('dialog');
      await dialog.waitFor();
      await expectText(admin, orgName, '[role=dialog]');
      // the dialog refuses a date in the past before sending anything
      await dialog.locator('#verifiedUntil').fill('2020-01-01');
      await dialog.getByRole('button', { name: t(locale, 'confirm_approve') }).click();
      await expectText(admin, t(locale, 'v_date_future'), '[role=dialog]');
      const until = `${new Date().getFullYear() + 1}-12-31`;
      await dialog.locator('#verifiedUntil').fill(until);
      await shot(admin, `${tag}-07-approve-dialog`);
      await dialog.getByRole('button', { name: t(locale, 'confirm_approve') }).click();
      await expectText(admin, t(locale, 'decide_done_approve', { name: orgName }));
      if ((await admin.getByRole('dialog').count()) !== 0) throw new Error('the dialog stayed open after approving');
      await shot(admin, `${tag}-08-approved`);
      await open(admin, `${webUrl}/admin/vendors?status=verified`);
      await admin.locator('table.queue tbody tr', { hasText: orgName }).waitFor();
    });

    await run(4, async () => {
      await open(vendor, `${webUrl}/org`);
      await expectText(vendor, t(locale, 'verification_verified'), '[data-testid=verification-status]');
      await expectText(vendor, t(locale, 'verification_verified_text', { date: `${new Date().getFullYear() + 1}-12-31` }));
      await shot(vendor, `${tag}-09-vendor-verified`);
    });

    await run(5, async () => {
      const phone = await phoneCtx.newPage();
      await open(phone, webUrl);
      if (locale === 'en') await switchLanguage(phone, locale);
      await expectText(phone, t(locale, 'home_headline'));
      await noSidewaysScroll(phone, 375);
      await shot(phone, `${tag}-10-phone-home`);
      await login(phone, webUrl, email, password);
      await open(phone, `${webUrl}/org`);
      await expectText(phone, t(locale, 'verification_verified'), '[data-testid=verification-status]');
      await noSidewaysScroll(phone, 375);
      await shot(phone, `${tag}-11-phone-org`);
      await open(phone, `${webUrl}/security`);
      await expectText(phone, t(locale, 'sessions_title'));
      await noSidewaysScroll(phone, 375);
      await shot(phone, `${tag}-12-phone-security`);
      // signing out ends the session: the organisation page asks for a login again
      await Promise.all([phone.waitForURL(`${webUrl}/`), phone.getByRole('button', { name: t(locale, 'logout') }).click()]);
      await open(phone, `${webUrl}/org`);
      await phone.waitForURL(/\/login/);
    });
  } finally {
    await Promise.all([vendorCtx.close(), adminCtx.close(), phoneCtx.close()]);
  }
}

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    console.error(`e2e: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium fonts-wqy-microhei`);
    return 1;
  }
  mkdirSync(SHOTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'annex-e2e-'));
  let annex: Instance | null = null;
  let browser: Browser | null = null;
  const stop = async () => {
    await browser?.close().catch(() => {});
    await stopAnnex(annex);
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    console.log(`e2e: starting Annex in ${dataDir} …`);
    const t0 = Date.now();
    annex = await startAnnex(dataDir);
    console.log(`e2e: Annex is up at ${annex.webUrl} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    for (const locale of LOCALES) {
      console.log(`e2e: journey in ${locale}`);
      await journey(browser, annex, locale);
    }
  } catch (error) {
    results.push({ name: 'e2e setup', ok: false, error: (error as Error).message });
    console.error(`e2e: ${(error as Error).message}`);
  } finally {
    await stop();
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`e2e: screenshots in ${SHOTS}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

process.exitCode = await main();
