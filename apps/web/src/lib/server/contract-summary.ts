import type { ApiClient } from '@annex/api-client';
import type { ContractImplementation, OrderContract } from '@annex/contracts';
import { type MilestoneSummary, summariesById } from '#lib/milestone-summary.ts';

/** Where a contract's milestones stand: each by milestone id, and the money accepted, paid and overdue. */
export type ContractProgress = { byId: Record<string, MilestoneSummary>; totals: ContractImplementation['totals'] | null };

/**
 * Where each milestone of a contract in force stands, from the contract's one-read implementation. When the API does
 * not answer, the rows show no status rather than the page failing.
 */
export async function contractProgress(api: ApiClient, c: OrderContract, now: Date): Promise<ContractProgress> {
  if (c.currentVersion === null) return { byId: {}, totals: null };
  const res = await api.contractImplementation(c.orderId);
  return res.ok ? { byId: summariesById(res.data, c.viewerRole, now), totals: res.data.totals } : { byId: {}, totals: null };
}
