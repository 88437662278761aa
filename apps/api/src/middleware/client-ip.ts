import type { Context } from 'hono';

// Loopback, private (RFC 1918, ULA) and link-local peers are our own proxies: the web server and the reverse proxy.
const TRUSTED_PEER = /^(?:::1|127\.|::ffff:127\.|10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|::ffff:10\.|::ffff:192\.168\.|f[cd][0-9a-f]{2}:|fe80:)/i;

function peerAddress(c: Context): string | null {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
}

/**
 * The client's IP for throttling and the sessions list. X-Forwarded-For is believed only from our own
 * proxies (or in-process requests, which have no socket); the nearest hop's entry is the one that proxy wrote.
 */
export function clientIp(c: Context): string {
  const peer = peerAddress(c);
  if (peer === null || TRUSTED_PEER.test(peer)) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const nearest = hops.at(-1);
    if (nearest && nearest.length <= 64) return nearest;
  }
  return peer ?? 'unknown';
}
