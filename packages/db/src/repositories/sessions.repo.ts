import type { MemberRole, OrgKind } from '@annex/domain';
import type { Db } from '../client.ts';
import { isUuid } from '../ids.ts';
import type { UserRow } from './users.repo.ts';

/** A row of `sessions`; `id` is the hex SHA-256 of the token. */
export type SessionRow = {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  userAgent: string | null;
  ip: string | null;
};

/** The caller's organisation as a request sees it (memberships are unique per user). */
export type SessionMembership = { orgId: string; role: MemberRole; orgKind: OrgKind };

/** Fields of a new session. */
export type NewSession = {
  /** hex SHA-256 of the token (64 lower-case hex characters; the table refuses anything else) */
  id: string;
  userId: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  userAgent?: string | null;
  ip?: string | null;
  /** defaults to the database clock */
  createdAt?: Date;
};

const HEX64 = /^[0-9a-f]{64}$/;

/** Sessions: stored by token hash, with idle and absolute expiry. */
export const sessions = {
  /** Inserts a session. */
  async create(db: Db, s: NewSession): Promise<SessionRow> {
    const [row] = await db<SessionRow[]>`
      insert into sessions (id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, ip)
      values (${s.id}, ${s.userId}, coalesce(${s.createdAt ?? null}::timestamptz, now()),
              coalesce(${s.createdAt ?? null}::timestamptz, now()),
              ${s.idleExpiresAt}, ${s.absoluteExpiresAt}, ${s.userAgent ?? null}, ${s.ip ?? null})
      returning *`;
    return row as SessionRow;
  },

  /** The session with this id (expired or not: the caller decides), or null. */
  async findById(db: Db, id: string): Promise<SessionRow | null> {
    if (!HEX64.test(id)) return null;
    const [row] = await db<SessionRow[]>`select * from sessions where id = ${id}`;
    return row ?? null;
  },

  /** The session and its user in one round trip, or null. */
  async findWithUser(db: Db, id: string): Promise<{ session: SessionRow; user: UserRow } | null> {
    if (!HEX64.test(id)) return null;
    const [row] = await db<(SessionRow & { uEmail: string; uPasswordHash: string; uDisplayName: string; uCreatedAt: Date; uPasswordChangedAt: Date })[]>`
      select s.*, u.email as u_email, u.password_hash as u_password_hash, u.display_name as u_display_name,
             u.created_at as u_created_at, u.password_changed_at as u_password_changed_at
      from sessions s join users u on u.id = s.user_id where s.id = ${id}`;
    if (!row) return null;
    const { uEmail, uPasswordHash, uDisplayName, uCreatedAt, uPasswordChangedAt, ...session } = row;
    return {
      session,
      user: {
        id: session.userId, email: uEmail, passwordHash: uPasswordHash, displayName: uDisplayName,
        createdAt: uCreatedAt, passwordChangedAt: uPasswordChangedAt,
      },
    };
  },

  /**
   * What a request needs to know about its caller, in one round trip: the session, its user and the user's
   * membership (organisation id, role and kind; null without one). Read afresh on every request, so a change
   * of membership counts at once. Null for an unknown id.
   */
  async findForRequest(db: Db, id: string): Promise<{ session: SessionRow; user: UserRow; membership: SessionMembership | null } | null> {
    if (!HEX64.test(id)) return null;
    const [row] = await db<(SessionRow & {
      uEmail: string; uPasswordHash: string; uDisplayName: string; uCreatedAt: Date; uPasswordChangedAt: Date;
      mOrgId: string | null; mRole: SessionMembership['role'] | null; mOrgKind: SessionMembership['orgKind'] | null;
    })[]>`
      select s.*, u.email as u_email, u.password_hash as u_password_hash, u.display_name as u_display_name,
             u.created_at as u_created_at, u.password_changed_at as u_password_changed_at,
             m.org_id as m_org_id, m.role as m_role, o.kind as m_org_kind
      from sessions s
      join users u on u.id = s.user_id
      left join memberships m on m.user_id = s.user_id
      left join organisations o on o.id = m.org_id
      where s.id = ${id}`;
    if (!row) return null;
    const { uEmail, uPasswordHash, uDisplayName, uCreatedAt, uPasswordChangedAt, mOrgId, mRole, mOrgKind, ...session } = row;
    return {
      session,
      user: {
        id: session.userId, email: uEmail, passwordHash: uPasswordHash, displayName: uDisplayName,
        createdAt: uCreatedAt, passwordChangedAt: uPasswordChangedAt,
      },
      membership: mOrgId && mRole && mOrgKind ? { orgId: mOrgId, role: mRole, orgKind: mOrgKind } : null,
    };
  },

  /** Records activity: new last-seen time and idle expiry; false if the session is gone. */
  async touch(db: Db, id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<boolean> {
    if (!HEX64.test(id)) return false;
    const res = await db`
      update sessions set last_seen_at = ${lastSeenAt}, idle_expires_at = ${idleExpiresAt} where id = ${id}`;
    return res.count === 1;
  },

  /** Deletes one session; false if it did not exist. */
  async delete(db: Db, id: string): Promise<boolean> {
    if (!HEX64.test(id)) return false;
    const res = await db`delete from sessions where id = ${id}`;
    return res.count === 1;
  },

  /** Deletes a user's sessions, except `exceptId` if given; returns how many. */
  async deleteAllForUser(db: Db, userId: string, exceptId?: string): Promise<number> {
    if (!isUuid(userId)) return 0;
    const res = await db`
      delete from sessions where user_id = ${userId} ${exceptId ? db`and id <> ${exceptId}` : db``}`;
    return res.count;
  },

  /** A user's sessions, most recently used first. */
  async listForUser(db: Db, userId: string): Promise<SessionRow[]> {
    if (!isUuid(userId)) return [];
    return await db<SessionRow[]>`
      select * from sessions where user_id = ${userId} order by last_seen_at desc, id`;
  },

  /** Deletes sessions past either expiry at `now` (default: the database clock); returns how many. */
  async deleteExpired(db: Db, now?: Date): Promise<number> {
    const res = await db`
      delete from sessions
      where least(idle_expires_at, absolute_expires_at) <= coalesce(${now ?? null}::timestamptz, now())`;
    return res.count;
  },
};

