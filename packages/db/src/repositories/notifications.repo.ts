import type { Db } from '../client.ts';
import { decodeIdCursor, encodeIdCursor, pageSize } from '../cursor.ts';
import { isUuid } from '../ids.ts';

/** A notification in a user's inbox. */
export type NotificationRow = {
  id: number;
  userId: string;
  /** the organisation it was addressed to, when it was sent to one */
  orgId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  orderId: string | null;
  readAt: Date | null;
  createdAt: Date;
};

/** A notification to send: to one user, or to every member of an organisation. */
export type NewNotification = {
  recipient: { userId: string } | { orgId: string };
  kind: string;
  payload?: Record<string, unknown>;
  orderId?: string | null;
};

/** The in-app inbox. */
export const notifications = {
  /**
   * Inserts notifications, fanning those addressed to an organisation out to its members; returns how many rows.
   * `at`: when they were sent, for records of past steps (default: now).
   */
  async insertMany(db: Db, items: readonly NewNotification[], opts: { at?: Date } = {}): Promise<number> {
    if (items.length === 0) return 0;
    const batch = items.map((n) => ({
      user_id: 'userId' in n.recipient ? n.recipient.userId : null,
      org_id: 'orgId' in n.recipient ? n.recipient.orgId : null,
      kind: n.kind,
      payload: JSON.parse(JSON.stringify(n.payload ?? {})) as unknown,
      order_id: n.orderId ?? null,
    }));
    const res = await db`
      insert into notifications (user_id, org_id, kind, payload, order_id, created_at)
      select coalesce(r.user_id, m.user_id), r.org_id, r.kind, r.payload, r.order_id, coalesce(${opts.at ?? null}::timestamptz, now())
      from jsonb_to_recordset(${db.json(batch as never)}::jsonb)
             as r(user_id uuid, org_id uuid, kind text, payload jsonb, order_id uuid)
      left join memberships m on r.user_id is null and m.org_id = r.org_id
      where coalesce(r.user_id, m.user_id) is not null`;
    return res.count;
  },

  /** One page of a user's notifications, newest first. */
  async listForUser(
    db: Db,
    userId: string,
    opts: { cursor?: string | null; limit?: number; unreadOnly?: boolean } = {},
  ): Promise<{ items: NotificationRow[]; nextCursor: string | null }> {
    if (!isUuid(userId)) return { items: [], nextCursor: null };
    const n = pageSize(opts.limit);
    const before = opts.cursor ? decodeIdCursor(opts.cursor) : null;
    const rows = await db<NotificationRow[]>`
      select * from notifications
      where user_id = ${userId}
        ${opts.unreadOnly ? db`and read_at is null` : db``}
        ${before === null ? db`` : db`and id < ${before}`}
      order by id desc
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > n && last ? encodeIdCursor(last.id) : null };
  },

  /** How many unread notifications a user has. */
  async unreadCount(db: Db, userId: string): Promise<number> {
    if (!isUuid(userId)) return 0;
    const [row] = await db<{ n: number }[]>`
      select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`;
    return row?.n ?? 0;
  },

  /** Marks some (or 'all') of a user's notifications read; returns how many changed. */
  async markRead(db: Db, userId: string, ids: readonly number[] | 'all'): Promise<number> {
    if (!isUuid(userId)) return 0;
    if (ids !== 'all' && ids.length === 0) return 0;
    const res = await db`
      update notifications set read_at = now()
      where user_id = ${userId} and read_at is null
        ${ids === 'all' ? db`` : db`and id = any(${db.array(ids.filter(Number.isSafeInteger) as number[])}::bigint[])`}`;
    return res.count;
  },
};
