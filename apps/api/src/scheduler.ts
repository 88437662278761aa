import { purgeExpiredAuthRecords } from '@annex/auth';
import { type Db, type Sql, bids, contracts, dbNow, idempotency, jobs, objections, orders, questions, timedSteps, withTransaction } from '@annex/db';
import { type OrderAction, dueTransitions, shanghaiDate } from '@annex/domain';
import type { SearchService } from '@annex/search';
import type { Logger } from 'pino';
import { HOLIDAY_LIBRARY, seedWorkingCalendar } from './lib/holiday-library.ts';
import { queueDueDigests } from './mail/sender.ts';
import { runAnnouncementNotices } from './use-cases/alliance-news/announcements.ts';
import { runDeliveryClock, runPaymentReminders } from './use-cases/implementation/clock.ts';
import { auditSystem } from './use-cases/system-audit.ts';
import { notify, toOrgs } from './use-cases/notify.ts';
import { REMINDER_JOB } from './use-cases/orders.ts';
import { runReviewNotices } from './use-cases/reviews.ts';
import { runSavedSearchAlerts } from './use-cases/saved-searches.ts';
import { runStatisticsReminders } from './use-cases/statistics/reminders.ts';
import { orderState } from './use-cases/viewer.ts';

/** What one pass of the scheduler did. */
export type TickReport = {
  transitions: number;
  reminders: number;
  purgedKeys: number;
  savedSearchAlerts: number;
  calendarYears: number[];
  /** batches accepted at the end of their review window, and notices of it a day before */
  deliverySteps: number;
  /** payments reminded of or flagged overdue */
  paymentReminders: number;
  /** review requests and reminders of the review window sent */
  reviewNotices: number;
  /** announcements whose publication time came, their audience told */
  announcementNotices: number;
  /** statistics reminders sent: before the due date to members that have not filed, after it to late ones */
  statisticsReminders: number;
  /** daily e-mail digests written and queued (when the scheduler knows the public origin their links point at) */
  emailDigests: number;
};

/** The scheduler of time-driven work in an API process. */
export type Scheduler = {
  /** one pass now (tests call it directly) */
  tick(): Promise<TickReport>;
  /** stops the loop after the pass in flight */
  stop(): Promise<void>;
};

type Options = {
  sql: Sql;
  /** Meilisearch, for the saved-search alerts (without it their jobs wait) */
  search?: SearchService;
  logger: Logger;
  /** pause between passes (default 5 s) */
  intervalMs?: number;
  /** start the loop (default true; false: only tick() runs) */
  loop?: boolean;
  /** the clock that tells the calendar's year (tests pass one in; default: the process clock) */
  now?: () => Date;
  /** the public origin, for the links of the daily e-mail digests (without it no digest is written) */
  publicOrigin?: string;
};

const PURGE_EVERY_MS = 3_600_000;
// keys live at least 24 h (idempotency.purge never takes less); two days leaves room for slow clients
const KEEP_KEYS_SECONDS = 2 * 86_400;

/**
 * Takes the time-driven steps of DESIGN §2.2 — open → evaluation at the bid deadline (straight on to
 * unsuccessful without bids), evaluation → unsuccessful after the award window, awarded → in_progress
 * after the publicity window, making the order's contract — sends deadline reminders, evaluates the saved-search alerts of newly
 * published orders (when given Meilisearch), enters the working calendar's next year when the year turns, accepts
 * delivered batches whose review window ended (a notice a day before), reminds buyers of payments due and overdue
 * (DESIGN §2.5: use-cases/implementation/clock.ts) and asks the parties of ended contracts for their reviews, reminding
 * them before the window closes (use-cases/reviews.ts), and reminds members of statistics due and late
 * (use-cases/statistics/reminders.ts), and writes the daily e-mail digests (mail/sender.ts). Reads and writes never wait for it: a passed deadline already
 * counts as closed. Safe with several API processes and across restarts: every step is
 * taken under the order's row lock and re-decided there by the domain rules against the database clock,
 * and reminder jobs are claimed with FOR UPDATE SKIP LOCKED; all state is in the database.
 */
export function startScheduler(opts: Options): Scheduler {
  const log = opts.logger.child({ component: 'scheduler' });
  let lastPurge = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> | null = null;
  let calendarYear: number | null = null;

  // the working calendar's years around today, entered at the first pass and again when the year turns, so a
  // server running through New Year has next year's calendar (cases accepted in December run into it)
  const enterCalendarYears = async (): Promise<number[]> => {
    const now = (opts.now ?? (() => new Date()))();
    const year = Number(shanghaiDate(now).slice(0, 4));
    if (year === calendarYear) return [];
    const entered = await seedWorkingCalendar(opts.sql, now);
    if (entered.length) log.info({ years: entered, library: HOLIDAY_LIBRARY }, 'entered working calendar years');
    calendarYear = year;
    return entered;
  };

  const tick = async (): Promise<TickReport> => {
    const calendarYears = await enterCalendarYears();
    const transitions = await runTransitions(opts.sql, log);
    const reminders = await runReminders(opts.sql, log);
    const savedSearchAlerts = opts.search ? await runSavedSearchAlerts(opts.sql, opts.search, log) : 0;
    const deliverySteps = await runDeliveryClock(opts.sql, log);
    const paymentReminders = await runPaymentReminders(opts.sql, log);
    const reviewNotices = await runReviewNotices(opts.sql, log);
    const announcementNotices = await runAnnouncementNotices(opts.sql, log, (opts.now ?? (() => new Date()))());
    const statisticsReminders = await runStatisticsReminders(opts.sql, log);
    const emailDigests = opts.publicOrigin ? await queueDueDigests({ sql: opts.sql, logger: log, origin: opts.publicOrigin, now: opts.now }) : 0;
    let purgedKeys = 0;
    if (Date.now() - lastPurge >= PURGE_EVERY_MS) {
      purgedKeys = await idempotency.purge(opts.sql, { olderThanSeconds: KEEP_KEYS_SECONDS });
      const auth = await purgeExpiredAuthRecords(opts.sql);
      log.info({ purgedKeys, ...auth }, 'purged expired idempotency keys, sessions and login failures');
      lastPurge = Date.now();
    }
    return { transitions, reminders, purgedKeys, savedSearchAlerts, calendarYears, deliverySteps, paymentReminders, reviewNotices, announcementNotices, statisticsReminders, emailDigests };
  };

  const loop = async () => {
    if (stopped) return;
    inFlight = tick().catch((err) => log.error({ err }, 'scheduler pass failed'));
    await inFlight;
    inFlight = null;
    if (!stopped) timer = setTimeout(loop, opts.intervalMs ?? 5000).unref();
  };
  if (opts.loop !== false) timer = setTimeout(loop, 0).unref();

  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}

/** Takes every time-driven step due now (by the database clock); returns how many it took. */
export async function runTransitions(sql: Db, log: Logger): Promise<number> {
  const due = await timedSteps.due(sql, { limit: 100 });
  let taken = 0;
  for (const orderId of new Set(due.map((d) => d.orderId))) {
    try {
      taken += await advanceOrder(sql, orderId);
    } catch (err) {
      log.error({ err, orderId }, 'time-driven transition failed');
    }
  }
  return taken;
}

/** Takes the steps due for one order, under its row lock; returns how many it took. */
async function advanceOrder(sql: Db, orderId: string): Promise<number> {
  return await withTransaction(sql, async (tx) => {
    const row = await orders.lockById(tx, orderId);
    if (!row) return 0;
    const now = await dbNow(tx);
    const pending = row.status === 'awarded' ? await objections.pendingCountForOrder(tx, orderId) : 0;
    const live = await bids.listForOrder(tx, orderId);
    const steps = dueTransitions(orderState(row, pending), live.filter((b) => b.status === 'active').length, now);
    let taken = 0;
    let status: string = row.status;
    for (const step of steps) {
      const w = await apply(tx, orderId, step);
      if (!w.ok) break;
      taken += 1;
      await auditSystem(tx, orderId, `order.${STEP_ACTION[step.type]}`, { status }, { status: w.order.status });
      status = w.order.status;
      const bidders = live.map((b) => b.vendorOrgId);
      const payload = { orderTitle: row.title, bidCount: live.length };
      if (step.type === 'close_bidding') {
        await notify(tx, [{ to: { orgId: row.buyerOrgId }, kind: 'bidding_closed', orderId, payload }]);
      } else if (step.type === 'declare_unsuccessful') {
        await notify(tx, toOrgs([row.buyerOrgId, ...bidders], { kind: 'order_unsuccessful', orderId, payload: { orderTitle: row.title } }));
      } else if (step.type === 'end_publicity') {
        // the award is final: the awarded bid becomes the contract, in the same transaction as the status
        const made = await contracts.createForOrder(tx, orderId);
        if (made?.created) {
          await auditSystem(tx, orderId, 'contract.created', null, {
            contractId: made.contract.id, status: made.contract.status, vendorOrgId: made.contract.vendorOrgId, priceFen: made.contract.priceFen,
          });
        }
        await notify(tx, toOrgs([row.buyerOrgId, ...bidders], { kind: 'award_final', orderId, payload: { orderTitle: row.title } }));
      }
    }
    return taken;
  });
}

const STEP_ACTION: Partial<Record<OrderAction['type'], string>> = {
  close_bidding: 'bidding_closed',
  declare_unsuccessful: 'unsuccessful',
  end_publicity: 'publicity_ended',
};

function apply(tx: Parameters<typeof timedSteps.closeBidding>[0], orderId: string, step: OrderAction) {
  switch (step.type) {
    case 'close_bidding':
      return timedSteps.closeBidding(tx, orderId);
    case 'declare_unsuccessful':
      return timedSteps.declareUnsuccessful(tx, orderId);
    case 'end_publicity':
      return timedSteps.endPublicity(tx, orderId);
    default:
      throw new Error(`not a time-driven step: ${step.type}`);
  }
}

async function runReminders(sql: Sql, log: Logger): Promise<number> {
  const claimed = await jobs.claimDue(sql, 20, { kinds: [REMINDER_JOB] });
  let sent = 0;
  for (const job of claimed) {
    try {
      sent += await withTransaction(sql, async (tx) => {
        const orderId = String(job.payload.orderId ?? '');
        const row = await orders.getById(tx, orderId);
        const now = await dbNow(tx);
        let n = 0;
        // an amendment moves the deadline and schedules a new reminder; this one then no longer applies
        if (row && row.status === 'open' && row.bidDeadline && row.bidDeadline.toISOString() === job.payload.bidDeadline && now < row.bidDeadline) {
          const recipients = [...(await bids.bidderOrgIds(tx, orderId)), ...(await questions.askerOrgIds(tx, orderId))];
          await notify(tx, toOrgs(recipients, {
            kind: 'deadline_soon', orderId, payload: { orderTitle: row.title, bidDeadline: row.bidDeadline.toISOString() },
          }));
          n = 1;
        }
        await jobs.complete(tx, job.id);
        return n;
      });
    } catch (err) {
      log.error({ err, jobId: job.id }, 'deadline reminder failed');
      await jobs.fail(sql, job.id, (err as Error).message).catch(() => {});
    }
  }
  return sent;
}
