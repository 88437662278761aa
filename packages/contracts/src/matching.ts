import { COUNTY_CODES, MATCH_PARTS, MODALITIES, TASK_TYPES } from '@annex/domain';
import { z } from 'zod';
import { Id, IsoDateTime } from './common.ts';

// Matching (packages/domain matching.ts): vendors ranked for an order, open orders ranked for a vendor.

/** One part of a match score, explained: translate `code` with `params`; `text` is a plain fallback. */
export const MatchReason = z.object({
  part: z.enum(MATCH_PARTS),
  code: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  /** 0…1 */
  fit: z.number(),
  /** points this part contributed to the score */
  points: z.number(),
  text: z.string(),
});

/** Query of both ranked lists. */
export const MatchQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** A vendor ranked for an order: score out of 100 and a reason per part. */
export const VendorMatch = z.object({
  vendorId: Id,
  name: z.string(),
  county: z.enum(COUNTY_CODES).nullable(),
  score: z.number().min(0).max(100),
  reasons: z.array(MatchReason),
});
export const VendorMatchList = z.object({ orderId: Id, items: z.array(VendorMatch) });

/** An open order ranked for the calling vendor. */
export const OrderMatch = z.object({
  orderId: Id,
  title: z.string(),
  buyerName: z.string(),
  modality: z.enum(MODALITIES),
  taskTypes: z.array(z.enum(TASK_TYPES)),
  bidDeadline: IsoDateTime,
  score: z.number().min(0).max(100),
  reasons: z.array(MatchReason),
});
export const OrderMatchList = z.object({ items: z.array(OrderMatch) });

export type MatchReason = z.infer<typeof MatchReason>;
export type VendorMatch = z.infer<typeof VendorMatch>;
export type VendorMatchList = z.infer<typeof VendorMatchList>;
export type OrderMatch = z.infer<typeof OrderMatch>;
export type OrderMatchList = z.infer<typeof OrderMatchList>;
