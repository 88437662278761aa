import { describe, expect, it } from 'vitest';
import {
  type FilingReminderKind, type PeriodAction, type PeriodStatus, allowedPeriodActions, applyPeriodAction, checkPeriodOpening, dueFilingReminders,
  dueMoment, filingState,
} from './period.ts';
import { addQuarters, formatQuarter, parseQuarter, quarterEnd, quarterOfDate, quarterOfInstant, quarterStart } from './quarter.ts';

describe('quarters', () => {
  it.each([
    ['2026Q1', '2026-01-01', '2026-03-31'],
    ['2026Q2', '2026-04-01', '2026-06-30'],
    ['2026Q3', '2026-07-01', '2026-09-30'],
    ['2026Q4', '2026-10-01', '2026-12-31'],
  ])('%s runs from %s to %s', (text, start, end) => {
    const q = parseQuarter(text)!;
    expect([formatQuarter(q), quarterStart(q), quarterEnd(q)]).toEqual([text, start, end]);
    expect(formatQuarter(quarterOfDate(start))).toBe(text);
    expect(formatQuarter(quarterOfDate(end))).toBe(text);
  });
  it.each(['2026Q0', '2026Q5', '26Q1', '2026q1', '2026-Q1', ''])('refuses %j', (text) => expect(parseQuarter(text)).toBeNull());
  it('steps across years', () => {
    expect(formatQuarter(addQuarters({ year: 2026, q: 1 }, -1))).toBe('2025Q4');
    expect(formatQuarter(addQuarters({ year: 2025, q: 4 }, 1))).toBe('2026Q1');
    expect(formatQuarter(addQuarters({ year: 2026, q: 3 }, -7))).toBe('2024Q4');
  });
  it('places a moment on the Shanghai calendar', () => {
    // 2026-09-30T16:30Z is 2026-10-01 00:30 in Shanghai
    expect(formatQuarter(quarterOfInstant(new Date('2026-09-30T16:30:00Z')))).toBe('2026Q4');
    expect(formatQuarter(quarterOfInstant(new Date('2026-09-30T15:59:00Z')))).toBe('2026Q3');
  });
});

describe('the period machine', () => {
  const cases: [string, PeriodStatus, PeriodAction, PeriodStatus | string][] = [
    ['closing an open period', 'open', { type: 'close' }, 'closed'],
    ['reopening a closed one with a reason', 'closed', { type: 'reopen', reason: '补报遗漏企业' }, 'reopened'],
    ['closing a reopened one', 'reopened', { type: 'close' }, 'closed'],
    ['reopening without a reason', 'closed', { type: 'reopen', reason: '  ' }, 'reason_required'],
    ['reopening an open period', 'open', { type: 'reopen', reason: 'x' }, 'invalid_transition'],
    ['reopening a reopened period', 'reopened', { type: 'reopen', reason: 'x' }, 'invalid_transition'],
    ['closing a closed period', 'closed', { type: 'close' }, 'invalid_transition'],
  ];
  it.each(cases)('%s', (_, from, action, expected) => {
    const r = applyPeriodAction(from, action);
    expect(r.ok ? r.value : r.error).toBe(expected);
  });
  it('offers the steps the machine allows', () => {
    expect(allowedPeriodActions('open')).toEqual({ close: true, reopen: false });
    expect(allowedPeriodActions('closed')).toEqual({ close: false, reopen: true });
    expect(allowedPeriodActions('reopened')).toEqual({ close: true, reopen: false });
  });
  it.each([
    ['a quarter that has ended', '2026Q3', '2026-10-20', '2026-10-08T02:00:00Z', 'ok'],
    ['on the quarter’s last day (Shanghai)', '2026Q3', '2026-10-20', '2026-09-30T10:00:00Z', 'quarter_not_ended'],
    ['just after midnight in Shanghai', '2026Q3', '2026-10-20', '2026-09-30T16:00:00Z', 'ok'],
    ['a due date in the past', '2026Q3', '2026-10-01', '2026-10-08T02:00:00Z', 'due_date_passed'],
    ['due the day it opens', '2026Q3', '2026-10-08', '2026-10-08T02:00:00Z', 'ok'],
    ['a past due date within the tests\' backdating', '2026Q3', '2026-10-01', '2026-10-08T02:00:00Z', 'ok', 7],
    ['a past due date beyond it', '2026Q3', '2026-09-30', '2026-10-08T02:00:00Z', 'due_date_passed', 7],
  ] as [string, string, string, string, string, number?][])('opening: %s', (_, quarter, dueOn, now, expected, backdateDays) => {
    const r = checkPeriodOpening(parseQuarter(quarter)!, dueOn, new Date(now), backdateDays);
    expect(r.ok ? 'ok' : r.error).toBe(expected);
  });
});

describe('filing state and reminders', () => {
  // due 2026-10-20: the whole day counts, until 2026-10-20T16:00Z (midnight in Shanghai)
  const due = '2026-10-20';
  it('ends the due day at midnight in Shanghai', () => expect(dueMoment(due).toISOString()).toBe('2026-10-20T16:00:00.000Z'));
  it.each([
    ['filed before the due date', '2026-10-15T02:00:00Z', '2026-10-25T00:00:00Z', 'filed'],
    ['filed late in the evening of the due day', '2026-10-20T15:59:00Z', '2026-10-25T00:00:00Z', 'filed'],
    ['filed after the due day', '2026-10-20T16:00:00Z', '2026-10-25T00:00:00Z', 'filed_late'],
    ['not filed, due date ahead', null, '2026-10-20T15:00:00Z', 'outstanding'],
    ['not filed, due date passed', null, '2026-10-20T16:00:00Z', 'late'],
  ])('%s', (_, filedAt, now, expected) => {
    expect(filingState(due, filedAt ? new Date(filedAt) : null, new Date(now))).toBe(expected);
  });

  const none = new Set<FilingReminderKind>();
  it.each([
    ['a week before: nothing', 'open', false, none, '2026-10-13T02:00:00Z', []],
    ['three days before (from 10-17 00:00 Shanghai)', 'open', false, none, '2026-10-16T16:00:00Z', ['statistics_due_soon']],
    ['just before that', 'open', false, none, '2026-10-16T15:59:00Z', []],
    ['due soon, already reminded', 'open', false, new Set<FilingReminderKind>(['statistics_due_soon']), '2026-10-18T02:00:00Z', []],
    ['filed: nothing', 'open', true, none, '2026-10-18T02:00:00Z', []],
    ['late', 'open', false, new Set<FilingReminderKind>(['statistics_due_soon']), '2026-10-21T02:00:00Z', ['statistics_overdue']],
    ['late, never reminded before: only the overdue notice', 'reopened', false, none, '2026-10-21T02:00:00Z', ['statistics_overdue']],
    ['late, told already', 'open', false, new Set<FilingReminderKind>(['statistics_overdue']), '2026-10-28T02:00:00Z', []],
    ['a closed period reminds nobody', 'closed', false, none, '2026-10-21T02:00:00Z', []],
  ] as const)('%s', (_, status, filed, sent, now, expected) => {
    expect(dueFilingReminders({ status, dueOn: due, filed }, sent, new Date(now))).toEqual(expected);
  });
});
