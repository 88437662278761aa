import { problemMessage } from '#lib/i18n.ts';
import { homeTargets } from '#lib/kpi-text.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  // the alliance's news beside the market: what the viewer may read, pinned first, and the next events
  const [res, featured, news, events, kpi] = await Promise.all([
    locals.api.orders({ limit: 10 }),
    locals.api.featured(),
    locals.api.announcements({ limit: 5 }),
    locals.api.events({ when: 'upcoming', limit: 3 }),
    locals.api.kpiSummary(),
  ]);
  return {
    featured: featured.ok ? featured.data : null,
    now: new Date().toISOString(),
    orders: res.ok ? res.data.items : [],
    ordersError: res.ok ? null : problemMessage(res.problem),
    announcements: news.ok ? news.data.items : [],
    events: events.ok ? events.data.items : [],
    // progress toward the city's targets, in aggregates only (replaces the targets once written here as text)
    kpi: kpi.ok ? homeTargets(kpi.data) : null,
  };
};
