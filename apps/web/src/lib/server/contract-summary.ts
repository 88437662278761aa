import type { ApiClient } from '@annex/api-client';
import type { OrderContract } from '@annex/contracts';
import { type MilestoneSummary, summariesById } from '#lib/milestone-summary.ts';

/**
 * Where each milestone of a contract in force stands, by milestone id, from the contract's one-read implementation.
 * When the API does not answer, the rows show no status rather than the page failing.
 */
export async function milestoneSummaries(api: ApiClient, c: OrderContract, now: Date): Promise<Record<string, MilestoneSummary>> {
  if (c.currentVersion === null) return {};
  const res = await api.contractImplementation(c.orderId);
  return res.ok ? summariesById(res.data, c.viewerRole, now) : {};
}
