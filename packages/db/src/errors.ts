/** Constraint names others may test for with `isUniqueViolation`. */
export const CONSTRAINTS = {
  usersEmail: 'users_email_key',
  organisationsUscc: 'organisations_uscc_key',
  membershipsUser: 'memberships_user_key',
  /** a second active award for an order (the API answers 409 already_awarded) */
  awardsOneActivePerOrder: 'awards_one_active_per_order',
  /** a vendor's second live bid on an order */
  bidsOneLivePerVendor: 'bids_one_live_per_vendor',
  /** an organisation's second pending objection to one award */
  objectionsOnePendingPerOrg: 'objections_one_pending_per_org',
  orderAttachmentsStorageKey: 'order_attachments_storage_key_key',
  /** a second catalogue entry with the same resource code */
  catalogueEntriesCode: 'catalogue_entries_code_key',
  /** a second agency of the same name, or of the same short name */
  agenciesName: 'agencies_name_key',
  agenciesShortName: 'agencies_short_name_key',
  /** an organisation's second open case for one policy service */
  policyCasesOneOpenPerService: 'policy_cases_one_open_per_service',
  policyServicesCode: 'policy_services_code_key',
  /** a second open change order on a contract */
  changeOrdersOneOpen: 'change_orders_one_open',
  /** a second open termination proposal on a contract */
  contractTerminationsOneOpen: 'contract_terminations_one_open',
  /** a second contract for an order */
  contractsOrder: 'contracts_order_key',
  /** a second decision of one delivered batch (accept and reject racing, or the clock against a late buyer) */
  deliveryDecisionsOnePerBatch: 'delivery_decisions_pkey',
  /** a second batch of a milestone in review or in dispute */
  milestoneDeliveriesOneOpen: 'milestone_deliveries_one_open',
  milestoneDeliveriesAttempt: 'milestone_deliveries_attempt_key',
  /** a second inspection of one batch */
  deliveryInspectionsOnePerBatch: 'delivery_inspections_pkey',
  /** a second dispute of one rejection, or a second pending payment dispute of a milestone */
  disputesOnePerRejection: 'implementation_disputes_one_per_rejection',
  disputesOnePendingPayment: 'implementation_disputes_one_pending_payment',
  /** a side's second review of a contract */
  contractReviewsOnePerSide: 'contract_reviews_one_per_side',
  /** a second statistics period for one quarter */
  statisticsPeriodsQuarter: 'statistics_periods_quarter_key',
} as const;

/** A unique constraint refused a row; `constraint` names it (see `CONSTRAINTS`). */
export class UniqueViolation extends Error {
  readonly constraint: string;
  readonly detail: string | undefined;
  constructor(constraint: string, detail?: string, options?: { cause?: unknown }) {
    super(`unique constraint ${constraint} violated${detail ? `: ${detail}` : ''}`, options);
    this.name = 'UniqueViolation';
    this.constraint = constraint;
    this.detail = detail;
  }
}

/** A pagination cursor that this package did not issue (map it to 400). */
export class InvalidCursorError extends Error {
  constructor(message = 'invalid cursor') {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

type PgErrorLike = { code?: unknown; constraint_name?: unknown; detail?: unknown };

function pgError(err: unknown): PgErrorLike | null {
  return typeof err === 'object' && err !== null ? (err as PgErrorLike) : null;
}

/** True when `err` is a unique violation (typed or raw from postgres.js), optionally of one named constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (err instanceof UniqueViolation) return constraint === undefined || err.constraint === constraint;
  const e = pgError(err);
  return e?.code === '23505' && (constraint === undefined || e.constraint_name === constraint);
}

/** The SQLSTATE of a database error, if `err` is one. */
export function sqlState(err: unknown): string | undefined {
  const code = pgError(err)?.code;
  return typeof code === 'string' ? code : undefined;
}

// postgres.js' codes for a connection lost or never made, and Node's socket errors it passes on
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);
// SQLSTATEs of a server going away or not there yet: shut down by an operator or a crash, starting up, full
// (and the whole class 08, connection exceptions)
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * True when `err` (or what it wraps) says the database cannot be reached right now — down, restarting, refusing
 * connections, the connection lost mid-statement — rather than that a statement was wrong: worth a retry later.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = pgError(e)?.code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) return true;
  }
  return false;
}

/** Re-throws a raw unique violation as `UniqueViolation`; other errors unchanged. */
export function rethrowTyped(err: unknown): never {
  const e = pgError(err);
  if (e?.code === '23505' && typeof e.constraint_name === 'string') {
    throw new UniqueViolation(e.constraint_name, typeof e.detail === 'string' ? e.detail : undefined, { cause: err });
  }
  throw err;
}
