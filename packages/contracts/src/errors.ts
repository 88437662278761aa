/**
 * Every error the API can answer, with its HTTP status. The one table from code to status:
 * the API maps thrown errors through it and the web picks its messages by code.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  session_expired: 401,
  /** an Authorization: Bearer annex_… that is no token of ours (unknown, mistyped, or its creator left the organisation) */
  invalid_token: 401,
  token_revoked: 401,
  token_expired: 401,
  /** an API token used from an address outside its allowed source ranges */
  token_source_not_allowed: 401,
  forbidden: 403,
  csrf_origin_mismatch: 403,
  /** an API token without the scope the route needs (WWW-Authenticate names it) */
  insufficient_scope: 403,
  /** a route API tokens never reach: the secretariat's, signing in, the user's own account, the tokens themselves */
  token_not_allowed: 403,
  /** the bids of a sealed order before its deadline (and, in open mode, amounts not shown to the caller) */
  bids_sealed: 403,
  not_found: 404,
  invalid_transition: 409,
  /** a bid (or a change to one) at or after the bid deadline, decided by the database clock */
  bidding_closed: 409,
  /** a second award of an order that has an active one */
  already_awarded: 409,
  /** a question after questionsCloseAt */
  questions_closed: 409,
  /** the caller already has a saved search of this name */
  saved_search_name_taken: 409,
  /** a second catalogue entry with a resource code already in use */
  catalogue_code_taken: 409,
  /** a second agency with a name (or short name) already in use */
  agency_name_taken: 409,
  /** the catalogue entry changed since the caller read it (PATCH with `version`) */
  version_conflict: 409,
  /** the organisation already has an open case for this policy service */
  policy_case_already_open: 409,
  /** a policy service code already in use */
  service_code_taken: 409,
  /** a catalogue import confirmed a second time */
  import_already_confirmed: 409,
  /** a review or reply for a contract that has not ended (completed or terminated) yet */
  contract_not_ended: 409,
  /** a review after the 14 days that follow the contract's end */
  review_window_closed: 409,
  /** a side's second review of a contract */
  already_reviewed: 409,
  /** a second reply to a review */
  already_replied: 409,
  /** a registration for an event at or after its registration deadline (or its start) */
  registration_closed: 409,
  /** a second registration of a user who holds a seat or waits for one */
  already_registered: 409,
  /** cancelling a registration the caller does not have */
  not_registered: 409,
  /** cancelling a registration once the event has started */
  event_started: 409,
  /** an application to the alliance while the organisation's application waits or it is (or was suspended as) a member */
  membership_exists: 409,
  /** a second statistics period for a quarter */
  statistics_period_exists: 409,
  /** a filing or correction while the period is closed (locked until the secretariat reopens it) */
  statistics_period_closed: 409,
  /** a catalogue import's preview older than a day: upload the file again */
  import_expired: 410,
  /** a catalogue import over 20 MB, or an XLSX that unpacks to far more (a zip bomb) */
  import_file_too_large: 413,
  /** a catalogue import that is neither CSV nor XLSX */
  import_unsupported_file: 415,
  /** a catalogue import whose header lacks a required column, or has an unknown or repeated one */
  import_bad_header: 422,
  /** a catalogue import with a header and no rows */
  import_no_rows: 422,
  /** a catalogue import of more rows than one import takes */
  import_too_many_rows: 422,
  /** a damaged CSV or XLSX */
  import_unreadable_file: 422,
  /** an import confirmed with mode `all` while rows have problems */
  import_has_problems: 422,
  /** featuring a listing the secretariat hides: unhide it first */
  listing_hidden: 409,
  /** a buyer's decision on a batch at or after the end of its review window (the batch was accepted by silence) */
  review_window_over: 409,
  /** a replay of an Idempotency-Key whose first request has not finished within the wait */
  idempotency_key_in_use: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  weak_password: 422,
  wrong_password: 422,
  invalid_uscc: 422,
  rule_violation: 422,
  /** a vendor that may not bid on the order; the problem carries `reasons` */
  not_eligible: 422,
  /** a user keeps at most 20 saved searches */
  saved_search_limit_reached: 422,
  /** an organisation keeps at most 50 live API tokens */
  token_limit_reached: 422,
  /** an organisation keeps at most 10 webhook subscriptions */
  webhook_limit_reached: 422,
  /** a webhook URL that is not http(s), carries credentials, does not resolve, or resolves to a non-public address */
  webhook_destination_not_allowed: 422,
  idempotency_key_reused: 422,
  /** a case filed while a required material is not accepted; the problem's errors name them */
  materials_incomplete: 422,
  /** featuring a listing the public cannot see (a draft order, an unverified vendor, an unpublished entry or service) */
  listing_not_public: 422,
  /** a statistics report that breaks a rule (of-which above its total, a required figure missing); errors[] per field */
  report_invalid: 422,
  /** a statistics period opened before its quarter has ended, or with a due date already past */
  statistics_period_not_openable: 422,
  too_many_requests: 429,
  internal: 500,
  search_unavailable: 503,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];
