import { type Result, fail, ok } from '../result.ts';
import { addCalendarDays, shanghaiDate } from '../policy/working-days.ts';
import { type Quarter, quarterEnd } from './quarter.ts';

/**
 * The states of a reporting period (统计填报期): open for filing, closed (locked), reopened by the secretariat with
 * a reason (filing and corrections allowed again) until it is closed again.
 */
export const PERIOD_STATUSES = ['open', 'closed', 'reopened'] as const;
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];

/** A step of the period machine; only the secretariat takes them. */
export type PeriodAction = { type: 'close' } | { type: 'reopen'; reason: string };
export type PeriodActionType = PeriodAction['type'];
export const PERIOD_ACTION_TYPES = ['close', 'reopen'] as const satisfies readonly PeriodActionType[];

/** The period machine: for each step the states it starts from and where it leads (the one place these are written). */
export const PERIOD_STEPS = {
  close: { from: ['open', 'reopened'], to: 'closed' },
  reopen: { from: ['closed'], to: 'reopened' },
} as const satisfies Record<PeriodActionType, { from: readonly PeriodStatus[]; to: PeriodStatus }>;

/** States in which members file and correct their reports. */
export const FILING_STATUSES: readonly PeriodStatus[] = ['open', 'reopened'];

/** Why a period step or a filing was refused. */
export type PeriodRuleError = 'invalid_transition' | 'reason_required';

/** The stored states a step may start from (for the repository's guarded update). */
export const periodStatusesFor = (action: PeriodActionType): readonly PeriodStatus[] => PERIOD_STEPS[action].from;

/** Validates a step of the period machine; returns the new state. */
export function applyPeriodAction(status: PeriodStatus, action: PeriodAction): Result<PeriodStatus, PeriodRuleError> {
  const step = PERIOD_STEPS[action.type];
  if (!(step.from as readonly PeriodStatus[]).includes(status)) return fail('invalid_transition');
  if (action.type === 'reopen' && action.reason.trim() === '') return fail('reason_required');
  return ok(step.to);
}

/** Whether members may file and correct in this state. */
export const filingAllowed = (status: PeriodStatus): boolean => FILING_STATUSES.includes(status);

/** What the secretariat may do with a period now (the web's buttons ask this). */
export function allowedPeriodActions(status: PeriodStatus): { close: boolean; reopen: boolean } {
  return { close: applyPeriodAction(status, { type: 'close' }).ok, reopen: applyPeriodAction(status, { type: 'reopen', reason: 'x' }).ok };
}

/** Why a period cannot be opened. */
export type OpenPeriodError = 'quarter_not_ended' | 'due_date_passed';

/**
 * A period is opened once its quarter has ended on the Shanghai calendar (figures are taken at the quarter's end),
 * with a due date no earlier than the day it is opened — or, for tests that need late filers at once
 * (STATISTICS_DUE_BACKDATE_DAYS), no earlier than `backdateDays` before it.
 */
export function checkPeriodOpening(quarter: Quarter, dueOn: string, now: Date, backdateDays = 0): Result<true, OpenPeriodError> {
  const today = shanghaiDate(now);
  if (today <= quarterEnd(quarter)) return fail('quarter_not_ended');
  if (dueOn < addCalendarDays(today, -backdateDays)) return fail('due_date_passed');
  return ok(true);
}

const SHANGHAI = '+08:00';

/** The moment a due date ends: filings after it are late (the whole due day counts, Asia/Shanghai). */
export const dueMoment = (dueOn: string): Date => new Date(`${addCalendarDays(dueOn, 1)}T00:00:00${SHANGHAI}`);

/**
 * Where a member stands in a period: filed (on time), filed late, not yet filed while the due date is ahead
 * (outstanding), or late (not filed by the due date). Late = not filed by the end of the due day.
 */
export type FilingState = 'filed' | 'filed_late' | 'outstanding' | 'late';
export const FILING_STATES = ['filed', 'filed_late', 'outstanding', 'late'] as const satisfies readonly FilingState[];

/** The filing state from the first filing's time (null: not filed), the due date and now. */
export function filingState(dueOn: string, firstFiledAt: Date | null, now: Date): FilingState {
  const due = dueMoment(dueOn);
  if (firstFiledAt) return firstFiledAt < due ? 'filed' : 'filed_late';
  return now < due ? 'outstanding' : 'late';
}

/** The reminders of a period: a few days before the due date, and once after it to those who are late. */
export type FilingReminderKind = 'statistics_due_soon' | 'statistics_overdue';

/** Days before the due date that members who have not filed are reminded. */
export const REMINDER_DAYS_BEFORE_DUE = 3;

/**
 * The reminders due now for one member of a period (each goes out once: `sent` holds those already sent). Only
 * while the period takes filings and the member has not filed.
 */
export function dueFilingReminders(
  p: { status: PeriodStatus; dueOn: string; filed: boolean }, sent: ReadonlySet<FilingReminderKind>, now: Date,
  daysBefore = REMINDER_DAYS_BEFORE_DUE,
): FilingReminderKind[] {
  if (!filingAllowed(p.status) || p.filed) return [];
  const due = dueMoment(p.dueOn);
  if (now >= due) return sent.has('statistics_overdue') ? [] : ['statistics_overdue'];
  const remindFrom = new Date(`${addCalendarDays(p.dueOn, -daysBefore)}T00:00:00${SHANGHAI}`);
  return now >= remindFrom && !sent.has('statistics_due_soon') ? ['statistics_due_soon'] : [];
}
