import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSql, DataDirLockedError, type EmbeddedPostgres, embeddedClientOptions, health, type Sql, startEmbeddedPostgres } from '@annex/db';
import type { AppConfig } from '../config.ts';

/** A failure the CLI reports as one clear message, without a stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** What a running `pnpm start` / `pnpm dev` publishes in `<dataDir>/runtime.json` for the CLI. */
export type RuntimeInfo = {
  pid: number;
  mode: 'start' | 'dev';
  startedAt: string;
  dataDir: string;
  databaseUrl: string;
  meiliUrl?: string;
  apiUrl?: string;
  webUrl?: string;
};

export const runtimeFile = (dataDir: string) => join(dataDir, 'runtime.json');

/** True when a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The runtime file, or null when there is none or it cannot be read. */
export function readRuntime(dataDir: string): RuntimeInfo | null {
  try {
    const info = JSON.parse(readFileSync(runtimeFile(dataDir), 'utf8')) as RuntimeInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    return null;
  }
}

/** The runtime file of another live process, if any. */
export function liveInstance(dataDir: string): RuntimeInfo | null {
  const info = readRuntime(dataDir);
  return info && info.pid !== process.pid && isAlive(info.pid) ? info : null;
}

/** Writes the runtime file atomically, readable by the owner only. */
export function writeRuntime(info: RuntimeInfo): void {
  mkdirSync(info.dataDir, { recursive: true });
  const file = runtimeFile(info.dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** Removes the runtime file if it is this process's. */
export function removeRuntime(dataDir: string): void {
  if (readRuntime(dataDir)?.pid === process.pid) rmSync(runtimeFile(dataDir), { force: true });
}

/** A database connection for one CLI command, and how it was reached. */
export type Database = {
  sql: Sql;
  url: string;
  source: 'external' | 'running-instance' | 'embedded';
  close(): Promise<void>;
};

async function reachable(sql: Sql): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 5000).unref());
  return Promise.race([health.ping(sql).then(() => true, () => false), timeout]);
}

/** Hides a password in a database URL before it is printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * The database a CLI command works on: DATABASE_URL when set; else the database of the Annex
 * instance running on the data directory; else the data directory opened here for the command.
 * Never opens a data directory that another live process holds.
 */
export async function openDatabase(config: AppConfig, log: (line: string) => void): Promise<Database> {
  if (config.databaseUrl) {
    const sql = createSql(config.databaseUrl, { max: 2 });
    return { sql, url: config.databaseUrl, source: 'external', close: () => sql.end({ timeout: 5 }) };
  }
  const running = liveInstance(config.dataDir);
  if (running) {
    const sql = createSql(running.databaseUrl, { ...embeddedClientOptions, max: 1 });
    if (await reachable(sql)) {
      log(`Using the running Annex instance's database at ${redactUrl(running.databaseUrl)} (pid ${running.pid}).`);
      return { sql, url: running.databaseUrl, source: 'running-instance', close: () => sql.end({ timeout: 5 }) };
    }
    await sql.end({ timeout: 1 }).catch(() => {});
    throw new CliError(
      `The data directory ${config.dataDir} belongs to Annex process ${running.pid}, whose database at ` +
        `${redactUrl(running.databaseUrl)} does not answer. Refusing to open the data directory a second time. ` +
        `Wait for that process to finish starting, or stop it (Ctrl-C in its terminal, or kill ${running.pid}) and try again.`,
    );
  }
  const embedded = await openEmbedded(config.dataDir);
  const sql = createSql(embedded.url, { ...embeddedClientOptions, max: 1 });
  return {
    sql,
    url: embedded.url,
    source: 'embedded',
    async close() {
      await sql.end({ timeout: 5 });
      await embedded.stop();
    },
  };
}

/** startEmbeddedPostgres with a clear message when another process holds the data directory. */
export async function openEmbedded(dataDir: string): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  try {
    return await startEmbeddedPostgres({ dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new CliError(
        `The data directory ${dataDir} is open in process ${error.pid}, which publishes no database to connect to ` +
          '(another `pnpm annex` command, or an Annex still starting). Refusing to open it a second time: ' +
          'let that process finish or stop it, then try again.',
      );
    }
    throw error;
  }
}

/** True when `dataDir` already holds an embedded database. */
export const hasEmbeddedData = (dataDir: string) => existsSync(join(dataDir, 'pglite'));
