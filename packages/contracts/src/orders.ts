import { MODALITIES, ORDER_STATUSES, TASK_TYPES } from '@annex/domain';
import { z } from 'zod';
import { Cursor, Id, IsoDateTime, Limit, Page } from './common.ts';

/** A published order as the public listing shows it (no confidential fields). */
export const OrderListItem = z.object({
  id: Id,
  title: z.string(),
  /** the buyer's organisation name, when the listing joins it */
  buyerName: z.string().optional(),
  modality: z.enum(MODALITIES),
  taskTypes: z.array(z.enum(TASK_TYPES)),
  status: z.enum(ORDER_STATUSES),
  budgetTotalFen: z.number().int().nullable(),
  bidDeadline: IsoDateTime.nullable(),
  publishedAt: IsoDateTime.nullable(),
});
export type OrderListItem = z.infer<typeof OrderListItem>;
export const OrderList = Page(OrderListItem);
export type OrderList = z.infer<typeof OrderList>;
export const OrderListQuery = z.object({ cursor: Cursor.optional(), limit: Limit });
