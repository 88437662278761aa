/**
 * What the browser journeys share (scripts/e2e.ts and the journeys beside it): the messages the UI shows, a tiny
 * runner of named steps that fails a step on any console error, page error or serious axe-core violation, and the
 * page helpers (open, shot, login, the language switch).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AnnexInstance } from './annex-instance.ts';
import { axeViolations } from './e2e-axe.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHOTS = join(ROOT, 'test-results', 'e2e');
export const STEP_TIMEOUT_MS = 20_000;
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
/** A phone in the journeys: 375 px wide, touch, Chinese, Beijing time. */
export const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

// ---------- messages: assertions use the same texts the UI shows ----------
export const MESSAGES: Record<Locale, Record<string, string>> = {
  'zh-CN': JSON.parse(readFileSync(join(ROOT, 'apps/web/messages/zh-CN.json'), 'utf8')),
  en: JSON.parse(readFileSync(join(ROOT, 'apps/web/messages/en.json'), 'utf8')),
};
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const text = MESSAGES[locale][key];
  if (text === undefined) throw new Error(`no message "${key}" in ${locale}`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}


// ---------- the running instance ----------
/** A started (or given) Annex with the secretariat's account. */
export type Instance = AnnexInstance & { adminEmail: string; adminPassword: string };

// ---------- a tiny test runner: named steps, counted, later steps of a failed journey skipped ----------
export const results: { name: string; ok: boolean; error?: string }[] = [];

/** Where each page's problems go: the list of the step running in its journey. */
export const problemsOf = new WeakMap<Page, string[]>();

/** Console errors and uncaught page errors of every page opened in a context. */
export function watch(context: BrowserContext, problems: string[]) {
  const attach = (page: Page) => {
    problemsOf.set(page, problems);
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
  };
  context.pages().forEach(attach);
  context.on('page', attach);
}

export async function step(name: string, problems: string[], fn: () => Promise<void>, pages: Page[] = []): Promise<boolean> {
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
    // what each page showed when the step failed, to see why
    const slug = name.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    await Promise.all(pages.filter((p) => !p.isClosed()).map((p, i) => p.screenshot({ path: join(SHOTS, `FAILED-${slug}-${i}.png`), fullPage: true }).catch(() => {})));
    console.log(`  ✗ ${name}\n${message.replace(/^/gm, '      ')}`);
    return false;
  }
}

export function skip(name: string) {
  results.push({ name, ok: false, error: 'skipped: an earlier step of this journey failed' });
  console.log(`  - ${name} (skipped: an earlier step failed)`);
}

/** The desktop a journey's actors use: 1280 px, zh-CN first, Beijing time. */
export const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

/**
 * One browser context and page per actor of a journey (desktop), and a phone: each watched for problems and with the
 * step timeout. `close` ends them all.
 */
export async function journeyPages<A extends string>(
  browser: Browser, problems: string[], actors: readonly A[],
): Promise<{ pages: Record<A | 'phone', Page>; close: () => Promise<void> }> {
  const contexts = new Map<A | 'phone', BrowserContext>();
  for (const a of actors) contexts.set(a, await browser.newContext(DESKTOP));
  contexts.set('phone', await browser.newContext(PHONE));
  const pages = {} as Record<A | 'phone', Page>;
  for (const [name, c] of contexts) {
    c.setDefaultTimeout(STEP_TIMEOUT_MS);
    watch(c, problems);
    pages[name] = await c.newPage();
  }
  return { pages, close: async () => void (await Promise.all([...contexts.values()].map((c) => c.close()))) };
}

/** The runner of a journey's numbered steps: once one fails, the rest are skipped (they build on it). */
export function stepRunner(steps: readonly string[], problems: string[], pages: Page[]) {
  let ok = true;
  return async (i: number, fn: () => Promise<void>) => {
    if (!ok) return skip(steps[i]!);
    ok = await step(steps[i]!, problems, fn, pages);
  };
}

/** Opens a page and waits until SvelteKit has hydrated it, so forms are enhanced before we use them. */
export async function open(page: Page, url: string) {
  // a #fragment alone would not load the page again when it is already open
  await page.goto(url.replace(/#.*$/, ''));
  await hydrated(page);
  await audit(page);
}

/** The pages each browser context has had audited as they loaded (ids and query values aside). */
export const auditedIn = new WeakMap<BrowserContext, Set<string>>();

/**
 * Runs axe-core on the page as it is now; serious and critical violations fail the running step.
 * `force` audits even a page this context has audited before (a dialog open, errors shown).
 */
export async function audit(page: Page, force = false) {
  const seen = auditedIn.get(page.context()) ?? new Set<string>();
  auditedIn.set(page.context(), seen);
  const url = new URL(page.url());
  const key = `${await page.locator('html').getAttribute('lang')} ${url.pathname.replace(/[0-9a-f-]{36}/g, ':id')}?${[...url.searchParams.keys()].sort()}`;
  if (!force && seen.has(key)) return;
  seen.add(key);
  const found = await axeViolations(page);
  problemsOf.get(page)?.push(...found);
}

export async function hydrated(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
}

/** A full-page screenshot of a state worth seeing, audited for accessibility as it is. */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await audit(page, true);
}

export async function expectText(page: Page, text: string, within = 'body') {
  await page.locator(within).getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

export async function noSidewaysScroll(page: Page, width: number) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scrollWidth > width) throw new Error(`page ${page.url()} is ${scrollWidth} px wide at a ${width} px viewport`);
}

/** Uses the header's language switch and waits until the page is in that language. */
export async function switchLanguage(page: Page, locale: Locale) {
  await page.locator(`form.lang button[value="${locale}"]`).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, locale);
  await hydrated(page);
}

export async function login(page: Page, webUrl: string, email: string, password: string) {
  await open(page, `${webUrl}/login`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: STEP_TIMEOUT_MS }), page.locator('form.login button[type=submit]').click()]);
}

/** 2026-06-01T17:05:30 in Beijing time, as a datetime-local input takes it. */
export function beijingInput(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
}

/** Waits until a place in the page says the text, reloading while it does not (the server decides what changes). */
export async function expectAfterReload(page: Page, text: string, within: string, timeoutMs = STEP_TIMEOUT_MS) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await page.locator(within).getByText(text, { exact: false }).count();
    if (found > 0) return;
    if (Date.now() > until) throw new Error(`"${text}" did not appear in ${within} on ${page.url()}`);
    await page.waitForTimeout(1000);
    await page.reload();
    await hydrated(page);
  }
}
