import { readFile } from 'node:fs/promises';
import { ServiceImportFile } from '@annex/contracts';
import type { Sql } from '@annex/db';
import type { AppConfig } from '../app-config.ts';
import { AppError } from '../errors.ts';
import { createDeps } from '../use-cases/context.ts';
import { type ServiceImportLine, importServices } from '../use-cases/policy/service-import.ts';
import type { CliOutput } from './catalogue-import.ts';
import { CliError } from './runtime.ts';

// `pnpm annex policy import FILE`: the policy services of a deployment, from a JSON file (a service is a nested
// guide — materials, steps, conditions, FAQ — that a sheet's rows do not hold). The file is checked whole first and
// what would change is listed; then it is confirmed (--yes, or a question on a terminal) and written in one
// transaction; --dry-run only lists.

/** Options of the command. */
export type PolicyImportOptions = { dryRun: boolean; yes: boolean };

const SHOWN_PROBLEMS = 50;

const describeLine = (l: ServiceImportLine) => `  ${l.action.padEnd(9)} ${l.code} ${l.name}${l.published ? '' : ' (draft)'}`;

function report(problems: { path: string; message: string }[], log: (line: string) => void): void {
  for (const p of problems.slice(0, SHOWN_PROBLEMS)) log(`  ${p.path || '(file)'}: ${p.message}`);
  if (problems.length > SHOWN_PROBLEMS) log(`  … and ${problems.length - SHOWN_PROBLEMS} more problems`);
}

/** Runs the import; the exit code: 0 imported (or nothing to change, or listed with --dry-run), 1 refused or not confirmed. */
export async function runPolicyImport(sql: Sql, config: AppConfig, file: string, opts: PolicyImportOptions, out: Omit<CliOutput, 'progress'>): Promise<number> {
  let json: unknown;
  try {
    json = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CliError(`cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  const parsed = ServiceImportFile.safeParse(json);
  if (!parsed.success) {
    out.log(`${file}: nothing imported, the file does not hold services as POST /api/v1/policy/services takes them:`);
    report(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })), out.log);
    return 1;
  }
  const deps = createDeps({ sql, config, search: null });
  try {
    const lines = await importServices(deps, parsed.data, { dryRun: true });
    const changes = lines.filter((l) => l.action !== 'unchanged').length;
    out.log(`${file}: ${lines.length} services, ${changes} to change`);
    for (const l of lines) out.log(describeLine(l));
    if (opts.dryRun || changes === 0) return 0;
    if (!opts.yes) {
      if (!out.ask) throw new CliError('no terminal to confirm on: pass --yes to import');
      if (!(await out.ask(`import ${changes} services?`))) {
        out.log('not imported.');
        return 1;
      }
    }
    const done = await importServices(deps, parsed.data, { dryRun: false });
    const count = (a: ServiceImportLine['action']) => done.filter((l) => l.action === a).length;
    out.log(`imported: ${count('created')} created, ${count('versioned')} new versions, ${count('edited')} drafts edited, ${count('published')} published, ${count('unchanged')} unchanged`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      out.log(`nothing imported: ${err.detail}`);
      report(err.errors ?? [], out.log);
      return 1;
    }
    throw err;
  }
}
