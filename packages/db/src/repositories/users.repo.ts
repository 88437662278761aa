import type { Db } from '../client.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';

/** A row of `users`. */
export type UserRow = {
  id: string;
  email: string;
  passwordHash: string;
  displayName: string;
  createdAt: Date;
  passwordChangedAt: Date;
};

/** E-mail addresses are stored and compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Users: accounts and their password hashes. */
export const users = {
  /** Inserts a user; throws UniqueViolation('users_email_key') for a taken e-mail. */
  async create(db: Db, u: { email: string; passwordHash: string; displayName: string }): Promise<UserRow> {
    try {
      const [row] = await db<UserRow[]>`
        insert into users (email, password_hash, display_name)
        values (${normalizeEmail(u.email)}, ${u.passwordHash}, ${u.displayName})
        returning *`;
      return row as UserRow;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** The user with this e-mail (any case), or null. */
  async findByEmail(db: Db, email: string): Promise<UserRow | null> {
    const [row] = await db<UserRow[]>`select * from users where email = ${normalizeEmail(email)}`;
    return row ?? null;
  },

  /** The user with this id, or null. */
  async findById(db: Db, id: string): Promise<UserRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<UserRow[]>`select * from users where id = ${id}`;
    return row ?? null;
  },

  /** Replaces the password hash and stamps password_changed_at; false if there is no such user. */
  async updatePasswordHash(db: Db, id: string, passwordHash: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const res = await db`
      update users set password_hash = ${passwordHash}, password_changed_at = now() where id = ${id}`;
    return res.count === 1;
  },
};
