// `pnpm bench:ocds`: seeds BENCH_ORDERS (default 5,000) published orders with the audit trail their steps leave
// (about ten records each, some of them `order.unsuccessful`, which the feed reads), then measures the open-data feed
// GET /api/v1/ocds/releases through the API: the first page, pages from a `since` date-time spread over the year,
// and pages followed by `links.next` — p50/p95/p99 beside the goal (p95 ≤ 50 ms).
// Database: a throwaway database on DATABASE_URL (dropped at the end), else an in-memory PGlite.
// Sizes: BENCH_ORDERS, BENCH_QUERIES.
import type { Sql } from '@annex/db';
import { createTestDatabase } from '@annex/db/testing.ts';
import { MODALITIES } from '@annex/domain';
import { pino } from 'pino';
import { createApp } from '../src/app.ts';
import { createMemoryFileStorage } from '../src/lib/storage.ts';
import { TEST_CONFIG } from '../src/test-helpers.ts';
import { latencies, ms, pct, seeded } from './common.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 5_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const GOAL_P95_MS = 50;
const BATCH = 1_000;
const { rand, pick, int } = seeded(20_261_207);

const ACTIONS = ['order.created', 'order.updated', 'order.submitted', 'order.approved', 'question.asked', 'question.answered',
  'bid.submitted', 'order.bidding_closed', 'award.made', 'order.publicity_ended'];

async function seed(sql: Sql): Promise<void> {
  const t0 = performance.now();
  const buyers = (await sql<{ id: string }[]>`
    insert into organisations (kind, name, uscc, contact_name, contact_phone)
    select 'buyer', '测评需求方' || g, '91371500B' || lpad(g::text, 8, '0') || '0', '联系人', '13800000000'
    from generate_series(1, 100) as g
    returning id`).map((r) => r.id);
  for (let start = 0; start < ORDERS; start += BATCH) {
    const n = Math.min(BATCH, ORDERS - start);
    const rows = Array.from({ length: n }, (_, k) => {
      const published = int(1, 365);
      return {
        buyer: buyers[(start + k) % buyers.length]!, title: `测评订单 ${start + k}`, modality: pick(MODALITIES), published,
        deadline: published - int(7, 30),
        status: published > 30 ? pick(['evaluation', 'evaluation', 'unsuccessful', 'cancelled']) : 'open',
      };
    });
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    const ids = await sql<{ id: string; publishedAt: Date; status: string }[]>`
      insert into orders (buyer_org_id, title, description, modality, task_types, volume_quantity, volume_unit, budget_total_fen,
                          published_at, questions_close_at, bid_deadline, delivery_deadline, security_level, status, cancelled_at)
      select buyer, title, '说明', modality, '{bbox}', 1000, 'images', 1000000,
             now() - published * interval '1 day', now() - deadline * interval '1 day' - interval '1 day',
             now() - deadline * interval '1 day', now() + interval '90 days', 'public', status,
             case when status = 'cancelled' then now() - (published - 2) * interval '1 day' end
      from unnest(${sql.array(col('buyer'))}::uuid[], ${sql.array(col('title'))}::text[], ${sql.array(col('modality'))}::text[],
                  ${sql.array(col('published'))}::int[], ${sql.array(col('deadline'))}::int[], ${sql.array(col('status'))}::text[])
        as x(buyer, title, modality, published, deadline, status)
      returning id, published_at, status`;
    // the audit trail: about ten records per order over its life, `order.unsuccessful` where it ended so
    const audit = ids.flatMap((o) => {
      const actions = [...ACTIONS.slice(0, int(4, ACTIONS.length))];
      if (o.status === 'unsuccessful') actions.push('order.unsuccessful');
      return actions.map((action, i) => ({ id: o.id, action, at: new Date(o.publishedAt.getTime() + i * 3_600_000 * int(1, 48)) }));
    });
    await sql`
      insert into audit_log (at, entity_type, entity_id, action)
      select at, 'order', id, action
      from unnest(${sql.array(audit.map((a) => a.at.toISOString()))}::timestamptz[], ${sql.array(audit.map((a) => a.id))}::text[],
                  ${sql.array(audit.map((a) => a.action))}::text[]) as x(at, id, action)`;
    process.stderr.write(`\r  seeding: ${start + n}/${ORDERS} orders`);
  }
  await sql`analyze`;
  process.stderr.write(`\r  seeded ${ORDERS} orders in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

const db = await createTestDatabase();
try {
  console.log(`bench:ocds — ${ORDERS} published orders; database ${db.backend}`);
  const pool = db.sql;
  await seed(pool);
  const app = createApp({ sql: pool, config: TEST_CONFIG, search: null, logger: pino({ level: 'silent' }), storage: createMemoryFileStorage() });
  const get = async (path: string) => {
    const res = await app.request(path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { releases: unknown[]; links: { next: string } };
  };
  const year = 365 * 86_400_000;
  const sinceAt = () => new Date(Date.now() - rand() * year).toISOString();
  await get('/api/v1/ocds/releases'); // warm
  const first = await latencies(Math.ceil(QUERIES / 3), async () => void (await get('/api/v1/ocds/releases')));
  const since = await latencies(Math.ceil(QUERIES / 3), async () => void (await get(`/api/v1/ocds/releases?since=${encodeURIComponent(sinceAt())}`)));
  let next = `/api/v1/ocds/releases?since=${encodeURIComponent(sinceAt())}`;
  const following = await latencies(Math.ceil(QUERIES / 3), async () => {
    const page = await get(next);
    const url = new URL(page.links.next);
    next = page.releases.length > 0 ? `${url.pathname}${url.search}` : `/api/v1/ocds/releases?since=${encodeURIComponent(sinceAt())}`;
  });
  const all = [...first, ...since, ...following].sort((a, b) => a - b);
  const summary = (xs: number[]) => `p50 ${ms(pct(xs, 50))}  p95 ${ms(pct(xs, 95))}  p99 ${ms(pct(xs, 99))}`;
  const rows: [string, string, string][] = [
    ['first page', summary(first), `${first.length} requests`],
    ['page from a since date-time', summary(since), `${since.length} requests`],
    ['pages by links.next', summary(following), `${following.length} requests`],
    ['all pages', summary(all), `${all.length} requests`],
    ['p95 goal', `≤ ${ms(GOAL_P95_MS)}`, pct(all, 95) <= GOAL_P95_MS ? 'met' : 'NOT met'],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w)}  ${b.padEnd(44)}  ${c}`);
} finally {
  await db.close();
}
