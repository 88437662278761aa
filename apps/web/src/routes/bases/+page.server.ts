import { KPI_TARGETS } from '@annex/domain';
import { must } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

// /bases: the city's industrial bases, benchmark ones first, and how many benchmark bases there are against the target.
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const list = must(await locals.api.industrialBases(), cookies, url);
  const target = KPI_TARGETS.find((t) => t.key === 'benchmark_bases')!;
  return { ...list, target: { value: target.value, deadline: target.deadline } };
};
