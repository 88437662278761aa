import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { call, setupApp, signInSecretariat } from '../../test-helpers.ts';
import { upload } from '../../test-market.ts';

// Catalogue import through the API: the three CSV encodings and XLSX, problems by row and column, duplicates,
// empty lines, formula cells, re-imports that change nothing, confirmation modes, and bad files answering 4xx.

let t: Awaited<ReturnType<typeof setupApp>>;
let app: App;
let cookie = '';

beforeAll(async () => {
  t = await setupApp();
  app = t.app;
  cookie = (await signInSecretariat(t.app, t.db)).cookie;
}, 120_000);
afterAll(() => t?.close());

const HEADER = ['资源编码', '资源名称', '摘要', '数源部门', '所属领域', '数据形态', '建议标注任务', '更新频率', '共享类型', '开放属性', '数据分级', '标签'];
let seq = 0;
/** A fresh code (each test imports its own entries). */
const code = () => `LC-T${(++seq).toString(36).toUpperCase()}-${String(Date.now() % 100000).padStart(5, '0')}`;
const row = (c: string, over: Partial<Record<(typeof HEADER)[number], string>> = {}) => {
  const base: Record<string, string> = {
    资源编码: c, 资源名称: `课堂教学视频 ${c}`, 摘要: '全市中小学录播教室的课堂视频', 数源部门: '市教体局', 所属领域: '教育', 数据形态: '视频',
    建议标注任务: '目标跟踪、分类标注', 更新频率: '每年', 共享类型: '有条件共享', 开放属性: '有条件', 数据分级: '一般', 标签: '课堂,教学',
  };
  return HEADER.map((h) => over[h] ?? base[h]!);
};
const csvText = (rows: string[][], header = HEADER) =>
  [header, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n');
const utf8 = (s: string) => new TextEncoder().encode(s);

async function preview(name: string, bytes: Uint8Array) {
  return upload(app, '/api/v1/catalogue/imports', cookie, { name, bytes, type: 'application/octet-stream' });
}
const confirm = (id: string, mode: 'all' | 'valid_only' = 'all') => call(app, 'POST', `/api/v1/catalogue/imports/${id}/confirm`, { cookie, body: { mode } });
const byCode = (c: string) => call(app, 'GET', `/api/v1/catalogue/by-code/${c}`, { cookie });

describe('catalogue import: encodings and formats', () => {
  const cases: [string, string, (s: string) => Uint8Array, string][] = [
    ['UTF-8', 'a.csv', utf8, 'utf-8'],
    ['UTF-8 with BOM', 'b.csv', (s) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(s)]), 'utf-8-bom'],
    ['GB18030', 'c.csv', (s) => new Uint8Array(iconv.encode(s, 'gb18030')), 'gb18030'],
  ];
  for (const [label, name, encode, encoding] of cases) {
    it(`reads a CSV in ${label} and imports it`, async () => {
      const c = code();
      const p = await preview(name, encode(csvText([row(c, { 资源名称: '聊城市中小学课堂教学视频（录播）' })])));
      expect(p.status, p.text).toBe(201);
      expect(p.json.encoding).toBe(encoding);
      expect(p.json.counts).toMatchObject({ rows: 1, valid: 1, invalid: 0, created: 1 });
      expect(p.json.problems).toEqual([]);
      expect((await byCode(c)).status).toBe(404); // nothing before the confirmation
      const r = await confirm(p.json.id);
      expect(r.status, r.text).toBe(200);
      expect(r.json).toMatchObject({ created: 1, updated: 0, unchanged: 0, skipped: 0 });
      const e = await byCode(c);
      expect(e.json).toMatchObject({
        title: '聊城市中小学课堂教学视频（录播）', sector: 'education', modality: 'video', taskTypes: ['tracking', 'classification'],
        updateFrequency: 'annual', sharingType: 'conditional', openType: 'conditional', dataLevel: 'general', tags: ['课堂', '教学'],
        status: 'draft', agency: { name: '聊城市教育和体育局' },
      });
    });
  }

  it('reads an XLSX: cached formula results are taken, a formula without one is reported at its cell', async () => {
    const [a, b] = [code(), code()];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.addRow(HEADER);
    ws.addRow(row(a));
    ws.addRow(row(b));
    ws.getCell('B2').value = { formula: 'CONCAT("课堂","视频")', result: '课堂视频（公式）' } as ExcelJS.CellFormulaValue;
    ws.getCell('B3').value = { formula: 'CONCAT("课堂","视频")' } as ExcelJS.CellFormulaValue;
    const p = await preview('目录.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(p.status, p.text).toBe(201);
    expect(p.json).toMatchObject({ format: 'xlsx', encoding: null, counts: { rows: 2, valid: 1, invalid: 1 } });
    expect(p.json.problems).toEqual([expect.objectContaining({ row: 3, column: '资源名称', code: 'formula_without_result' })]);
    expect(p.json.rows).toEqual([{ row: 2, code: a, title: '课堂视频（公式）', outcome: 'created' }]);
  });

  it('the XLSX template imports as it is (its example row names a seeded agency)', async () => {
    const tpl = await app.request('/api/v1/catalogue/imports/template?format=xlsx', { headers: { cookie } });
    expect(tpl.status).toBe(200);
    expect(tpl.headers.get('content-type')).toContain('spreadsheetml');
    const p = await preview('模板.xlsx', new Uint8Array(await tpl.arrayBuffer()));
    expect(p.status, p.text).toBe(201);
    expect(p.json.problems).toEqual([]);
    expect(p.json.counts.valid).toBe(1);
  });
});

describe('catalogue import: problems by row and column', () => {
  it('reports every problem with its row and column in both languages; empty lines are skipped but counted as rows of the sheet', async () => {
    const [a, b, c] = [code(), code(), code()];
    const text = csvText([
      row(a),
      ['', '', '', '', '', '', '', '', '', '', '', ''],
      row(b, { 所属领域: '航天', 数据形态: '全息' }),
      row(c, { 数源部门: '不存在的局', 建议标注任务: '矩形框标注、读心术' }),
    ]).replace('\r\n,,,,,,,,,,,\r\n', '\r\n\r\n\r\n'); // two empty lines where the blank record was
    const p = await preview('problems.csv', utf8(text));
    expect(p.status, p.text).toBe(201);
    expect(p.json.counts).toMatchObject({ rows: 3, valid: 1, invalid: 2 });
    const where = p.json.problems.map((x: { row: number; column: string; code: string }) => [x.row, x.column, x.code]);
    expect(where).toEqual([
      [5, '所属领域', 'unknown_value'],
      [5, '数据形态', 'unknown_value'],
      [6, '数源部门', 'unknown_agency'],
      [6, '建议标注任务', 'unknown_value'],
    ]);
    for (const x of p.json.problems) expect(x.zh && x.en).toBeTruthy();
    expect((await confirm(p.json.id)).json.code).toBe('import_has_problems');
    const r = await confirm(p.json.id, 'valid_only');
    expect(r.json).toMatchObject({ created: 1, skipped: 2 });
    expect((await byCode(a)).status).toBe(200);
    expect((await byCode(b)).status).toBe(404);
    expect((await confirm(p.json.id, 'valid_only')).json.code).toBe('import_already_confirmed');
  });

  it('reports a code that repeats within the file on each of its rows', async () => {
    const [a, b] = [code(), code()];
    const p = await preview('dup.csv', utf8(csvText([row(a), row(b), row(a.toLowerCase())])));
    expect(p.json.counts).toMatchObject({ valid: 1, invalid: 2 });
    expect(p.json.problems.map((x: { row: number; code: string }) => [x.row, x.code])).toEqual([[2, 'duplicate_code'], [4, 'duplicate_code']]);
  });

  it('checks dates, volumes, the publication needs and text rules', async () => {
    const header = [...HEADER, '时间范围起', '时间范围止', '数据量', '数据量单位', '发布状态'];
    const c = (over: Record<string, string>, extra: string[]) => [...row(code(), over), ...extra];
    const p = await preview('rules.csv', utf8(csvText([
      c({}, ['2021/9/1', '2025年7月15日', '12,000', '小时', '已发布']),
      c({}, ['2021-02-30', '', '', '', '']),
      c({}, ['2025-01-01', '2024-01-01', '', '', '']),
      c({}, ['', '', '12', '', '']),
      c({ 建议标注任务: '' }, ['', '', '', '', '已发布']),
      c({ 资源名称: 'a\u202Eb标题' }, ['', '', '', '', '']),
    ], header)));
    expect(p.status, p.text).toBe(201);
    expect(p.json.problems.map((x: { row: number; column: string; code: string }) => [x.row, x.column, x.code])).toEqual([
      [3, '时间范围起', 'not_a_date'],
      [4, '时间范围止', 'invalid'],
      [5, '数据量单位', 'volume_incomplete'],
      [6, '建议标注任务', 'required_to_publish'],
      [7, '资源名称', 'invalid'],
    ]);
    expect(p.json.counts.valid).toBe(1);
  });
});

describe('catalogue import: upsert by code', () => {
  it('a second import of the same file changes nothing: no version, no audit record, no outbox row', async () => {
    const [a, b] = [code(), code()];
    const bytes = utf8(csvText([row(a), row(b, { 标签: '' })]));
    const first = await preview('same.csv', bytes);
    expect((await confirm(first.json.id)).json.created).toBe(2);
    const before = await byCode(a);
    const counts = async () => {
      const [{ audit, outbox }] = (await t.db.sql<{ audit: number; outbox: number }[]>`
        select (select count(*)::int from audit_log) as audit, (select count(*)::int from outbox) as outbox`) as unknown as [{ audit: number; outbox: number }];
      return { audit, outbox };
    };
    const was = await counts();
    const again = await preview('same.csv', bytes);
    expect(again.json.counts).toMatchObject({ valid: 2, created: 0, updated: 0, unchanged: 2 });
    expect((await confirm(again.json.id)).json).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await counts()).toEqual(was);
    expect((await byCode(a)).json.version).toBe(before.json.version);
  });

  it('updates the fields the file gives and keeps the others; publishes when asked; all or nothing', async () => {
    const a = code();
    await confirm((await preview('one.csv', utf8(csvText([row(a)])))).json.id);
    const p = await preview('less.csv', utf8(csvText([[a, '改名后的课堂视频', '市教体局', '教育', '视频', '每月', '有条件共享', '有条件开放', '一般数据', '已发布']],
      ['资源编码', '资源名称', '数源部门', '所属领域', '数据形态', '更新频率', '共享类型', '开放属性', '数据分级', '发布状态'])));
    expect(p.json.rows[0].outcome).toBe('updated');
    expect((await confirm(p.json.id)).json.updated).toBe(1);
    const e = (await byCode(a)).json;
    expect(e).toMatchObject({ title: '改名后的课堂视频', updateFrequency: 'monthly', status: 'published', tags: ['课堂', '教学'], taskTypes: ['tracking', 'classification'] });
  });

  it('rolls the whole import back when a row fails while applying (mode all)', async () => {
    const [a, b] = [code(), code()];
    const p = await preview('rollback.csv', utf8(csvText([row(a), row(b)])));
    // the stored second row is made one the database refuses (a one-character title): its insert fails, the first is undone
    await t.db.sql`update catalogue_imports set rows = jsonb_set(rows, '{1,fields,title}', '"x"') where id = ${p.json.id}`;
    const r = await confirm(p.json.id);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect((await byCode(a)).status).toBe(404);
  });
});

describe('catalogue import: bad files answer 4xx with a stable code', () => {
  const zipBomb = async () => {
    // a zip whose one part unpacks from ~50 KB to 50 MB of zeros (ratio ~1000): refused from its directory, never unpacked
    const { deflateRawSync } = await import('node:zlib');
    const size = 50 * 1024 * 1024;
    const big = deflateRawSync(Buffer.alloc(size));
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(big.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(big.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(name.length, 28);
    const body = Buffer.concat([local, name, big]);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + name.length, 12); end.writeUInt32LE(body.length, 16);
    return new Uint8Array(Buffer.concat([body, central, name, end]));
  };
  const cases: [string, string, () => Promise<Uint8Array> | Uint8Array, number, string][] = [
    ['a PDF named .csv', 'x.csv', () => utf8('%PDF-1.7\n\u0000\u0001binary'), 415, 'import_unsupported_file'],
    ['an old .xls', 'x.xls', () => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), 415, 'import_unsupported_file'],
    ['a .docx', 'x.docx', () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), 415, 'import_unsupported_file'],
    ['text named .xlsx', 'x.xlsx', () => utf8('资源编码\nLC-A-1'), 415, 'import_unsupported_file'],
    ['a damaged .xlsx', 'x.xlsx', () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), 422, 'import_unreadable_file'],
    ['a zip bomb', 'x.xlsx', zipBomb, 413, 'import_file_too_large'],
    ['an empty file', 'x.csv', () => new Uint8Array(0), 422, 'import_bad_header'],
    ['a header only', 'x.csv', () => utf8(`${HEADER.join(',')}\n`), 422, 'import_no_rows'],
    ['a wrong header', 'x.csv', () => utf8('编号,名称\nLC-A-1,x\n'), 422, 'import_bad_header'],
    ['an unclosed quote', 'x.csv', () => utf8(`${HEADER.join(',')}\n"LC-A-1,x\n`), 422, 'import_unreadable_file'],
    ['too many rows', 'x.csv', () => utf8(csvText(Array.from({ length: 20_001 }, () => row('LC-A-1')))), 422, 'import_too_many_rows'],
    ['too large', 'x.csv', () => new Uint8Array(21 * 1024 * 1024).fill(0x41), 413, 'payload_too_large'],
  ];
  for (const [label, name, bytes, status, errorCode] of cases) {
    it(`${label} → ${status} ${errorCode}`, async () => {
      const r = await preview(name, await bytes());
      expect([r.status, r.json?.code], r.text.slice(0, 300)).toEqual([status, errorCode]);
    });
  }

  it('an unknown or expired import, and a confirmation without a body, are 4xx', async () => {
    expect((await confirm('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const p = await preview('x.csv', utf8(csvText([row(code())])));
    await t.db.sql`update catalogue_imports set expires_at = now() - interval '1 minute' where id = ${p.json.id}`;
    expect((await confirm(p.json.id)).json.code).toBe('import_expired');
    const r = await call(app, 'POST', `/api/v1/catalogue/imports/${p.json.id}/confirm`, { cookie, body: { mode: 'some' } });
    expect(r.status).toBe(400);
  });
});

describe('catalogue import: 10,000 rows', () => {
  it('previews and imports 10,000 rows', async () => {
    const prefix = `LC-TK${String(Date.now() % 1000).padStart(3, '0')}`;
    const rows = Array.from({ length: 10_000 }, (_, i) => row(`${prefix}-${String(i).padStart(5, '0')}`));
    const p = await preview('big.csv', utf8(csvText(rows)));
    expect(p.status, p.text.slice(0, 300)).toBe(201);
    expect(p.json.counts).toMatchObject({ rows: 10_000, valid: 10_000, created: 10_000 });
    const r = await confirm(p.json.id);
    expect(r.json).toMatchObject({ created: 10_000 });
    const [{ n }] = (await t.db.sql<{ n: number }[]>`select count(*)::int as n from catalogue_entries where code like ${`${prefix}-%`}`) as unknown as [{ n: number }];
    expect(n).toBe(10_000);
  }, 600_000);
});

describe('catalogue export', () => {
  it('exports the selection as CSV with a BOM that imports back unchanged', async () => {
    const a = code();
    await confirm((await preview('e.csv', utf8(csvText([row(a, { 所属领域: '农业农村', 摘要: '=HYPERLINK("http://x","点击")' })])))).json.id);
    const res = await app.request('/api/v1/catalogue/export?format=csv&status=draft&sector=agriculture', { headers: { cookie } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n');
    expect(lines.some((l) => l.startsWith(a))).toBe(true);
    for (const l of lines.slice(1)) expect(l).toContain('农业农村'); // only the selection
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""点击"")"`); // kept as text in Excel, not run as a formula
    const back = await preview('export.csv', bytes);
    expect(back.json.problems).toEqual([]);
    expect(back.json.counts.unchanged).toBe(back.json.counts.rows);
    expect((await byCode(a)).json.summary).toBe('=HYPERLINK("http://x","点击")');
  });

  it('exports XLSX', async () => {
    const res = await app.request('/api/v1/catalogue/export?format=xlsx&status=draft&sector=agriculture', { headers: { cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    expect(wb.worksheets[0]!.getRow(1).getCell(1).value).toBe('资源编码');
    expect(wb.worksheets[0]!.rowCount).toBeGreaterThan(1);
  });
});
