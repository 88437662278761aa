import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { CliError, openDatabase, readRuntime, redactUrl, removeRuntime, writeRuntime } from './runtime.ts';

describe('the CLI on a data directory that another process uses', () => {
  let dataDir: string;
  let pg: EmbeddedPostgres;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'annex-cli-'));
    pg = await startEmbeddedPostgres({ dataDir });
  });
  afterAll(async () => {
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const config = () => loadConfig({ ANNEX_DATA_DIR: dataDir });

  it('refuses to open a locked data directory that publishes no database', async () => {
    await expect(openDatabase(config(), () => {})).rejects.toThrow(CliError);
    await expect(openDatabase(config(), () => {})).rejects.toThrow(/Refusing to open it a second time/);
  });

  it("uses the running instance's database and says so", async () => {
    // the parent of this test process stands in for the running `pnpm start`
    writeRuntime({ pid: process.ppid, mode: 'start', startedAt: new Date().toISOString(), dataDir, databaseUrl: pg.url });
    const lines: string[] = [];
    const db = await openDatabase(config(), (line) => lines.push(line));
    try {
      expect(db.source).toBe('running-instance');
      expect(lines.join('\n')).toContain("Using the running Annex instance's database at");
      const [row] = await db.sql`select 1 as one`;
      expect(row?.one).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('refuses when the running instance does not answer', async () => {
    writeRuntime({ pid: process.ppid, mode: 'start', startedAt: new Date().toISOString(), dataDir, databaseUrl: 'postgres://postgres@127.0.0.1:9/postgres' });
    await expect(openDatabase(config(), () => {})).rejects.toThrow(/does not answer/);
  });

  it('keeps the runtime file of another process and removes its own', () => {
    removeRuntime(dataDir);
    expect(readRuntime(dataDir)?.pid).toBe(process.ppid);
    writeRuntime({ pid: process.pid, mode: 'start', startedAt: new Date().toISOString(), dataDir, databaseUrl: pg.url });
    removeRuntime(dataDir);
    expect(readRuntime(dataDir)).toBeNull();
  });

  it('hides passwords in printed URLs', () => {
    expect(redactUrl('postgres://annex:secret@db:5432/annex')).toBe('postgres://annex:***@db:5432/annex');
  });
});
