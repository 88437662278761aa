// `pnpm test`: every package's vitest suite through turbo, then one summary line that CI can read.
// Each vitest also writes a JSON report into its package's node_modules/.cache, which we add up.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = 'node_modules/.cache/annex-test/report.json';

type Report = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { status: string; fullName: string; failureMessages?: string[] }[];
  }[];
};

/** One line per failure, so the end of a long log (all a CI summary may keep) still names them. */
function failureLines(report: Report): string[] {
  const lines: string[] = [];
  for (const file of report.testResults) {
    const where = relative(root, file.name);
    const failures = file.assertionResults.filter((a) => a.status === 'failed');
    if (file.status === 'failed' && failures.length === 0) lines.push(`${where}: ${firstLine(file.message)}`);
    for (const a of failures) lines.push(`${where} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
  }
  return lines;
}
const firstLine = (text = '') => (text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 300);

/** Workspace packages that have a `test` script. */
function testedPackages(): { name: string; dir: string }[] {
  const found: { name: string; dir: string }[] = [];
  for (const group of ['apps', 'packages']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base)) {
      const manifest = join(base, entry, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; scripts?: Record<string, string> };
      if (pkg.scripts?.test) found.push({ name: pkg.name, dir: join(base, entry) });
    }
  }
  return found;
}

const packages = testedPackages();
for (const pkg of packages) rmSync(join(pkg.dir, REPORT), { force: true });

const started = performance.now();
const turbo = spawnSync(
  'turbo',
  [
    'run', 'test', '--continue', `--log-order=${process.env.CI ? 'grouped' : 'auto'}`,
    ...process.argv.slice(2),
    '--', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`,
  ],
  { cwd: root, stdio: 'inherit', env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env } },
);
if (turbo.error) {
  console.error(`could not run turbo: ${turbo.error.message}`);
  process.exit(1);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const missing: string[] = [];
// packages that failed with no failing test to show for it (no test files, a crash in setup…)
const failedOtherwise: string[] = [];
const failures: string[] = [];
for (const pkg of packages) {
  const file = join(pkg.dir, REPORT);
  if (!existsSync(file)) {
    missing.push(`${pkg.name} (${relative(root, pkg.dir)})`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
  passed += report.numPassedTests;
  failures.push(...failureLines(report));
  // a test file that fails to load has no failed test in it, but it is a failure of its own
  const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
  failed += report.numFailedTests + brokenFiles;
  if (!report.success && report.numFailedTests + brokenFiles === 0) failedOtherwise.push(pkg.name);
  skipped += report.numPendingTests + report.numTodoTests;
}

const wall = ((performance.now() - started) / 1000).toFixed(1);
console.log('');
const filtered = process.argv.slice(2).some((arg) => arg.startsWith('--filter') || arg.startsWith('-F'));
if (missing.length && (!filtered || turbo.status !== 0)) console.log(`no test report from: ${missing.join(', ')} (the run crashed or was filtered out)`);
for (const line of failures) console.log(`✗ ${line}`);
if (failedOtherwise.length) console.log(`failed without a failing test: ${failedOtherwise.join(', ')} (see its output above)`);
// without a filter every package must report; with one, only turbo's verdict counts for the absent ones
if (!filtered) failed += missing.length;
failed += failedOtherwise.length;
if (turbo.status !== 0 && failed === 0) failed = 1;
console.log(`tests: ${packages.length - missing.length} packages, ${skipped} skipped, ${wall} s`);
// the last line, in the form CI systems read
console.log(`${passed} passed, ${failed} failed`);
process.exit(turbo.status === 0 && failed === 0 ? 0 : 1);
