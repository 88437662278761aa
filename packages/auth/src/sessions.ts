import { type Db, type SessionMembership, sessions as sessionsRepo } from '@annex/db';
import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { Cookie, Lucia, TimeSpan } from 'lucia';
import { type SessionAttributes, type UserAttributes, createLuciaAdapter } from './lucia-adapter.ts';

/**
 * Sessions, after lucia's "sessions from scratch" guide: the cookie carries a random token; the
 * database keeps only its hex SHA-256, which is the session id lucia sees. Someone who reads the
 * sessions table cannot use what they read.
 *
 * lucia 3 (through our adapter) creates, lists and deletes sessions and writes the cookies.
 * Validation is ours: lucia's validateSession extends a session only once half its lifetime is
 * gone and knows one expiry, while we need an idle timeout measured from the last use (recorded
 * at most once an hour, so a busy user costs one write an hour) under an absolute lifetime that
 * depends on the user (12 h for the secretariat).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** the last-seen time and idle expiry are written at most this often */
export const RENEWAL_INTERVAL_MS = HOUR;

/** Lifetimes of sessions. */
export type SessionPolicy = {
  idleDays: number;
  absoluteDays: number;
  /** absolute lifetime for users of the secretariat */
  secretariatAbsoluteHours: number;
};

/** Cookie settings: `secure` selects the `__Host-` name and the Secure attribute. */
export type CookiePolicy = { secure: boolean };

export type SessionUser = { id: string } & UserAttributes;
export type ValidSession = { id: string; userId: string } & SessionAttributes;

export type ValidationResult =
  /** `membership`: the user's organisation, read in the same round trip as the session (null without one) */
  | { status: 'valid'; session: ValidSession; user: SessionUser; membership: SessionMembership | null; renewed: boolean }
  | { status: 'expired' }
  | { status: 'invalid' };

/** A new random session token: 20 bytes (160 bits) in lower-case base32. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The session id stored for a token: hex SHA-256. */
export function sessionIdFromToken(token: string): string {
  // node:crypto rather than @oslojs' JS SHA-256: it runs on every authenticated request
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The session cookie's name. */
export const sessionCookieName = (cookies: CookiePolicy) => (cookies.secure ? '__Host-annex_session' : 'annex_session');

/** Creates the session service over a database pool. */
export function createSessionManager(db: Db, policy: SessionPolicy, cookies: CookiePolicy) {
  const adapter = createLuciaAdapter(db);
  const lucia = new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(policy.idleDays, 'd'),
    sessionCookie: {
      name: sessionCookieName(cookies),
      // __Host- cookies must be Secure, Path=/ and carry no Domain
      attributes: { secure: cookies.secure, sameSite: 'lax', path: '/' },
    },
  });

  const absoluteLifetimeMs = (kind: string | null) =>
    kind === 'secretariat' ? policy.secretariatAbsoluteHours * HOUR : policy.absoluteDays * DAY;

  return {
    /** Starts a session; returns the token (for the cookie only) and the stored session. */
    async create(
      userId: string,
      meta: { orgKind: string | null; userAgent: string | null; ip: string | null; now?: Date },
    ) {
      const now = meta.now ?? new Date();
      const token = generateSessionToken();
      const absoluteExpiresAt = new Date(now.getTime() + absoluteLifetimeMs(meta.orgKind));
      const idleExpiresAt = new Date(Math.min(now.getTime() + policy.idleDays * DAY, absoluteExpiresAt.getTime()));
      const session = await lucia.createSession(
        userId,
        {
          createdAt: now, lastSeenAt: now, idleExpiresAt, absoluteExpiresAt,
          userAgent: meta.userAgent?.slice(0, 400) ?? null, ip: meta.ip,
        },
        { sessionId: sessionIdFromToken(token) },
      );
      return { token, sessionId: session.id, expiresAt: idleExpiresAt };
    },

    /** Checks a token: unknown, expired (and then deleted), or valid (renewed when due). */
    async validate(token: string, now: Date = new Date()): Promise<ValidationResult> {
      const id = sessionIdFromToken(token);
      // one round trip for session, user and membership: every authenticated request starts here
      const found = await sessionsRepo.findForRequest(db, id);
      if (!found) return { status: 'invalid' };
      const { session: row, user, membership } = found;
      if (now >= row.idleExpiresAt || now >= row.absoluteExpiresAt) {
        await lucia.invalidateSession(id);
        return { status: 'expired' };
      }
      let renewed = false;
      let session: ValidSession = {
        id, userId: row.userId, createdAt: row.createdAt, lastSeenAt: row.lastSeenAt, idleExpiresAt: row.idleExpiresAt,
        absoluteExpiresAt: row.absoluteExpiresAt, userAgent: row.userAgent, ip: row.ip,
      };
      if (now.getTime() - row.lastSeenAt.getTime() >= RENEWAL_INTERVAL_MS) {
        const idleExpiresAt = new Date(Math.min(now.getTime() + policy.idleDays * DAY, row.absoluteExpiresAt.getTime()));
        await sessionsRepo.touch(db, id, now, idleExpiresAt);
        session = { ...session, lastSeenAt: now, idleExpiresAt };
        renewed = true;
      }
      return {
        status: 'valid',
        session,
        user: { id: user.id, email: user.email, displayName: user.displayName, createdAt: user.createdAt, passwordChangedAt: user.passwordChangedAt },
        membership,
        renewed,
      };
    },

    /** Ends one session. */
    invalidate: (sessionId: string) => lucia.invalidateSession(sessionId),

    /** Ends every session of a user but `exceptId` (after a password change). */
    invalidateOthers: (userId: string, exceptId: string) => sessionsRepo.deleteAllForUser(db, userId, exceptId),

    /** The user's unexpired sessions, most recently used first. */
    async list(userId: string, now: Date = new Date()): Promise<ValidSession[]> {
      const rows = await adapter.getUserSessions(userId);
      return rows
        .filter((s) => s.expiresAt > now)
        .map((s) => ({ id: s.id, userId: s.userId, ...s.attributes }))
        .sort((x, y) => y.lastSeenAt.getTime() - x.lastSeenAt.getTime());
    },

    /** Removes expired sessions (housekeeping). */
    deleteExpired: () => lucia.deleteExpiredSessions(),

    /**
     * The Set-Cookie value carrying a token. Pass the session's `expiresAt` (from create, or the idle expiry
     * after a renewal) so the cookie dies with the session: lucia alone gives every cookie the idle lifetime,
     * which outlives a 12-hour secretariat session by days.
     */
    cookie(token: string, expiresAt?: Date, now: Date = new Date()): Cookie {
      const cookie = lucia.createSessionCookie(token);
      if (!expiresAt) return cookie;
      const maxAge = Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000));
      return new Cookie(cookie.name, cookie.value, { ...cookie.attributes, maxAge: Math.min(maxAge, cookie.attributes.maxAge ?? maxAge) });
    },
    /** The Set-Cookie value that removes the cookie. */
    blankCookie: (): Cookie => lucia.createBlankSessionCookie(),
    /** The token in a Cookie header, if any. */
    readCookie: (cookieHeader: string | undefined) => (cookieHeader ? lucia.readSessionCookie(cookieHeader) : null),
    /** The token in an `Authorization: Bearer` header, if any. */
    readBearer: (authorization: string | undefined) => (authorization ? lucia.readBearerToken(authorization) : null),
    cookieName: lucia.sessionCookieName,
  };
}

/** The session service. */
export type SessionManager = ReturnType<typeof createSessionManager>;
