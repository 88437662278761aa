import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue } from '@annex/db';
import { createTestDatabase, type TestDatabase } from '@annex/db/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CONFIG } from '../test-helpers.ts';
import { runCatalogueImport } from './catalogue-import.ts';
import { CliError } from './runtime.ts';

// `pnpm annex catalogue import FILE`: the API's preview → confirm rules from the command line.

let db: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'annex-import-'));
beforeAll(async () => {
  db = await createTestDatabase();
}, 120_000);
afterAll(() => db?.close());

const HEADER = '资源编码,资源名称,数源部门,所属领域,数据形态,更新频率,共享类型,开放属性,数据分级';
const file = (name: string, rows: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${HEADER}\n${rows.join('\n')}\n`);
  return path;
};
const run = async (path: string, opts: { validOnly?: boolean; yes?: boolean }, ask: (() => Promise<boolean>) | null = null) => {
  const lines: string[] = [];
  const progress: [number, number][] = [];
  const code = await runCatalogueImport(db.sql, TEST_CONFIG, path, { validOnly: false, yes: false, ...opts }, {
    log: (l) => lines.push(l), progress: (d, t) => progress.push([d, t]), ask,
  });
  return { code, lines, progress };
};

describe('catalogue import from the command line', () => {
  const good = (c: string) => `${c},城市道路视频,市交通运输局,交通,视频,每日,有条件共享,有条件开放,一般数据`;
  const bad = (c: string) => `${c},城市道路视频,市交通运输局,航天,视频,每日,有条件共享,有条件开放,一般数据`;

  it('lists the problems and imports nothing while a row has one; --valid-only --yes imports the rest', async () => {
    const path = file('mixed.csv', [good('LC-CLI-0001'), bad('LC-CLI-0002')]);
    const refused = await run(path, { yes: true });
    expect(refused.code).toBe(1);
    expect(refused.lines.join('\n')).toContain('row 3 [所属领域]');
    expect(await catalogue.getByCode(db.sql, 'LC-CLI-0001')).toBeNull();
    const done = await run(path, { yes: true, validOnly: true });
    expect(done.code).toBe(0);
    expect(done.lines.at(-1)).toBe('imported: 1 added, 0 changed, 0 unchanged, 1 skipped');
    expect(done.progress.at(-1)).toEqual([1, 1]);
    expect((await catalogue.getByCode(db.sql, 'LC-CLI-0001'))?.title).toBe('城市道路视频');
  });

  it('asks before importing on a terminal, and needs --yes without one', async () => {
    const path = file('ask.csv', [good('LC-CLI-0003')]);
    expect((await run(path, {}, async () => false)).code).toBe(1);
    expect(await catalogue.getByCode(db.sql, 'LC-CLI-0003')).toBeNull();
    await expect(run(path, {})).rejects.toThrow(CliError);
    expect((await run(path, {}, async () => true)).code).toBe(0);
    expect(await catalogue.getByCode(db.sql, 'LC-CLI-0003')).not.toBeNull();
  });

  it('a bad file is a readable error, not a crash', async () => {
    const path = join(dir, 'x.pdf');
    writeFileSync(path, '%PDF-1.7');
    await expect(run(path, { yes: true })).rejects.toThrow(/import_unsupported_file/);
    await expect(run(join(dir, 'missing.csv'), { yes: true })).rejects.toThrow(/cannot read/);
  });
});
