import type { Db } from '../client.ts';

/** One queue's backlog: items waiting now, the oldest one's age, and items given up on (null where a queue has none). */
export type QueueBacklog = { queue: 'search_outbox' | 'jobs' | 'email' | 'webhooks'; waiting: number; oldestSeconds: number | null; failed: number | null };

// What an operator watches (the API's /metrics): every figure from the queues' partial indexes where there is one.
export const operations = {
  /** The backlogs of the search outbox, the job queue, the e-mail outbox and the webhook deliveries, in one statement. */
  async backlog(db: Db): Promise<QueueBacklog[]> {
    const [r] = await db<{
      outboxWaiting: number; outboxOldest: number | null;
      jobsDue: number; jobsOldest: number | null; jobsFailed: number;
      emailWaiting: number; emailOldest: number | null; emailFailed: number;
      webhooksWaiting: number; webhooksOldest: number | null; webhooksFailed: number;
    }[]>`
      select
        (select count(*)::int from outbox where processed_at is null) as outbox_waiting,
        (select extract(epoch from now() - min(created_at))::float8 from outbox where processed_at is null) as outbox_oldest,
        (select count(*)::int from jobs where done_at is null and failed_at is null and run_at <= now()) as jobs_due,
        (select extract(epoch from now() - min(run_at))::float8 from jobs where done_at is null and failed_at is null and run_at <= now()) as jobs_oldest,
        (select count(*)::int from jobs where failed_at is not null) as jobs_failed,
        (select count(*)::int from email_outbox where status = 'pending') as email_waiting,
        (select extract(epoch from now() - min(created_at))::float8 from email_outbox where status = 'pending') as email_oldest,
        (select count(*)::int from email_outbox where status = 'failed') as email_failed,
        (select count(*)::int from webhook_deliveries where status = 'pending') as webhooks_waiting,
        (select extract(epoch from now() - min(created_at))::float8 from webhook_deliveries where status = 'pending') as webhooks_oldest,
        (select count(*)::int from webhook_deliveries where status = 'failed') as webhooks_failed`;
    const age = (s: number | null) => (s === null ? null : Math.max(0, s));
    return [
      { queue: 'search_outbox', waiting: r!.outboxWaiting, oldestSeconds: age(r!.outboxOldest), failed: null },
      { queue: 'jobs', waiting: r!.jobsDue, oldestSeconds: age(r!.jobsOldest), failed: r!.jobsFailed },
      { queue: 'email', waiting: r!.emailWaiting, oldestSeconds: age(r!.emailOldest), failed: r!.emailFailed },
      { queue: 'webhooks', waiting: r!.webhooksWaiting, oldestSeconds: age(r!.webhooksOldest), failed: r!.webhooksFailed },
    ];
  },

  /** The API processes' connections to the database, by state (all processes: they share the server). */
  async connections(db: Db, applicationName: string): Promise<{ state: string; count: number }[]> {
    return db<{ state: string; count: number }[]>`
      select coalesce(state, 'unknown') as state, count(*)::int as count
      from pg_stat_activity where application_name = ${applicationName}
      group by 1 order by 1`;
  },
};
