import { MAX_FEN } from '@annex/domain';
import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';
import { PHONE_PATTERN } from './vocabulary.ts';

/** RFC 9457 problem details as the API sends them. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(ERROR_CODES),
  detail: z.string(),
  requestId: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** not_eligible: why the vendor may not bid, each with a stable code (see IneligibleReason) */
  reasons: z.array(z.looseObject({ code: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Id = z.uuid();
export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date();
export const Cursor = z.string().max(200);
export const Limit = z.coerce.number().int().min(1).max(100).default(20);
export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
/** Mainland mobile (1xxxxxxxxxx) or landline with area code (0635-1234567). */
export const Phone = z.string().trim().regex(PHONE_PATTERN);

/** Money: integer fen (1/100 CNY), 0 … 10 billion CNY; a decimal number is a validation error, never rounded. */
export const Fen = z
  .number()
  .int('money is a whole number of fen (1/100 yuan), never a decimal')
  .min(0, 'money cannot be negative')
  .max(MAX_FEN, 'at most 10 billion yuan (10^12 fen)');
/** A price: at least 1 fen. */
export const PositiveFen = Fen.min(1, 'a price is at least 1 fen');
