import type { Desk, DeskItem, DeskQueueSummary, SetServiceLevels } from '@annex/contracts';
import { AVAILABLE_QUEUES, audit, desk, withTransaction } from '@annex/db';
import { DESK_QUEUES, ageBand, targetsWith } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireOrgKind } from './guards.ts';

// The secretariat's desk (issue 10 item 6): every queue with its count, its oldest items and their colour against the
// service-level target the secretariat set; the counts come from two statements whatever the number of queues.

/** How many of the oldest items of each queue the desk lists. */
export const DESK_ITEMS_PER_QUEUE = 5;

const seconds = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));

async function readDesk(deps: Deps): Promise<Desk> {
  const d = db(deps);
  const now = deps.now();
  const targets = targetsWith(await desk.targets(d));
  const { figures, items } = await desk.overview(d, targets, DESK_ITEMS_PER_QUEUE, now);
  const queues = DESK_QUEUES.map((queue): DeskQueueSummary => {
    const f = figures.find((x) => x.queue === queue);
    const oldestAge = f?.oldestSince ? seconds(f.oldestSince, now) : null;
    return {
      queue,
      available: AVAILABLE_QUEUES.includes(queue),
      count: f?.count ?? 0,
      lateCount: f?.lateCount ?? 0,
      oldestSince: f?.oldestSince?.toISOString() ?? null,
      oldestAgeSeconds: oldestAge,
      targetHours: targets[queue],
      band: oldestAge === null ? null : ageBand(oldestAge, targets[queue]),
      items: items.filter((i) => i.queue === queue).map((i): DeskItem => {
        const age = seconds(i.since, now);
        return { id: i.id, orderId: i.orderId, title: i.title, since: i.since.toISOString(), ageSeconds: age, band: ageBand(age, targets[queue]) };
      }),
    };
  });
  return { queues, at: now.toISOString() };
}

/** GET /admin/desk: every queue's count, oldest items and colour (the secretariat). */
export async function getDesk(deps: Deps, auth: AuthContext): Promise<Desk> {
  requireOrgKind(auth, 'secretariat', 'use the desk');
  return readDesk(deps);
}

/** PUT /admin/desk/service-levels: the secretariat sets the target hours of queues (audited); answers the desk. */
export async function setServiceLevels(deps: Deps, auth: AuthContext, body: SetServiceLevels, meta: RequestMeta): Promise<Desk> {
  const m = requireOrgKind(auth, 'secretariat', 'set service levels');
  await withTransaction(db(deps), async (tx) => {
    const before = targetsWith(await desk.setTargets(tx, body.targets, auth.user.id));
    const after = targetsWith(await desk.targets(tx));
    const changed = DESK_QUEUES.filter((q) => before[q] !== after[q]);
    if (changed.length === 0) return;
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'desk', entityId: 'service_levels', action: 'desk.service_levels',
      before: Object.fromEntries(changed.map((q) => [q, before[q]])), after: Object.fromEntries(changed.map((q) => [q, after[q]])),
      requestId: meta.requestId,
    });
  });
  return readDesk(deps);
}
