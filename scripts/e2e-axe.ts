/**
 * Accessibility checks for the browser journeys: axe-core, injected into the page as it is at that moment
 * (a dialog open, errors shown), reports what a person with a screen reader, a keyboard or weak eyes would
 * stumble on. Only serious and critical violations count; each comes back as one readable line.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts that fail a journey; `moderate` and `minor` are left to review. */
const FAILING = new Set(['serious', 'critical']);

type AxeNode = { target: unknown[]; failureSummary?: string; any: { message: string }[] };
type AxeViolation = { id: string; impact: string | null; help: string; nodes: AxeNode[] };

/** How many page states were audited and how long it took, for the run's summary. */
export const axeStats = { audited: 0, violations: 0, ms: 0 };

/** Runs axe-core in the page and returns its serious and critical violations as `a11y [impact] rule on page: target — why`. */
export async function axeViolations(page: Page, label = ''): Promise<string[]> {
  const t0 = Date.now();
  // evaluated through the DevTools protocol, so the page's Content-Security-Policy does not block it
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE}\n;0`);
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } };
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as AxeViolation[];
  });
  axeStats.audited++;
  axeStats.ms += Date.now() - t0;
  const where = `${new URL(page.url()).pathname}${label ? ` (${label})` : ''}`;
  const out: string[] = [];
  for (const v of violations) {
    if (!FAILING.has(v.impact ?? '')) continue;
    for (const node of v.nodes) {
      const why = node.any[0]?.message ?? v.help;
      out.push(`a11y [${v.impact}] ${v.id} on ${where}: ${node.target.join(' ')} — ${why}`);
    }
  }
  axeStats.violations += out.length;
  return out;
}
