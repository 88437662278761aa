import type { Modality } from '@annex/domain';
import type { Db } from '../client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';

/** Order statuses that are visible to the public. */
export const PUBLISHED_ORDER_STATUSES = ['open', 'evaluation', 'awarded', 'in_progress', 'completed'] as const;

/** A published order as listed publicly. */
export type PublishedOrderRow = {
  id: string;
  buyerOrgId: string;
  buyerName: string;
  title: string;
  description: string;
  modality: Modality;
  taskTypes: string[];
  status: (typeof PUBLISHED_ORDER_STATUSES)[number];
  budgetTotalFen: number | null;
  bidDeadline: Date | null;
  publishedAt: Date;
  createdAt: Date;
  updatedAt: Date;
};

/** Fields of a new order (minimal until the marketplace issue). */
export type NewOrder = {
  buyerOrgId: string;
  title: string;
  description?: string;
  modality: Modality;
  taskTypes?: readonly string[];
  status?: string;
  budgetTotalFen?: number | null;
  bidDeadline?: Date | null;
  publishedAt?: Date | null;
};

/** Orders (the marketplace issue extends this). */
export const orders = {
  /** Inserts an order (seeds and tests; the marketplace issue brings the real use cases); returns its id. */
  async create(db: Db, o: NewOrder): Promise<string> {
    const [row] = await db<{ id: string }[]>`
      insert into orders (buyer_org_id, title, description, modality, task_types, status, budget_total_fen,
                          bid_deadline, published_at)
      values (${o.buyerOrgId}, ${o.title}, ${o.description ?? ''}, ${o.modality},
              ${db.array([...(o.taskTypes ?? [])])}::text[], ${o.status ?? 'draft'}, ${o.budgetTotalFen ?? null},
              ${o.bidDeadline ?? null}, ${o.publishedAt ?? null})
      returning id`;
    return (row as { id: string }).id;
  },

  /** One page of published orders, newest first; `nextCursor` null on the last page. */
  async listPublished(
    db: Db,
    cursor: string | null | undefined,
    limit?: number,
  ): Promise<{ items: PublishedOrderRow[]; nextCursor: string | null }> {
    const n = pageSize(limit);
    const before = cursor ? decodeCursor(cursor) : null;
    const rows = await db<(PublishedOrderRow & { cursorUs: string })[]>`
      select o.id, o.buyer_org_id, b.name as buyer_name, o.title, o.description, o.modality, o.task_types, o.status,
             o.budget_total_fen, o.bid_deadline, o.published_at, o.created_at, o.updated_at,
             (extract(epoch from o.published_at) * 1000000)::bigint::text as cursor_us
      from orders o join organisations b on b.id = o.buyer_org_id
      where o.status in ('open', 'evaluation', 'awarded', 'in_progress', 'completed')
        ${before
          ? db`and (o.published_at, o.id) <
                 ('epoch'::timestamptz + ${before.us}::bigint * interval '1 microsecond', ${before.id}::uuid)`
          : db``}
      order by o.published_at desc, o.id desc
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return {
      items: page.map(({ cursorUs: _, ...o }) => o),
      nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.id }) : null,
    };
  },
};
