import { copyFile, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql } from './client.ts';
import { MIGRATIONS_DIR, MigrationError, loadMigrations, migrate, migrationChecksum, migrationStatus } from './migrate.ts';
import { type TestDatabase, createTestDatabase, testBackend } from './testing.ts';

let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'annex-migrations-'));
  for (const m of await loadMigrations()) await copyFile(join(MIGRATIONS_DIR, `${m.id}.sql`), join(dir, `${m.id}.sql`));
});
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`migrate (${testBackend()})`, () => {
  it('has applied the shipped migrations with their checksums', async () => {
    const rows = await t.sql<{ version: string; name: string; checksum: string }[]>`
      select version, name, checksum from schema_migrations order by version`;
    const files = await loadMigrations();
    expect(rows.map((r) => [r.version, r.name, r.checksum])).toEqual(files.map((f) => [f.version, f.name, f.checksum]));
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does nothing on a second run', async () => {
    expect(await migrate(t.sql)).toEqual({ applied: [] });
    expect((await migrationStatus(t.sql)).pending).toEqual([]);
  });

  it('applies a new migration once, even with two migrators at the same time', async () => {
    await writeFile(join(dir, '0900_widgets.sql'), 'create table widgets (id int primary key);\ninsert into widgets values (1);\n');
    const a = createSql(t.url, t.clientOptions);
    const b = createSql(t.url, t.clientOptions);
    try {
      const [ra, rb] = await Promise.all([migrate(a, { dir }), migrate(b, { dir })]);
      expect([...ra.applied, ...rb.applied]).toEqual(['0900_widgets']);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    expect(await t.sql`select * from widgets`).toEqual([{ id: 1 }]);
    expect((await migrationStatus(t.sql, { dir })).applied.map((m) => m.id)).toContain('0900_widgets');
  });

  it('rolls back a failing migration and records nothing', async () => {
    await writeFile(join(dir, '0901_broken.sql'), 'create table gadgets (id int);\nselect * from no_such_table;\n');
    await expect(migrate(t.sql, { dir })).rejects.toThrow(/0901_broken failed and was rolled back/);
    const [row] = await t.sql`select to_regclass('gadgets') is null as gone,
      not exists (select 1 from schema_migrations where version = '0901') as unrecorded`;
    expect(row).toEqual({ gone: true, unrecorded: true });
    await unlink(join(dir, '0901_broken.sql'));
  });

  it('refuses when an applied migration was edited', async () => {
    await writeFile(join(dir, '0900_widgets.sql'), 'create table widgets (id bigint primary key);\n');
    const err = await migrate(t.sql, { dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/0900_widgets was changed after it was applied/);
  });

  it('refuses when an applied migration file is missing', async () => {
    await unlink(join(dir, '0900_widgets.sql'));
    await expect(migrate(t.sql, { dir })).rejects.toThrow(/0900_widgets is recorded as applied but its file is missing/);
  });

  it('refuses badly named files', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'annex-migrations-bad-'));
    try {
      await writeFile(join(bad, '1_first.sql'), 'select 1;');
      await expect(loadMigrations(bad)).rejects.toThrow(MigrationError);
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });

  it('ignores line-ending differences in checksums', () => {
    expect(migrationChecksum('a;\r\nb;\r\n')).toBe(migrationChecksum('a;\nb;\n'));
  });
});
