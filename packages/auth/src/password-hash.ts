import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { createLimiter } from './limiter.ts';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_OPTIONS = {
  // Algorithm is an ambient const enum, unusable under isolatedModules; 2 is Argon2id.
  algorithm: 2 as Algorithm,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

// Each hash takes ~19 MiB and ~60 ms of a core: a burst of logins must not exhaust memory or CPU.
const limiter = createLimiter(2);

/** Hashes a password with argon2id (at most two hashes run at a time). */
export function hashPassword(password: string): Promise<string> {
  return limiter.run(() => hash(password, ARGON2_OPTIONS));
}

/** Checks a password against a stored argon2 hash; false for a malformed hash. */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return limiter.run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real verification, so unknown e-mails cannot be told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('annex-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}

/** How many hashes are running now (for tests). */
export const hashingInFlight = () => limiter.active;
