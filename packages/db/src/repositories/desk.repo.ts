import { type DeskQueue, FILING_STATUSES } from '@annex/domain';
import type { Db } from '../client.ts';

// The secretariat's desk (migration 0019): what waits in every queue, in one statement, and the service-level
// targets the secretariat sets. A queue's items are what the queue's own page lists as pending.

/** One queue's figures: how many wait, how many longer than its target, since when the oldest. */
export type QueueFigures = { queue: DeskQueue; count: number; lateCount: number; oldestSince: Date | null };

/** One waiting item (the oldest few of each queue). */
export type QueueItem = { queue: DeskQueue; id: string; orderId: string | null; title: string; since: Date };

/** The queues whose sources exist (the domain lists every queue the desk knows). */
export const AVAILABLE_QUEUES: readonly DeskQueue[] = [
  'vendor_verification', 'order_review', 'objections', 'policy_cases', 'disputes', 'catalogue_leads', 'membership_applications',
  'late_statistics',
];

/**
 * Every item waiting for the secretariat as of `now`, as (queue, id, order id, title, since) rows. A late filer's id is
 * `<period id>:<organisation id>` (one per member and period).
 */
const waiting = (db: Db, now: Date) => db`
  select 'vendor_verification' as queue, vp.org_id::text as id, null::uuid as order_id, o.name as title, vp.submitted_at as since
  from vendor_profiles vp join organisations o on o.id = vp.org_id
  where vp.verification_status = 'pending'
  union all
  select 'order_review', o.id::text, o.id, o.title, coalesce(o.submitted_at, o.updated_at)
  from orders o where o.status = 'pending_review'
  union all
  select 'objections', j.id::text, j.order_id, o.title, j.created_at
  from objections j join orders o on o.id = j.order_id where j.status = 'pending'
  union all
  select 'policy_cases', c.id::text, null::uuid, v.name || ' · ' || org.name, c.created_at
  from policy_cases c
  join policy_service_versions v on v.service_id = c.service_id and v.version = c.service_version
  join organisations org on org.id = c.org_id
  where c.status in ('submitted', 'accepted', 'collecting_materials', 'filed')
  union all
  select 'disputes', d.id::text, d.order_id, o.title, d.created_at
  from implementation_disputes d join orders o on o.id = d.order_id where d.status = 'pending'
  union all
  -- a lead waits while no order has been started from its entry since the first interest in it
  select 'catalogue_leads', e.id::text, null::uuid, e.code || ' ' || e.title, min(ci.created_at)
  from catalogue_interests ci join catalogue_entries e on e.id = ci.entry_id
  where not exists (select 1 from orders o where o.catalogue_entry_id = ci.entry_id and o.created_at >= ci.created_at)
  group by e.id, e.code, e.title
  union all
  select 'membership_applications', a.org_id::text, null::uuid, o.name, a.applied_at
  from alliance_memberships a join organisations o on o.id = a.org_id where a.status = 'applied'
  union all
  -- a member of a period taking filings with no report after its due day (Asia/Shanghai, packages/domain dueMoment):
  -- late since the due day ended
  select 'late_statistics', p.id::text || ':' || f.org_id::text, null::uuid, o.name || ' · ' || p.quarter, l.since
  from statistics_filers f
  join statistics_periods p on p.id = f.period_id
  join organisations o on o.id = f.org_id
  cross join lateral (select ((p.due_on + 1)::text || ' 00:00:00+08')::timestamptz as since) l
  where p.status = any(${db.array([...FILING_STATUSES])}::text[]) and l.since <= ${now}::timestamptz
    and not exists (select 1 from statistics_reports r where r.period_id = f.period_id and r.org_id = f.org_id)`;

/** The desk's reads and the service-level targets. */
export const desk = {
  /**
   * Every queue's count, late count (waiting longer than `targetHours` of its queue, as of `now`) and oldest item, and
   * the oldest `perQueue` items of each: two statements over the queues' pending rows (each queue has a partial index
   * on them).
   */
  async overview(
    db: Db,
    targetHours: Record<DeskQueue, number>,
    perQueue: number,
    now: Date,
  ): Promise<{ figures: QueueFigures[]; items: QueueItem[] }> {
    const targets = db.json(targetHours);
    const [figures, items] = await Promise.all([
      db<QueueFigures[]>`
        with w as (${waiting(db, now)})
        select queue, count(*)::int as count,
               count(*) filter (
                 where since <= ${now}::timestamptz - make_interval(hours => (${targets}::jsonb ->> queue)::int))::int as late_count,
               min(since) as oldest_since
        from w group by queue`,
      db<QueueItem[]>`
        with w as (${waiting(db, now)}),
             ranked as (select w.*, row_number() over (partition by queue order by since, id) as n from w)
        select queue, id, order_id, title, since from ranked where n <= ${Math.max(0, Math.trunc(perQueue))}
        order by queue, since, id`,
    ]);
    return { figures, items };
  },

  /** The targets the secretariat has set (hours by queue); queues without one use the domain's default. */
  async targets(db: Db): Promise<Record<string, number>> {
    const rows = await db<{ queue: string; targetHours: number }[]>`select queue, target_hours from desk_service_levels`;
    return Object.fromEntries(rows.map((r) => [r.queue, r.targetHours]));
  },

  /** Sets targets (hours by queue); returns the targets before, for the audit record. */
  async setTargets(db: Db, targets: Partial<Record<DeskQueue, number>>, userId: string | null): Promise<Record<string, number>> {
    const before = await desk.targets(db);
    for (const [queue, hours] of Object.entries(targets)) {
      if (hours === undefined) continue;
      await db`
        insert into desk_service_levels (queue, target_hours, updated_by) values (${queue}, ${hours}, ${userId})
        on conflict (queue) do update set target_hours = excluded.target_hours, updated_by = excluded.updated_by, updated_at = clock_timestamp()`;
    }
    return before;
  },
};
