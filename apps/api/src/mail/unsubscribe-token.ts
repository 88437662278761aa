import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Unsubscribe links work without signing in: the token names the user and the kind and carries an HMAC-SHA256 of
 * both under the user's own random key (email_settings.unsubscribe_key), so nobody can forge one for another user
 * or kind, and a new key voids every link sent before. `digest` stands for the daily digest (all digest kinds).
 */

const KIND = /^[a-z_]{1,60}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const mac = (key: string, userId: string, kind: string) =>
  createHmac('sha256', key).update(`unsubscribe:${userId}:${kind}`).digest('base64url').slice(0, 32);

/** The token of the link that turns `kind` off for the user. */
export function signUnsubscribeToken(key: string, userId: string, kind: string): string {
  return `${userId}.${kind}.${mac(key, userId, kind)}`;
}

/** What a token claims, when it is well formed (check it with `verifyUnsubscribeToken` and the user's key). */
export function readUnsubscribeToken(token: string): { userId: string; kind: string; signature: string } | null {
  const [userId, kind, signature, ...rest] = token.split('.');
  if (rest.length || !userId || !kind || !signature || !UUID.test(userId) || !KIND.test(kind) || !/^[\w-]{32}$/.test(signature)) return null;
  return { userId, kind, signature };
}

/** Whether the signature is the user's key's (compared in constant time). */
export function verifyUnsubscribeToken(key: string, t: { userId: string; kind: string; signature: string }): boolean {
  return timingSafeEqual(Buffer.from(mac(key, t.userId, t.kind)), Buffer.from(t.signature));
}
