import { m } from '#lib/paraglide/messages.js';

/** Every dimension either side rates, in the order the form shows them. */
export const REVIEW_DIMENSIONS = ['quality', 'timeliness', 'clarity', 'paymentTimeliness', 'communication'] as const;
export type ReviewDimension = (typeof REVIEW_DIMENSIONS)[number];

const MAX_BODY = 4000;

/** A dimension's name in the reader's language. */
const DIMENSION: Record<string, () => string> = {
  quality: m.rv_dim_quality, timeliness: m.rv_dim_timeliness, communication: m.rv_dim_communication,
  clarity: m.rv_dim_clarity, paymentTimeliness: m.rv_dim_paymentTimeliness,
};
export const dimensionLabel = (d: string): string => DIMENSION[d]?.() ?? d;

export type ReviewFormValues = { ratings: Record<string, string>; body: string };
export type ReviewFormResult =
  | { ok: true; value: { ratings: Record<string, number>; body: string }; values: ReviewFormValues }
  | { ok: false; values: ReviewFormValues; errors: Record<string, string> };

/**
 * The review form as posted: stars of the dimensions the form offered (`dimensions`, each 1–5) and the text.
 * The API checks the dimensions against the side again; this only gives the messages in the reader's language.
 */
export function readReviewForm(data: FormData): ReviewFormResult {
  const dims = String(data.get('dimensions') ?? '').split(',').filter((d): d is ReviewDimension => (REVIEW_DIMENSIONS as readonly string[]).includes(d));
  const values: ReviewFormValues = { ratings: {}, body: String(data.get('body') ?? '') };
  const errors: Record<string, string> = {};
  const ratings: Record<string, number> = {};
  for (const d of dims) {
    const raw = String(data.get(d) ?? '');
    values.ratings[d] = raw;
    const n = Number(raw);
    if (raw === '' || !Number.isInteger(n) || n < 1 || n > 5) errors[d] = m.rv_pick_stars();
    else ratings[d] = n;
  }
  const body = values.body.trim();
  if (body === '') errors.body = m.rv_body_required();
  else if (body.length > MAX_BODY) errors.body = m.v_too_long({ max: MAX_BODY });
  if (dims.length === 0 || Object.keys(errors).length > 0) return { ok: false, values, errors };
  return { ok: true, value: { ratings, body }, values };
}
