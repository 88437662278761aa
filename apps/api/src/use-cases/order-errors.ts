import type { OrderWriteFailure } from '@annex/db';
import type { OrderRuleError } from '@annex/domain';
import { AppError } from '../errors.ts';

// The API errors of order rules and refused order writes, shared by the order and attachment use cases.

const RULE_FIELD: Partial<Record<OrderRuleError, [path: string, message: string]>> = {
  task_types_missing: ['taskTypes', 'name at least one task type'],
  volume_invalid: ['volume', 'the volume must be a positive whole number'],
  price_missing: ['budgetTotalFen', 'give a total budget or a unit price ceiling'],
  money_invalid: ['budgetTotalFen', 'amounts are positive whole fen'],
  accuracy_invalid: ['accuracyTarget', 'the accuracy target lies above 0 and at most 100'],
  deadline_in_past: ['bidDeadline', 'the deadlines must lie in the future'],
  deadline_too_far: ['bidDeadline', 'bidding closes within a year and delivery within two'],
  deadline_order: ['bidDeadline', 'questions close before bidding does, and bidding closes before delivery'],
  bid_window_too_short: ['bidDeadline', 'the bid deadline leaves less than the minimum bidding window'],
  bidding_mode_locked: ['biddingMode', 'the bidding mode of a published order cannot change'],
};

/** 422 for a broken order rule, pointing at the field concerned. */
export function ruleViolation(error: OrderRuleError, minBidWindowSeconds = 0): AppError {
  const [path, message] = RULE_FIELD[error] ?? ['', error];
  const detail = error === 'bid_window_too_short' ? `${message} (${minBidWindowSeconds} s)` : message;
  return new AppError('rule_violation', detail, { errors: path ? [{ path, message: detail }] : undefined });
}

/** The API error for an order write the database refused. */
export function writeFailure(f: OrderWriteFailure, what: string): AppError {
  switch (f.reason) {
    case 'not_found':
      return new AppError('not_found', 'no order with this id');
    case 'version_conflict':
      return new AppError('invalid_transition', 'the order changed meanwhile; reload it and try again');
    case 'deadline_passed':
      return new AppError('bidding_closed', `cannot ${what}: the bid deadline has passed`);
    case 'bid_window_too_short':
      return ruleViolation('bid_window_too_short');
    default:
      return new AppError('invalid_transition', `cannot ${what} an order that is ${'status' in f ? f.status : 'in this state'}`);
  }
}

