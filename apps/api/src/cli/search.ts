import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CheckReport, checkIndex, createSearch, INDEX_NAMES, type IndexName, type ReindexProgress, reindex, type SearchService,
  startEmbeddedMeilisearch, SYNCED_AGGREGATES, AGGREGATE_INDEX,
} from '@annex/search';
import type { AppConfig } from '../config.ts';
import { CliError, liveInstance, openDatabase } from './runtime.ts';

/** A Meilisearch connection for one CLI command, and how it was reached. */
export type SearchConnection = { search: SearchService; source: 'external' | 'running-instance' | 'embedded'; close(): Promise<void> };

/**
 * The Meilisearch a CLI command works on: MEILI_URL when set; else the one of the Annex instance running
 * on the data directory (its key is in the data directory); else the embedded binary started for the command.
 */
export async function openSearch(config: AppConfig, log: (line: string) => void): Promise<SearchConnection> {
  const prefix = config.searchIndexPrefix;
  if (config.meiliUrl) {
    const search = createSearch({ url: config.meiliUrl, masterKey: config.meiliMasterKey, prefix, timeoutMs: 60_000 });
    return { search, source: 'external', close: async () => {} };
  }
  const running = liveInstance(config.dataDir);
  const keyFile = join(config.dataDir, 'meili', 'master.key');
  if (running?.meiliUrl) {
    if (!existsSync(keyFile)) throw new CliError(`The running instance's Meilisearch key is missing (${keyFile}).`);
    const search = createSearch({ url: running.meiliUrl, masterKey: readFileSync(keyFile, 'utf8').trim(), prefix, timeoutMs: 60_000 });
    if (!(await search.ping())) throw new CliError(`The running instance's Meilisearch at ${running.meiliUrl} does not answer.`);
    log(`Using the running Annex instance's Meilisearch at ${running.meiliUrl} (pid ${running.pid}).`);
    return { search, source: 'running-instance', close: async () => {} };
  }
  const server = await startEmbeddedMeilisearch({ dataDir: config.dataDir, binary: config.meiliBinary });
  const search = createSearch({ url: server.url, masterKey: server.masterKey, prefix, timeoutMs: 60_000 });
  return { search, source: 'embedded', close: () => server.stop() };
}

/** Index names from the command line (none: all four); unknown names are an error. */
export function indexNames(args: readonly string[]): IndexName[] {
  if (args.length === 0) return [...INDEX_NAMES];
  for (const a of args) {
    if (!(INDEX_NAMES as readonly string[]).includes(a)) {
      throw new CliError(`unknown index "${a}"; the indexes are ${INDEX_NAMES.join(', ')}.`);
    }
  }
  return [...new Set(args)] as IndexName[];
}

/** A progress bar on a terminal, a line per 10 % elsewhere. */
export function progressBar(label: string, out: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastTenth = -1;
  const width = 28;
  return {
    update(p: ReindexProgress) {
      const ratio = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      const phase = p.phase === 'indexing' ? '' : `  ${p.phase}`;
      if (out.isTTY) {
        const filled = Math.round(ratio * width);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        out.write(`\r  ${label.padEnd(16)} ${bar} ${String(Math.round(ratio * 100)).padStart(3)}%  ${p.done}/${p.total}  ${secs} s${phase}   `);
        if (p.phase === 'done') out.write('\n');
      } else {
        const tenth = Math.floor(ratio * 10);
        if (tenth !== lastTenth || p.phase !== 'indexing') {
          lastTenth = tenth;
          out.write(`  ${label}: ${Math.round(ratio * 100)}% (${p.done}/${p.total}) ${secs} s${phase}\n`);
        }
      }
    },
  };
}

/** `annex reindex [index…]`: rebuild into fresh indexes and swap them in. */
export async function runReindex(config: AppConfig, args: readonly string[], log: (line: string) => void): Promise<number> {
  const names = indexNames(args);
  const db = await openDatabase(config, log);
  try {
    const meili = await openSearch(config, log);
    try {
      for (const name of names) {
        const bar = progressBar(meili.search.uid(name));
        const r = await reindex({ sql: db.sql, search: meili.search }, name, { onProgress: (p) => bar.update(p) });
        const caught = r.catchUp.missing.length + r.catchUp.stale.length + r.catchUp.extra.length;
        log(
          `${r.index}: ${r.documents} documents rebuilt and swapped in ${(r.ms / 1000).toFixed(1)} s` +
            (caught ? `; ${caught} changed during the rebuild and were caught up` : ''),
        );
      }
    } finally {
      await meili.close();
    }
  } finally {
    await db.close();
  }
  return 0;
}

function describe(r: CheckReport): string {
  const parts = [`${r.expected} expected`, `${r.indexed} indexed`];
  if (r.missing.length) parts.push(`${r.missing.length} missing`);
  if (r.stale.length) parts.push(`${r.stale.length} stale`);
  if (r.extra.length) parts.push(`${r.extra.length} that should not be there`);
  return `${r.index}: ${parts.join(', ')}`;
}

/** `annex search:check [--dry-run] [index…]`: compare indexes with PostgreSQL and repair them. */
export async function runSearchCheck(
  config: AppConfig,
  args: readonly string[],
  opts: { dryRun: boolean },
  log: (line: string) => void,
): Promise<number> {
  const names = indexNames(args);
  const db = await openDatabase(config, log);
  let differing = 0;
  try {
    const meili = await openSearch(config, log);
    try {
      for (const name of names) {
        const synced = SYNCED_AGGREGATES.some((a) => AGGREGATE_INDEX[a] === name);
        const r = await checkIndex({ sql: db.sql, search: meili.search }, name, { repair: !opts.dryRun });
        const diff = [...r.missing.map((id) => `missing ${id}`), ...r.stale.map((id) => `stale   ${id}`), ...r.extra.map((id) => `extra   ${id}`)];
        log(describe(r) + (synced ? '' : ' (no source table yet)'));
        for (const line of diff.slice(0, 50)) console.log(`    ${line}`);
        if (diff.length > 50) console.log(`    … and ${diff.length - 50} more`);
        if (diff.length === 0) continue;
        if (opts.dryRun) {
          differing += diff.length;
        } else {
          log(`  repaired ${r.repaired}${r.unresolved.length ? `; ${r.unresolved.length} changed meanwhile and stay queued in the outbox` : ''}`);
        }
      }
    } finally {
      await meili.close();
    }
  } finally {
    await db.close();
  }
  if (differing > 0) log(`${differing} document(s) differ; run without --dry-run to repair them.`);
  return differing > 0 ? 1 : 0;
}
