import { describe, expect, it } from 'vitest';
import { hashPassword, hashingInFlight, verifyAgainstDummy, verifyPassword } from './password-hash.ts';

describe('argon2id hashing', () => {
  it('hashes with argon2id m=19456 t=2 p=1 and verifies', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
  });

  it('answers false for a malformed hash instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever1')).toBe(false);
    expect(await verifyAgainstDummy('whatever1')).toBe(false);
  });

  it('runs at most two hashes at a time', async () => {
    let peak = 0;
    const timer = setInterval(() => { peak = Math.max(peak, hashingInFlight()); }, 1);
    await Promise.all(Array.from({ length: 6 }, (_, i) => hashPassword(`password-${i}-x`)));
    clearInterval(timer);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);
  });
});
