// Lists the open orders a vendor's API token sees, soonest deadline first, and bids on the first one the vendor has
// not bid on yet and may bid on. Run with an API token of a vendor organisation with the scopes orders:read,
// bids:read and bids:write (an owner creates it on the "API tokens" page, /org/tokens):
//
//   ANNEX_URL=http://localhost:3001 ANNEX_TOKEN=annex_… pnpm --filter @annex/openapi-client example
//
// ANNEX_DISCOUNT (default 0.9) sets the bid as a share of the order's total budget.
import { createAnnexClient } from '../src/index.ts';

const token = process.env.ANNEX_TOKEN;
if (!token) {
  console.error('Set ANNEX_TOKEN to a vendor\'s API token with the scopes orders:read, bids:read and bids:write.');
  process.exit(2);
}
const annex = createAnnexClient({ baseUrl: process.env.ANNEX_URL ?? 'http://localhost:3001', token });
const discount = Number(process.env.ANNEX_DISCOUNT ?? '0.9');

// the newest published orders (filters such as status=open need the search service; this works without it)
const listed = await annex.GET('/api/v1/orders', { params: { query: { limit: 50 } } });
if (listed.error) {
  // every error is application/problem+json with a stable code and a sentence for people
  console.error(`Listing the orders failed: ${listed.error.code}: ${listed.error.detail}`);
  process.exit(1);
}
const open = listed.data.items
  .filter((o) => o.status === 'open')
  .sort((a, b) => (a.bidDeadline ?? '').localeCompare(b.bidDeadline ?? ''));
console.log(`${open.length} open orders:`);
for (const o of open) console.log(`  ${o.id}  ${o.title}  (bids close ${o.bidDeadline})`);

for (const item of open) {
  const mine = await annex.GET('/api/v1/orders/{id}/bids/mine', { params: { path: { id: item.id } } });
  if (mine.response.status !== 404) continue; // already bid on (or not visible): next one
  const order = await annex.GET('/api/v1/orders/{id}', { params: { path: { id: item.id } } });
  if (order.error) continue;
  const quantity = order.data.volume?.quantity ?? 1;
  const totalPriceFen = Math.max(1, Math.floor((order.data.budgetTotalFen ?? quantity * 100) * discount));
  const bid = await annex.POST('/api/v1/orders/{id}/bids', {
    params: { path: { id: item.id } },
    body: {
      totalPriceFen,
      unitPriceFen: Math.max(1, Math.floor(totalPriceFen / quantity)),
      deliveryDays: 20,
      teamSize: 30,
      committedAccuracy: 98.5,
      quoteLines: [],
      proposal: '双人标注、专人复核；每批附自检报告。Two annotators per item, a reviewer per batch, a self-check report with every batch.',
    },
  });
  if (bid.error) {
    // e.g. 422 not_eligible (with reasons), 409 bidding_closed, 403 insufficient_scope
    console.log(`Not bidding on ${item.id}: ${bid.error.code}: ${bid.error.detail}`);
    continue;
  }
  console.log(`Bid ${bid.data.id} on ${item.id}: ¥${(totalPriceFen / 100).toFixed(2)}`);
  process.exit(0);
}
console.log('No open order to bid on.');
