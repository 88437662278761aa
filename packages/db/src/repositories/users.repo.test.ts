import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSTRAINTS, UniqueViolation, isUniqueViolation } from '../errors.ts';
import { randomEmail } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { users } from './users.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`users (${testBackend()})`, () => {
  it('creates a user with a lower-cased e-mail and finds it by e-mail in any case and by id', async () => {
    const email = randomEmail('Mixed');
    const u = await users.create(t.sql, { email: `  ${email.toUpperCase()} `, passwordHash: 'hash', displayName: '李四' });
    expect(u).toMatchObject({ email: email.toLowerCase(), passwordHash: 'hash', displayName: '李四' });
    expect(u.createdAt).toBeInstanceOf(Date);
    expect(await users.findByEmail(t.sql, email.toUpperCase())).toEqual(u);
    expect(await users.findById(t.sql, u.id)).toEqual(u);
  });

  it('answers null for unknown or malformed ids and unknown e-mails', async () => {
    expect(await users.findById(t.sql, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await users.findById(t.sql, 'not-a-uuid')).toBeNull();
    expect(await users.findByEmail(t.sql, randomEmail())).toBeNull();
  });

  it('refuses a second account with the same e-mail in another case as a typed unique violation', async () => {
    const email = randomEmail();
    await users.create(t.sql, { email, passwordHash: 'h', displayName: 'A' });
    const err = await users
      .create(t.sql, { email: email.toUpperCase(), passwordHash: 'h', displayName: 'B' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UniqueViolation);
    expect((err as UniqueViolation).constraint).toBe(CONSTRAINTS.usersEmail);
    expect(isUniqueViolation(err, CONSTRAINTS.usersEmail)).toBe(true);
    expect(isUniqueViolation(err, CONSTRAINTS.organisationsUscc)).toBe(false);
  });

  it('updates the password hash and stamps the change', async () => {
    const u = await users.create(t.sql, { email: randomEmail(), passwordHash: 'old', displayName: 'A' });
    await new Promise((r) => setTimeout(r, 5));
    expect(await users.updatePasswordHash(t.sql, u.id, 'new')).toBe(true);
    const after = await users.findById(t.sql, u.id);
    expect(after?.passwordHash).toBe('new');
    expect(after?.passwordChangedAt.getTime()).toBeGreaterThan(u.passwordChangedAt.getTime());
    expect(await users.updatePasswordHash(t.sql, '00000000-0000-4000-8000-000000000000', 'x')).toBe(false);
  });
});
