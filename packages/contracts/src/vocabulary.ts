/**
 * The plain lists, limits and patterns of the contracts (sort orders, attachment kinds, text lengths, phone
 * numbers), apart from the zod schemas: the web's browser code imports these without pulling zod into its pages.
 */

/** A mainland mobile number or a landline with area code (and extension), +86 allowed; checked after trimming. */
export const PHONE_PATTERN = /^(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/;

/**
 * An e-mail address (zod's own default pattern, here so that the browser checks it without loading zod; the
 * contracts' `Email` schema uses it too). Checked after trimming, at most EMAIL_MAX_LENGTH characters.
 */
export const EMAIL_PATTERN = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
export const EMAIL_MAX_LENGTH = 254;

/** Longest order description (Markdown) accepted. */
export const MAX_DESCRIPTION_CHARS = 30_000;
/** Longest bid proposal, question, answer, reason. */
export const MAX_PROPOSAL_CHARS = 20_000;
/** The longest summary of a catalogue entry (Markdown). */
export const MAX_CATALOGUE_SUMMARY_CHARS = 20_000;

export const ATTACHMENT_KINDS = ['guideline', 'sample', 'other'] as const;

export const MY_ORDER_SORTS = ['newest', 'updated', 'deadline'] as const;
export type MyOrderSort = (typeof MY_ORDER_SORTS)[number];

export const MY_BID_SORTS = ['newest', 'deadline'] as const;
export type MyBidSort = (typeof MY_BID_SORTS)[number];

export const ORDER_SEARCH_SORTS = ['relevance', 'newest', 'deadline', 'budget_desc', 'budget_asc'] as const;

export const VENDOR_SEARCH_SORTS = ['relevance', 'headcount', 'capacity', 'experience', 'newest'] as const;

/** Sorts of the catalogue list: relevance (default with text), updated (last changed first; default without), code. */
export const CATALOGUE_SORTS = ['relevance', 'updated', 'code'] as const;

/** Largest file a catalogue import accepts (CSV or XLSX). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Most data rows a catalogue import accepts. */
export const MAX_IMPORT_ROWS = 20_000;
