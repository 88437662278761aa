import { organisations, users } from '@annex/db';
import { createTestDatabase, type TestDatabase } from '@annex/db/testing.ts';
import { COUNTY_CODES, parseUscc } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from './admin.ts';
import { CliError } from './runtime.ts';
import { DEMO_ADMIN_EMAIL, demoUscc, generateDemoPassword, seedDemoMarket } from './seed.ts';

describe('demo market seed', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('seeds the secretariat, 2 buyers and 4 vendors with valid USCCs in real counties', async () => {
    const seeded = await seedDemoMarket(db.sql);
    expect(seeded.created).toBe(true);
    if (!seeded.created) return;
    expect(seeded.accounts.map((a) => a.kind).sort()).toEqual(
      ['buyer', 'buyer', 'secretariat', 'vendor', 'vendor', 'vendor', 'vendor'],
    );
    expect(seeded.accounts[0]?.email).toBe(DEMO_ADMIN_EMAIL);

    const statuses: string[] = [];
    for (const account of seeded.accounts) {
      const user = await users.findByEmail(db.sql, account.email);
      expect(user).not.toBeNull();
      // stored only as an argon2id hash
      expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
      expect(user!.passwordHash).not.toContain(seeded.password);
      const membership = await organisations.membershipOf(db.sql, user!.id);
      expect(membership?.role).toBe('owner');
      expect(membership?.orgKind).toBe(account.kind);
      const org = await organisations.findById(db.sql, membership!.orgId);
      if (account.kind === 'secretariat') continue;
      expect(parseUscc(org!.uscc!).ok).toBe(true);
      if (account.kind === 'vendor') {
        expect(COUNTY_CODES).toContain(org!.county);
        expect(org!.capabilities!.taskTypes.length).toBeGreaterThan(0);
        expect(org!.capabilities!.headcount).toBeGreaterThan(0);
        statuses.push(org!.verification!.status);
      }
    }
    expect(statuses.sort()).toEqual(['pending', 'verified', 'verified', 'verified']);
  });

  it('is idempotent: a second seed changes nothing', async () => {
    expect(await seedDemoMarket(db.sql)).toEqual({ created: false });
  });

  it('makes valid check characters and readable passwords', () => {
    const code = demoUscc('371502', 'MA3C4K7R1');
    expect(parseUscc(code)).toEqual({ ok: true, code });
    expect(generateDemoPassword()).toMatch(/^Annex(-[a-z2-9]{4}){3}$/);
    expect(generateDemoPassword()).not.toBe(generateDemoPassword());
  });
});

describe('admin create', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates the secretariat organisation when missing, then reuses it', async () => {
    const first = await createAdmin(db.sql, { email: 'Ops@Example.cn', password: 'long enough passphrase', name: '运维' });
    expect(first.email).toBe('ops@example.cn');
    const second = await createAdmin(db.sql, { email: 'second@example.cn', password: 'another passphrase 2' });
    const a = await organisations.membershipOf(db.sql, (await users.findByEmail(db.sql, 'ops@example.cn'))!.id);
    const b = await organisations.membershipOf(db.sql, (await users.findByEmail(db.sql, 'second@example.cn'))!.id);
    expect(a?.orgKind).toBe('secretariat');
    expect(b?.orgId).toBe(a?.orgId);
    expect(second.organisationName).toBe(first.organisationName);
    expect((await users.findByEmail(db.sql, 'second@example.cn'))?.displayName).toBe('second');
  });

  it('refuses weak passwords, bad e-mails and duplicates with a clear message', async () => {
    await expect(createAdmin(db.sql, { email: 'x@example.cn', password: 'short' })).rejects.toThrow(/at least 8/);
    await expect(createAdmin(db.sql, { email: 'x@example.cn', password: 'password123' })).rejects.toThrow(/common/);
    await expect(createAdmin(db.sql, { email: 'not-an-email', password: 'long enough passphrase' })).rejects.toThrow(CliError);
    await expect(createAdmin(db.sql, { email: 'OPS@example.cn', password: 'long enough passphrase' })).rejects.toThrow(/exists already/);
  });
});
