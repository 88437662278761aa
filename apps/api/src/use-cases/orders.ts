import type { OrderList, OrderListItem } from '@annex/contracts';
import { InvalidCursorError, orders } from '@annex/db';
import { AppError } from '../errors.ts';
import type { Deps } from './context.ts';

/** Published listings, newest first (public). */
export async function listPublishedOrders(deps: Deps, q: { cursor?: string | undefined; limit: number }): Promise<OrderList> {
  try {
    const page = await orders.listPublished(deps.sql, q.cursor, q.limit);
    return {
      items: page.items.map((o) => ({
        id: o.id,
        title: o.title,
        buyerName: o.buyerName,
        modality: o.modality,
        taskTypes: o.taskTypes as OrderListItem['taskTypes'],
        status: o.status,
        budgetTotalFen: o.budgetTotalFen,
        bidDeadline: o.bidDeadline?.toISOString() ?? null,
        publishedAt: o.publishedAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', [{ path: 'query.cursor', message: 'invalid cursor' }]);
    }
    throw err;
  }
}
