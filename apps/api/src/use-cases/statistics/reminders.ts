import { type Db, dbNow, statistics, withTransaction } from '@annex/db';
import { type FilingReminderKind, dueFilingReminders } from '@annex/domain';
import type { Logger } from 'pino';
import { notify } from '../notify.ts';

/**
 * Sends the statistics reminders due now (scheduler): a few days before the due date to members that have not
 * filed, and once after it to those that are late. Each goes out once per member and period: the notices table's key
 * decides, however many ticks or processes race.
 */
export async function runStatisticsReminders(sql: Db, log: Logger): Promise<number> {
  const now = await dbNow(sql);
  const candidates = await statistics.reminderCandidates(sql);
  let sent = 0;
  for (const c of candidates) {
    const due = dueFilingReminders({ status: c.status, dueOn: c.dueOn, filed: false }, new Set<FilingReminderKind>(c.sent), now);
    for (const kind of due) {
      try {
        await withTransaction(sql, async (tx) => {
          // filed since the list was read: nothing to remind of
          if (await statistics.latestReport(tx, c.periodId, c.orgId)) return;
          if (!(await statistics.markReminderSent(tx, c.periodId, c.orgId, kind))) return;
          await notify(tx, [{ to: { orgId: c.orgId }, kind, orderId: null, payload: { periodId: c.periodId, quarter: c.quarter, dueOn: c.dueOn } }]);
          sent += 1;
        });
      } catch (err) {
        log.error({ err, periodId: c.periodId, orgId: c.orgId }, 'statistics reminder failed');
      }
    }
  }
  return sent;
}
