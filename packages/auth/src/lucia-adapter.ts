import { type Db, type SessionRow, sessions } from '@annex/db';
import type { Adapter, DatabaseSession, DatabaseUser } from 'lucia';

/** What we keep per session beside lucia's id, userId and expiresAt. */
export type SessionAttributes = {
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  userAgent: string | null;
  ip: string | null;
};

/** What lucia hands back about the user of a session. */
export type UserAttributes = { email: string; displayName: string; createdAt: Date; passwordChangedAt: Date };

declare module 'lucia' {
  interface Register {
    DatabaseSessionAttributes: SessionAttributes;
    DatabaseUserAttributes: UserAttributes;
  }
}

const toDatabaseSession = (row: SessionRow): DatabaseSession => ({
  id: row.id,
  userId: row.userId,
  // lucia's single expiry is whichever of our two comes first
  expiresAt: new Date(Math.min(row.idleExpiresAt.getTime(), row.absoluteExpiresAt.getTime())),
  attributes: {
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    idleExpiresAt: row.idleExpiresAt,
    absoluteExpiresAt: row.absoluteExpiresAt,
    userAgent: row.userAgent,
    ip: row.ip,
  },
});

/**
 * lucia's adapter over the sessions repository. Session ids are the hex SHA-256 of the token
 * (see sessions.ts): this adapter, and so the database, never sees a token.
 */
export function createLuciaAdapter(db: Db): Adapter {
  return {
    async getSessionAndUser(sessionId): Promise<[DatabaseSession | null, DatabaseUser | null]> {
      const found = await sessions.findWithUser(db, sessionId);
      if (!found) return [null, null];
      const { session, user } = found;
      return [
        toDatabaseSession(session),
        {
          id: user.id,
          attributes: {
            email: user.email,
            displayName: user.displayName,
            createdAt: user.createdAt,
            passwordChangedAt: user.passwordChangedAt,
          },
        },
      ];
    },
    async getUserSessions(userId) {
      return (await sessions.listForUser(db, userId)).map(toDatabaseSession);
    },
    async setSession(session) {
      const a = session.attributes;
      await sessions.create(db, {
        id: session.id,
        userId: session.userId,
        // the manager computed the idle expiry from its clock and capped it by the absolute one
        idleExpiresAt: a.idleExpiresAt,
        absoluteExpiresAt: a.absoluteExpiresAt,
        userAgent: a.userAgent,
        ip: a.ip,
        createdAt: a.createdAt,
      });
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      await sessions.touch(db, sessionId, new Date(), expiresAt);
    },
    async deleteSession(sessionId) {
      await sessions.delete(db, sessionId);
    },
    async deleteUserSessions(userId) {
      await sessions.deleteAllForUser(db, userId);
    },
    async deleteExpiredSessions() {
      await sessions.deleteExpired(db);
    },
  };
}
