import { z } from 'zod';

/** GET /config — the market's rules that forms check before sending (the API enforces them again). */
export const PublicConfig = z.object({
  /** the shortest bidding window an order may have, also after an amendment (MIN_BID_WINDOW_SECONDS) */
  minBidWindowSeconds: z.number().int().min(0),
  /** the length of an award's publicity window, in which losing bidders may object (PUBLICITY_SECONDS) */
  publicitySeconds: z.number().int().min(0),
  /** days after the bid deadline in which the buyer must award (AWARD_WINDOW_DAYS) */
  awardWindowDays: z.number().int().min(0),
});
export type PublicConfig = z.infer<typeof PublicConfig>;
