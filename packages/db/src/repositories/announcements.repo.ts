import type { Audience } from '@annex/domain';
import type { Db } from '../client.ts';
import { InvalidCursorError } from '../errors.ts';
import { pageSize } from '../cursor.ts';
import { isUuid } from '../ids.ts';

/** A stored announcement (通知公告). */
export type AnnouncementRow = {
  id: string;
  title: string;
  /** Markdown as written (sanitised on render, never here) */
  body: string;
  pinned: boolean;
  audience: Audience;
  publishAt: Date | null;
  unpublishedAt: Date | null;
  notifiedAt: Date | null;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** What the secretariat writes. */
export type AnnouncementFields = { title: string; body: string; pinned: boolean; audience: Audience };

// A list's position: pinned first, then the newest publication (or change, for the secretariat's list), then the id.
type Position = { pinned: boolean; us: string; id: string };
const encode = (p: Position) => Buffer.from(`${p.pinned ? 1 : 0}.${p.us}.${p.id}`, 'utf8').toString('base64url');
function decode(cursor: string): Position {
  const m = /^([01])\.(-?\d{1,17})\.([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (cursor.length > 200 || !m || !isUuid(m[3] ?? '')) throw new InvalidCursorError();
  return { pinned: m[1] === '1', us: m[2] ?? '', id: m[3] ?? '' };
}

const page = (rows: (AnnouncementRow & { pinnedKey: boolean; cursorUs: string })[], n: number) => {
  const items = rows.slice(0, n);
  const last = items.at(-1);
  return {
    items: items.map(({ pinnedKey: _p, cursorUs: _c, ...r }) => r as AnnouncementRow),
    nextCursor: rows.length > n && last ? encode({ pinned: last.pinnedKey, us: last.cursorUs, id: last.id }) : null,
  };
};

/** Announcements of the secretariat. */
export const announcements = {
  async create(db: Db, f: AnnouncementFields, by: string | null): Promise<AnnouncementRow> {
    const [row] = await db<AnnouncementRow[]>`
      insert into announcements (title, body, pinned, audience, created_by, updated_by)
      values (${f.title}, ${f.body}, ${f.pinned}, ${f.audience}, ${by}, ${by})
      returning *`;
    return row as AnnouncementRow;
  },

  /** An announcement, or null. */
  async get(db: Db, id: string): Promise<AnnouncementRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<AnnouncementRow[]>`select * from announcements where id = ${id}`;
    return row ?? null;
  },

  /** The row under its lock, for a change decided on what it holds. */
  async lock(db: Db, id: string): Promise<AnnouncementRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<AnnouncementRow[]>`select * from announcements where id = ${id} for update`;
    return row ?? null;
  },

  /** Changes what it says. */
  async update(db: Db, id: string, f: Partial<AnnouncementFields>, by: string | null): Promise<AnnouncementRow> {
    const [row] = await db<AnnouncementRow[]>`
      update announcements set
        title = coalesce(${f.title ?? null}, title), body = coalesce(${f.body ?? null}, body),
        pinned = coalesce(${f.pinned ?? null}::boolean, pinned), audience = coalesce(${f.audience ?? null}, audience),
        updated_by = ${by}, updated_at = clock_timestamp()
      where id = ${id} returning *`;
    return row as AnnouncementRow;
  },

  /** Publishes at `at` (now or later), also after a takedown. */
  async publish(db: Db, id: string, at: Date, by: string | null): Promise<AnnouncementRow> {
    const [row] = await db<AnnouncementRow[]>`
      update announcements set publish_at = ${at}, unpublished_at = null, updated_by = ${by}, updated_at = clock_timestamp()
      where id = ${id} returning *`;
    return row as AnnouncementRow;
  },

  /** Takes it down. */
  async unpublish(db: Db, id: string, at: Date, by: string | null): Promise<AnnouncementRow> {
    const [row] = await db<AnnouncementRow[]>`
      update announcements set unpublished_at = ${at}, updated_by = ${by}, updated_at = clock_timestamp()
      where id = ${id} returning *`;
    return row as AnnouncementRow;
  },

  /** Records that its audience was told (once; false when it had been already). */
  async markNotified(db: Db, id: string, at?: Date): Promise<boolean> {
    const res = await db`
      update announcements set notified_at = coalesce(${at ?? null}::timestamptz, clock_timestamp())
      where id = ${id} and notified_at is null`;
    return res.count === 1;
  },

  /**
   * One page of what is published at `now` for the given audiences: pinned first, then the newest
   * (`pinnedOnly`: only the pinned ones).
   */
  async listLive(
    db: Db, opts: { audiences: readonly Audience[]; now: Date; pinnedOnly?: boolean; cursor?: string | null; limit?: number },
  ): Promise<{ items: AnnouncementRow[]; nextCursor: string | null }> {
    const n = pageSize(opts.limit);
    const after = opts.cursor ? decode(opts.cursor) : null;
    const rows = await db<(AnnouncementRow & { pinnedKey: boolean; cursorUs: string })[]>`
      select *, pinned as pinned_key, (extract(epoch from publish_at) * 1000000)::bigint::text as cursor_us
      from announcements
      where publish_at is not null and unpublished_at is null and publish_at <= ${opts.now}
        and audience = any(${db.array([...opts.audiences])}::text[])
        ${opts.pinnedOnly ? db`and pinned` : db``}
        ${after
          ? db`and (pinned::int, publish_at, id) < (${after.pinned ? 1 : 0}::int,
                   'epoch'::timestamptz + ${after.us}::bigint * interval '1 microsecond', ${after.id}::uuid)`
          : db``}
      order by pinned desc, publish_at desc, id desc
      limit ${n + 1}`;
    return page(rows, n);
  },

  /** Every announcement for the secretariat, the latest changed first. */
  async listAll(db: Db, opts: { cursor?: string | null; limit?: number }): Promise<{ items: AnnouncementRow[]; nextCursor: string | null }> {
    const n = pageSize(opts.limit);
    const after = opts.cursor ? decode(opts.cursor) : null;
    const rows = await db<(AnnouncementRow & { pinnedKey: boolean; cursorUs: string })[]>`
      select *, false as pinned_key, (extract(epoch from updated_at) * 1000000)::bigint::text as cursor_us
      from announcements
      ${after ? db`where (updated_at, id) < ('epoch'::timestamptz + ${after.us}::bigint * interval '1 microsecond', ${after.id}::uuid)` : db``}
      order by updated_at desc, id desc
      limit ${n + 1}`;
    return page(rows, n);
  },

  /** Published ones whose audience was not told yet (the scheduler tells them), oldest first. */
  async noticeDue(db: Db, now: Date, limit = 50): Promise<AnnouncementRow[]> {
    return await db<AnnouncementRow[]>`
      select * from announcements
      where notified_at is null and publish_at is not null and unpublished_at is null and publish_at <= ${now}
      order by publish_at limit ${limit}`;
  },
};
