import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { ImportPreview } from '@annex/contracts';
import type { Sql } from '@annex/db';
import type { AppConfig } from '../app-config.ts';
import { AppError } from '../errors.ts';
import { confirmImportAs, previewImportAs } from '../use-cases/catalogue-import.ts';
import { createDeps } from '../use-cases/context.ts';
import { CliError } from './runtime.ts';

// `pnpm annex catalogue import FILE`: the secretariat's import from the command line, with the API's rules —
// the file is read and checked first (every problem listed), then confirmed (--yes, or a question on a terminal),
// all rows in one transaction, or the valid rows only with --valid-only.

/** Options of the command. */
export type CatalogueImportOptions = { validOnly: boolean; yes: boolean };

/** Where the command writes: lines for the log, and a progress line redrawn in place on a terminal (nothing otherwise). */
export type CliOutput = { log: (line: string) => void; progress: ((done: number, total: number) => void) | null; ask: ((q: string) => Promise<boolean>) | null };

const SHOWN_PROBLEMS = 50;

/** A progress bar on one terminal line (stderr), or null when stderr is not a terminal (no output spam in logs and CI). */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): CliOutput['progress'] {
  if (!stream.isTTY) return null;
  let last = -1;
  return (done, total) => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (pct === last && done !== total) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    stream.write(`\r导入 [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${done}/${total}`);
    if (done === total) stream.write('\n');
  };
}

/** A yes/no question on the terminal, or null when there is none to ask (then --yes is needed). */
export function terminalQuestion(): CliOutput['ask'] {
  if (!process.stdin.isTTY) return null;
  return async (q) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return /^(y|yes|是)$/i.test((await rl.question(`${q} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  };
}

function describe(p: ImportPreview, log: (line: string) => void): void {
  const c = p.counts;
  log(`${p.fileName} (${p.format}${p.encoding ? `, ${p.encoding}` : ''}): ${c.rows} rows, ${c.valid} valid, ${c.invalid} with problems`);
  log(`  confirming would add ${c.created}, change ${c.updated}, leave ${c.unchanged} as they are`);
  for (const x of p.problems.slice(0, SHOWN_PROBLEMS)) log(`  row ${x.row}${x.column ? ` [${x.column}]` : ''}: ${x.zh} (${x.en})`);
  if (p.problems.length > SHOWN_PROBLEMS) log(`  … and ${p.problems.length - SHOWN_PROBLEMS} more problems`);
}

/** Runs the import; the exit code: 0 imported (or nothing to do), 1 refused or not confirmed. */
export async function runCatalogueImport(sql: Sql, config: AppConfig, file: string, opts: CatalogueImportOptions, out: CliOutput): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const deps = createDeps({ sql, config, search: null });
  // the platform itself imports: no user, recorded as such in the audit log
  const actor = { userId: null, orgId: null };
  try {
    const preview = await previewImportAs(deps, actor, { name: basename(file), bytes });
    describe(preview, out.log);
    if (preview.counts.invalid > 0 && !opts.validOnly) {
      out.log('nothing imported: correct the rows above, or import the valid rows only with --valid-only');
      return 1;
    }
    if (preview.counts.valid === 0) {
      out.log('no valid rows: nothing to import');
      return 1;
    }
    if (!opts.yes) {
      if (!out.ask) throw new CliError('no terminal to confirm on: pass --yes to import');
      if (!(await out.ask(`import ${preview.counts.valid} rows?`))) {
        out.log('not imported.');
        return 1;
      }
    }
    const r = await confirmImportAs(deps, actor, preview.id, opts.validOnly ? 'valid_only' : 'all', out.progress ?? undefined);
    out.log(`imported: ${r.created} added, ${r.updated} changed, ${r.unchanged} unchanged, ${r.skipped} skipped`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) throw new CliError(`${err.code}: ${err.detail}`);
    throw err;
  }
}
