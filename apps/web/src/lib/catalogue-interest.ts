import type { CatalogueInterest, CatalogueInterestRequest } from '@annex/contracts';
import { type Errors, check, intRule } from '#lib/validation.ts';
import { m } from '#lib/paraglide/messages.js';

/** The fields of a vendor's interest in a catalogue entry, as typed. */
export const INTEREST_FIELDS = ['note', 'headcount', 'dailyItems'] as const;
export type InterestField = (typeof INTEREST_FIELDS)[number];
export type InterestValues = Record<InterestField, string>;

const noteRule = (v: string) => (v.trim().length > 1000 ? m.v_too_long({ max: 1000 }) : null);

/** What is wrong with an interest as typed: the contracts' bounds, in the user's language. */
export const interestErrors = (v: InterestValues): Errors<InterestField> =>
  check({ note: noteRule, headcount: intRule(1, 100_000), dailyItems: intRule(1, 1_000_000_000, true) }, v);

/** The PUT body of an interest (call only once `interestErrors` is empty). */
export const interestBody = (v: InterestValues): CatalogueInterestRequest => ({
  note: v.note.trim(),
  headcount: Number(v.headcount.trim()),
  dailyItems: v.dailyItems.trim() === '' ? null : Number(v.dailyItems.trim()),
});

/** The form's values for a saved interest, or for a new one. */
export const interestValues = (i: CatalogueInterest | null): InterestValues => ({
  note: i?.note ?? '',
  headcount: i ? String(i.headcount) : '',
  dailyItems: i?.dailyItems ? String(i.dailyItems) : '',
});
