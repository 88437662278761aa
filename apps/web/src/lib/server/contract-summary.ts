import type { ApiClient } from '@annex/api-client';
import type { OrderContract } from '@annex/contracts';
import { type MilestoneSummary, summarise } from '#lib/milestone-summary.ts';

/**
 * Where each milestone of a contract in force stands, by the id of the milestone (one call per milestone, at
 * once). A milestone the API does not answer for is left out, so its row shows no status rather than the page failing.
 */
export async function milestoneSummaries(api: ApiClient, c: OrderContract): Promise<Record<string, MilestoneSummary>> {
  if (c.currentVersion === null) return {};
  const planned = c.milestones.filter((x) => x.status === 'planned');
  const answers = await Promise.all(planned.map((x) => api.implementation(c.orderId, x.id)));
  const out: Record<string, MilestoneSummary> = {};
  for (const res of answers) if (res.ok) out[res.data.milestoneId] = summarise(res.data);
  return out;
}
