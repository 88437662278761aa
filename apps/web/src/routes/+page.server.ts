import { problemMessage } from '#lib/i18n.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const [res, featured] = await Promise.all([locals.api.orders({ limit: 10 }), locals.api.featured()]);
  return {
    featured: featured.ok ? featured.data : null,
    now: new Date().toISOString(),
    orders: res.ok ? res.data.items : [],
    ordersError: res.ok ? null : problemMessage(res.problem),
  };
};
