// `pnpm bench:catalogue`: imports BENCH_ENTRIES (default 10,000) catalogue entries from a generated CSV through the
// import's use cases (preview, then confirm in one transaction) — seconds, rows/s, peak RSS — then rebuilds the
// catalogue index and measures catalogue search latency p50/p95/p99 through the API over HTTP beside Meilisearch
// directly (the same searches, same run), with the ratio and the goal (API p95 ≤ 1.3 × direct p95 + 2 ms).
// Database: a throwaway database on DATABASE_URL (dropped at the end), else an in-memory PGlite.
// Meilisearch: MEILI_URL when set, else the embedded binary. Sizes: BENCH_ENTRIES, BENCH_QUERIES.
import { serve } from '@hono/node-server';
import { CATALOGUE_SECTOR_LIST, COUNTY_LIST, MODALITY_LIST, TASK_TYPE_LIST, UPDATE_FREQUENCY_LIST } from '@annex/domain';
import { agencies, createSql, type Sql } from '@annex/db';
import { createTestDatabase } from '@annex/db/testing.ts';
import { type CatalogueSearchParams, applyIndexSettings, reindex, type SearchService, searchCatalogue } from '@annex/search';
import { startTestMeilisearch } from '@annex/search/testing.ts';
import { pino } from 'pino';
import { createApp } from '../src/app.ts';
import { writeCsv } from '../src/lib/sheet-file.ts';
import { createMemoryFileStorage } from '../src/lib/storage.ts';
import { TEST_CONFIG } from '../src/test-helpers.ts';
import { confirmImportAs, previewImportAs } from '../src/use-cases/catalogue-import.ts';
import { createDeps } from '../src/use-cases/context.ts';
import { latencies, ms, pct, seeded } from './common.ts';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 600);

const { rand, pick, int } = seeded(20_261_207);

const SUBJECTS = [
  '中小学课堂教学视频', '校园安防监控', '医保结算单据', '门诊电子病历', '医学影像', '农田遥感影像', '畜禽养殖监控', '城市道路卡口图像',
  '公交刷卡记录', '12345 热线工单', '政务服务办件材料', '景区客流视频', '文物数字化图像', '工业产线质检图像', '环境监测站数据',
  '河道巡查视频', '城市部件普查点云', '不动产登记档案', '方言语音采集', '企业年报文本', '科技项目申报书', '专利文献',
];
const PLACES = ['东昌府区', '临清市', '茌平区', '阳谷县', '莘县', '东阿县', '冠县', '高唐县', '高新区', '经开区', '度假区', '全市'];
const UNITS = ['条', '份', '张', '帧', '小时'];

const HEADER = [
  '资源编码', '资源名称', '摘要', '数源部门', '所属领域', '数据形态', '建议标注任务', '数据量', '数据量单位', '时间范围起', '时间范围止', '更新频率',
  '共享类型', '开放属性', '数据分级', '含个人信息', '所属区县', '标签', '发布状态',
];

function entryRows(agencyNames: string[]): string[][] {
  return Array.from({ length: ENTRIES }, (_, i) => {
    const subject = pick(SUBJECTS);
    const place = pick(PLACES);
    const sector = pick(CATALOGUE_SECTOR_LIST);
    const year = int(2015, 2024);
    const tasks = [...new Set([pick(TASK_TYPE_LIST).zh, pick(TASK_TYPE_LIST).zh])].join('、');
    return [
      `LC-${sector.prefix}-${String(i + 1).padStart(5, '0')}`,
      `${place}${subject}（${year}—${year + int(0, 2)}）`,
      `${place}${subject}，由数源部门按月汇总，可用于${pick(TASK_TYPE_LIST).zh}与${pick(TASK_TYPE_LIST).zh}。编号 ${i}。`,
      pick(agencyNames), sector.zh, pick(MODALITY_LIST).zh, tasks,
      String(int(1, 500) * 1000), pick(UNITS), `${year}-01-01`, `${year + 1}-12-31`, pick(UPDATE_FREQUENCY_LIST).zh,
      pick(['无条件共享', '有条件共享', '不予共享']), pick(['无条件开放', '有条件开放', '不予开放']), pick(['一般数据', '重要数据']),
      rand() < 0.3 ? '是' : '否', pick(COUNTY_LIST).zh, `${pick(['公共数据', '大模型', '智慧城市', '民生'])}、${place}`, '已发布',
    ];
  });
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** The catalogue page's searches: words, agency short names, sector synonyms, codes, facets and sorts. */
function querySet(agencyIds: string[]): { label: string; p: CatalogueSearchParams }[] {
  const texts = ['课堂', '医学影像', '卫健', '文旅', '教体', '点云', '遥感', '方言', '市大数据局', '12345', 'LC-JY-00042', '病历', '质检', '客流'];
  const out = texts.map((q) => ({ label: `q=${q}`, p: { q } as CatalogueSearchParams }));
  out.push({ label: 'sector+modality', p: { sector: ['education'], modality: ['video'] } });
  out.push({ label: 'q+openType', p: { q: '视频', openType: ['conditional', 'unconditional'] } });
  out.push({ label: 'agency+county', p: { agencyId: [agencyIds[0]!], county: [COUNTY_LIST[0]!.code] } });
  out.push({ label: 'updated sort', p: { sort: 'updated' } });
  out.push({ label: 'code sort + status', p: { sort: 'code', annotationStatus: ['pending'] } });
  return out;
}

function toUrl(p: CatalogueSearchParams): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined) u.set(k, Array.isArray(v) ? v.join(',') : String(v));
  return `/api/v1/catalogue?${u}`;
}


const rows: [string, string, string][] = [];

async function measureImport(pool: Sql, agencyNames: string[]): Promise<void> {
  const bytes = writeCsv(HEADER, entryRows(agencyNames));
  const deps = createDeps({ sql: pool, config: TEST_CONFIG, search: null });
  const actor = { userId: null, orgId: null };
  const rss0 = process.resourceUsage().maxRSS;
  const t0 = performance.now();
  const preview = await previewImportAs(deps, actor, { name: 'bench.csv', bytes });
  const t1 = performance.now();
  if (preview.counts.invalid > 0) throw new Error(`bench rows have problems: ${JSON.stringify(preview.problems.slice(0, 3))}`);
  const result = await confirmImportAs(deps, actor, preview.id, 'all', (done, total) => {
    if (done % 1000 === 0 || done === total) process.stderr.write(`\r  import: ${done}/${total}`);
  });
  const t2 = performance.now();
  process.stderr.write('\n');
  const s = (a: number, b: number) => (b - a) / 1000;
  rows.push(['import: preview (read + check)', `${s(t0, t1).toFixed(1)} s  ${Math.round(ENTRIES / s(t0, t1))} rows/s`, `${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB CSV`]);
  rows.push(['import: confirm (one transaction)', `${s(t1, t2).toFixed(1)} s  ${Math.round(ENTRIES / s(t1, t2))} rows/s`, `${result.created} created`]);
  rows.push(['import: total', `${s(t0, t2).toFixed(1)} s  ${Math.round(ENTRIES / s(t0, t2))} rows/s`, `${ENTRIES} entries`]);
  rows.push(['import: peak RSS', mb(process.resourceUsage().maxRSS), `before the import ${mb(rss0)} (the process's peak so far)`]);
  // the search worker's outbox rows are not part of the measurement: reindex builds the index
  await pool`update outbox set processed_at = now() where processed_at is null`;
}

async function measureSearch(pool: Sql, meili: SearchService, agencyIds: string[]): Promise<void> {
  const r = await reindex({ sql: pool, search: meili }, 'catalogue');
  rows.push(['reindex catalogue', `${r.documents} documents`, `${(r.ms / 1000).toFixed(1)} s`]);
  const app = createApp({ sql: pool, config: TEST_CONFIG, search: meili, logger: pino({ level: 'silent' }), storage: createMemoryFileStorage() });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const queries = querySet(agencyIds);
  const failures: string[] = [];
  for (const q of queries) {
    await searchCatalogue(meili, q.p);
    await (await fetch(`${base}${toUrl(q.p)}`)).arrayBuffer();
  }
  const viaApi = await latencies(QUERIES, async (k) => {
    const q = queries[k % queries.length]!;
    const res = await fetch(`${base}${toUrl(q.p)}`);
    await res.arrayBuffer();
    if (res.status !== 200) failures.push(`${q.label}: ${res.status}`);
  });
  const viaDirect = await latencies(QUERIES, async (k) => void (await searchCatalogue(meili, queries[k % queries.length]!.p)));
  server.close();
  const summary = (xs: number[]) => `p50 ${ms(pct(xs, 50))}  p95 ${ms(pct(xs, 95))}  p99 ${ms(pct(xs, 99))}`;
  rows.push(['catalogue search via API (HTTP)', summary(viaApi), `${viaApi.length} searches`]);
  rows.push(['catalogue search direct (Meilisearch)', summary(viaDirect), `${viaDirect.length} searches`]);
  const goal = 1.3 * pct(viaDirect, 95) + 2;
  rows.push(['API ÷ direct', `p50 × ${(pct(viaApi, 50) / pct(viaDirect, 50)).toFixed(2)}  p95 × ${(pct(viaApi, 95) / pct(viaDirect, 95)).toFixed(2)}`, '']);
  rows.push(['API p95 goal', `≤ ${ms(goal)} (1.3 × direct p95 + 2 ms)`, pct(viaApi, 95) <= goal ? 'met' : 'NOT met']);
  if (failures.length) rows.push(['API errors', failures.slice(0, 3).join('; '), String(failures.length)]);
}

const db = await createTestDatabase();
const meili = await startTestMeilisearch();
try {
  console.log(`bench:catalogue — ${ENTRIES} entries; database ${db.backend}, Meilisearch ${meili.backend}`);
  const pool = createSql(db.url, { ...db.clientOptions, max: db.backend === 'pglite' ? 4 : 10 });
  await applyIndexSettings(meili.client, { prefix: meili.prefix });
  const list = await agencies.list(pool);
  await measureImport(pool, list.map((a) => a.shortName ?? a.name));
  await measureSearch(pool, meili, list.map((a) => a.id));
  await pool.end({ timeout: 5 });
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log('');
  console.log(`${'measure'.padEnd(w0)}  ${'result'.padEnd(w1)}  note`);
  console.log(`${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ----`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
} finally {
  await meili.close();
  await db.close();
}
