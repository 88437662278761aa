import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, policyServices } from '@annex/db';
import { sampleServiceFields } from '@annex/db/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '@annex/db/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CONFIG } from '../test-helpers.ts';
import { runPolicyImport } from './policy-import.ts';
import { CliError } from './runtime.ts';

// `pnpm annex policy import FILE`: a deployment's policy services from a JSON file, checked whole, then written at once.

let db: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'annex-policy-import-'));
beforeAll(async () => {
  db = await createTestDatabase();
}, 120_000);
afterAll(() => db?.close());

let files = 0;
const file = (content: unknown) => {
  files += 1;
  const path = join(dir, `services-${files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : `\uFEFF${JSON.stringify(content, null, 2)}`);
  return path;
};
const service = (code: string, over: Record<string, unknown> = {}) => {
  const { templateFileId: _, ...m1 } = sampleServiceFields().materials[0]!;
  return { ...sampleServiceFields(), materials: [m1], code, ...over };
};
const run = async (path: string, opts: { dryRun?: boolean; yes?: boolean } = { yes: true }, ask: (() => Promise<boolean>) | null = null) => {
  const lines: string[] = [];
  const code = await runPolicyImport(db.sql, TEST_CONFIG, path, { dryRun: false, yes: false, ...opts }, { log: (l) => lines.push(l), ask });
  return { code, lines };
};

describe('policy services import from the command line', () => {
  it('creates and publishes new services; the same file again changes nothing; a change is a new version', async () => {
    const path = file({ services: [service('cli-import-a'), service('cli-import-b', { name: '高新技术企业认定辅导', publish: false })] });
    const dry = await run(path, { dryRun: true });
    expect(dry.code).toBe(0);
    expect(dry.lines.join('\n')).toContain('created   cli-import-a');
    expect(await policyServices.getByCode(db.sql, 'cli-import-a')).toBeNull();

    const first = await run(path);
    expect(first.code).toBe(0);
    expect(first.lines.at(-1)).toBe('imported: 2 created, 0 new versions, 0 drafts edited, 0 published, 0 unchanged');
    const a = (await policyServices.getByCode(db.sql, 'cli-import-a'))!;
    expect(a).toMatchObject({ status: 'published', currentVersion: 1 });
    expect((await policyServices.getByCode(db.sql, 'cli-import-b'))?.status).toBe('draft');
    expect((await audit.listForEntity(db.sql, 'policy_service', a.id)).map((e) => [e.action, e.actorUserId, (e.after as { source: string }).source])).toEqual([
      ['service.created', null, 'import'], ['service.published', null, 'import'],
    ]);

    const again = await run(path);
    expect(again.lines.join('\n')).toContain('0 to change');
    expect((await policyServices.getByCode(db.sql, 'cli-import-a'))?.currentVersion).toBe(1);

    const changed = await run(file({ services: [service('cli-import-a', { timeLimitDays: 15 }), service('cli-import-b', { name: '高新技术企业认定辅导' })] }));
    expect(changed.lines.at(-1)).toBe('imported: 0 created, 1 new versions, 0 drafts edited, 1 published, 0 unchanged');
    expect(await policyServices.getByCode(db.sql, 'cli-import-a')).toMatchObject({ currentVersion: 2, current: { timeLimitDays: 15 } });
    expect((await policyServices.getVersion(db.sql, a.id, 1))?.timeLimitDays).toBe(sampleServiceFields().timeLimitDays);
    expect((await policyServices.getByCode(db.sql, 'cli-import-b'))?.status).toBe('published');
  });

  it('writes nothing while any service of the file is wrong, and says where', async () => {
    const bad = await run(file({ services: [service('cli-import-c'), service('cli-import-d', { category: 'lottery' })] }));
    expect(bad.code).toBe(1);
    expect(bad.lines.join('\n')).toContain('services.1.category');
    const future = await run(file({ services: [service('cli-import-c'), service('cli-import-e', { effectiveFrom: '2999-01-01' })] }));
    expect(future.code).toBe(1);
    expect(future.lines.join('\n')).toContain('services.1.effectiveFrom: cli-import-e: effectiveFrom may not be in the future');
    expect(await policyServices.getByCode(db.sql, 'cli-import-c')).toBeNull();
    expect((await run(file({ services: [service('cli-import-c'), service('cli-import-c')] }))).code).toBe(1);
    await expect(run(file('{"services": ['))).rejects.toThrow(CliError);
  });

  it('asks before importing on a terminal, and needs --yes without one', async () => {
    const path = file({ services: [service('cli-import-f')] });
    expect((await run(path, {}, async () => false)).code).toBe(1);
    expect(await policyServices.getByCode(db.sql, 'cli-import-f')).toBeNull();
    await expect(run(path, {})).rejects.toThrow(CliError);
    expect((await run(path, {}, async () => true)).code).toBe(0);
    expect(await policyServices.getByCode(db.sql, 'cli-import-f')).not.toBeNull();
  });
});
