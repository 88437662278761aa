import type { Tx } from '@annex/db';
import type { Deps } from '../use-cases/context.ts';
import { curateListing } from '../use-cases/curation.ts';
import { type DemoPerson, SEED_REQUEST, actingAs } from './demo-history.ts';

// The secretariat's curation in the demo market, through the use case: the open order with the most bids, the first
// verified vendor, a catalogue entry and a policy service are featured, so the home page shows its strip at first start.

/** Features one listing of each kind, chosen from what the demo seeded (skips a kind it finds nothing of). */
export async function writeDemoCuration(tx: Tx, deps: Deps, secretariat: DemoPerson): Promise<void> {
  const d: Deps = { ...deps, tx };
  const [order] = await tx<{ id: string }[]>`
    select o.id from orders o left join bids b on b.order_id = o.id and b.status <> 'withdrawn'
    where o.status = 'open' group by o.id order by count(b.id) desc, o.published_at desc limit 1`;
  const [vendor] = await tx<{ id: string }[]>`
    select org_id as id from vendor_profiles where verification_status = 'verified' order by verified_until desc, org_id limit 1`;
  const [entry] = await tx<{ id: string }[]>`select id from catalogue_entries where status = 'published' order by code limit 1`;
  const [service] = await tx<{ id: string }[]>`select id from policy_services where status = 'published' order by code limit 1`;
  const picks = [
    ['order', order, '本月重点推荐：预算充足、交付要求明确'],
    ['vendor', vendor, '本地标杆服务商：规上企业，具备安全屋与 DCMM 认证'],
    ['catalogue_entry', entry, '已开放申请，适合本地企业承接标注'],
    ['policy_service', service, '本季度申报窗口开放'],
  ] as const;
  for (const [kind, row, reason] of picks) {
    if (!row) continue;
    await curateListing(d, actingAs(secretariat), { kind, listingId: row.id, action: 'feature', reason }, SEED_REQUEST);
  }
}
