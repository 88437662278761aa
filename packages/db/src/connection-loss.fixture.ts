// Run by client.test.ts as a process of its own: a pool of one connection, through a proxy that plays the server
// going away (connections dropped, then refused) and coming back; prints what each statement came to, as JSON.
import { createSql, transaction } from './client.ts';
import { isDatabaseUnavailable } from './errors.ts';
import { databaseProxy } from './testing.ts';

const [url, options] = process.argv.slice(2);
const proxy = await databaseProxy(url!);
// one connection: a pool that kept a dead one would fail every statement after
const sql = createSql(proxy.url, { ...(JSON.parse(options!) as object), max: 1 });
const unavailable = (p: PromiseLike<unknown>) => Promise.resolve(p).then(() => false, (e: unknown) => isDatabaseUnavailable(e));
const one = async () => (await sql<{ one: number }[]>`select 1 as one`)[0]?.one;
const settle = () => new Promise((r) => setTimeout(r, 50));
const seen: Record<string, unknown> = {};

// a reserved connection (a transaction's) cannot be swapped by the pool: its next statement must reject, not throw
// out of the driver's write timer (postgres.js 3.4.9, patched), and once released it must be reconnected
const c = await sql.reserve();
await c`select 1`;
proxy.cut();
await settle();
seen.reservedAfterCut = await unavailable(c`select 1`);
c.release();
seen.poolAfterRelease = await one();
// cut in the middle of a transaction: the next statement fails as unavailable, and the rollback does no harm
seen.transactionCutMidway = await unavailable(transaction(sql, async (tx) => {
  await tx`select 1`;
  proxy.cut();
  await settle();
  await tx`select 2`;
}));
seen.poolAfterTransaction = await one();
// the server down: connections refused; back: the same pool serves again
await proxy.down();
seen.serverDown = await unavailable(sql`select 1`);
// a while down, failing one attempt after another (each raises the driver's reconnect delay)…
for (let i = 0; i < 6; i++) await unavailable(sql`select 1`);
await proxy.up();
// …and back: served again within a few seconds, not after the driver's default delay of up to 20 s
const back = performance.now();
seen.serverBack = await one();
seen.backWithin3s = performance.now() - back < 3000;
seen.transactionAfter = await transaction(sql, async (tx) => (await tx<{ two: number }[]>`select 2 as two`)[0]?.two);
await sql.end({ timeout: 1 });
await proxy.close();
console.log(JSON.stringify(seen));
