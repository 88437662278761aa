import {
  ANNOTATION_STATUS_LIST, CATALOGUE_SECTOR_LIST, CATALOGUE_STATUS_LIST, COUNTY_LIST, type CatalogueStatus, DATA_LEVEL_LIST, type Labelled,
  MODALITY_LIST, OPEN_TYPE_LIST, RAW_VOLUME_UNIT_LIST, SHARING_TYPE_LIST, TASK_TYPE_LIST, UPDATE_FREQUENCY_LIST, cataloguePublishProblems,
  codeOfLabel, labelOf, normalizeCatalogueCode,
} from '@annex/domain';
import type { z } from 'zod';
import { CatalogueEntryInput } from './catalogue.ts';

// The catalogue as a spreadsheet (公共数据标注目录 import and export): one column per field of an entry, headed by
// its Chinese name, cells in the words a secretariat official types (教育, 每月, 有条件开放, 是). The file layer
// (apps/api) turns CSV or XLSX into rows of cell texts; this module turns a row into an entry's fields and the
// problems found, each with its row, column and a message in Chinese and English.

/** A column of the catalogue sheet. */
export type SheetColumn = {
  key: SheetKey;
  /** the header as the template writes it and imports read it */
  zh: string;
  en: string;
  /** an import without this column is refused; a row with the cell empty is a problem */
  required: boolean;
  /** what the template's example row shows */
  example: string;
  /** how to fill it in (the template's second sheet) */
  hint: string;
};

/** The keys of the sheet's columns. */
export type SheetKey =
  | 'code' | 'title' | 'summary' | 'agency' | 'sector' | 'modality' | 'taskTypes' | 'volumeQuantity' | 'volumeUnit' | 'coverageFrom'
  | 'coverageTo' | 'updateFrequency' | 'sharingType' | 'openType' | 'dataLevel' | 'containsPersonalInfo' | 'accessConditions'
  | 'annotationStatus' | 'county' | 'tags' | 'contactName' | 'contactPhone' | 'contactEmail' | 'status';

const zhLabels = (list: readonly Labelled<string>[]) => list.map((x) => x.zh).join(' / ');
const col = (key: SheetKey, zh: string, en: string, required: boolean, example: string, hint: string): SheetColumn =>
  ({ key, zh, en, required, example, hint });

/** The columns, in the template's order. */
export const CATALOGUE_SHEET_COLUMNS: readonly SheetColumn[] = [
  col('code', '资源编码', 'Resource code', true, 'LC-JY-0001', '秘书处分配的唯一编码，如 LC-JY-0001；导入时按编码新增或更新'),
  col('title', '资源名称', 'Title', true, '中小学课堂教学视频资源', '2–200 字'),
  col('summary', '摘要', 'Summary', false, '全市中小学录播教室采集的课堂视频，可用于教学行为识别。', '可用 Markdown；发布的条目必填'),
  col('agency', '数源部门', 'Holding agency', true, '聊城市教育和体育局', '部门名录中的全称或简称'),
  col('sector', '所属领域', 'Sector', true, '教育', zhLabels(CATALOGUE_SECTOR_LIST)),
  col('modality', '数据形态', 'Modality', true, '视频', zhLabels(MODALITY_LIST)),
  col('taskTypes', '建议标注任务', 'Suggested task types', false, '目标跟踪、分类标注', `多个用顿号或逗号分隔：${zhLabels(TASK_TYPE_LIST)}；发布的条目必填`),
  col('volumeQuantity', '数据量', 'Raw volume', false, '12000', '整数；与数据量单位同填'),
  col('volumeUnit', '数据量单位', 'Volume unit', false, '小时', zhLabels(RAW_VOLUME_UNIT_LIST)),
  col('coverageFrom', '时间范围起', 'Coverage from', false, '2021-09-01', '日期，如 2021-09-01'),
  col('coverageTo', '时间范围止', 'Coverage to', false, '2025-07-15', '日期，不早于起始日期'),
  col('updateFrequency', '更新频率', 'Update frequency', true, '每年', zhLabels(UPDATE_FREQUENCY_LIST)),
  col('sharingType', '共享类型', 'Sharing type', true, '有条件共享', zhLabels(SHARING_TYPE_LIST)),
  col('openType', '开放属性', 'Openness', true, '有条件开放', zhLabels(OPEN_TYPE_LIST)),
  col('dataLevel', '数据分级', 'Data level', true, '一般数据', zhLabels(DATA_LEVEL_LIST)),
  col('containsPersonalInfo', '含个人信息', 'Personal information', false, '是', '是 / 否（空为否）'),
  col('accessConditions', '获取条件', 'Access conditions', false, '签订数据安全承诺书，在指定环境内标注', '至多 2000 字'),
  col('annotationStatus', '标注状态', 'Annotation status', false, '待标注', `${zhLabels(ANNOTATION_STATUS_LIST)}（空：新条目为待标注，已有条目不变）`),
  col('county', '所属区县', 'County', false, '', `${zhLabels(COUNTY_LIST)}（空为市级）`),
  col('tags', '标签', 'Tags', false, '课堂、教学行为', '多个用顿号或逗号分隔，至多 20 个'),
  col('contactName', '联系人', 'Contact', false, '王老师', '仅向已认证会员显示'),
  col('contactPhone', '联系电话', 'Contact phone', false, '0635-8888888', ''),
  col('contactEmail', '联系邮箱', 'Contact e-mail', false, '', ''),
  col('status', '发布状态', 'Publication', false, '草稿', `${zhLabels(CATALOGUE_STATUS_LIST)}（空：新条目为草稿，已有条目不变）`),
];

/** A problem of an import: where (sheet row, 1 = the header; column header or null for the whole row) and what, in both languages. */
export type SheetProblem = { row: number; column: string | null; code: string; zh: string; en: string };

/** The sheet's header mapped to columns: the index of each column found, and what is wrong with the header. */
export type SheetHeader = { index: Partial<Record<SheetKey, number>>; problems: SheetProblem[] };

/** Maps a header row to the sheet's columns: by Chinese or English name (trimmed, any case); unknown, repeated and missing required columns are problems. */
export function mapSheetHeader(header: readonly string[]): SheetHeader {
  const index: Partial<Record<SheetKey, number>> = {};
  const problems: SheetProblem[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') return;
    const column = CATALOGUE_SHEET_COLUMNS.find((c) => c.zh === name || c.en.toLowerCase() === name.toLowerCase() || c.key === name);
    if (!column) {
      problems.push({ row: 1, column: name, code: 'unknown_column', zh: `未知的列“${name}”`, en: `unknown column "${name}"` });
    } else if (index[column.key] !== undefined) {
      problems.push({ row: 1, column: column.zh, code: 'repeated_column', zh: `列“${column.zh}”出现了两次`, en: `the column "${column.zh}" appears twice` });
    } else {
      index[column.key] = i;
    }
  });
  for (const c of CATALOGUE_SHEET_COLUMNS) {
    if (c.required && index[c.key] === undefined) {
      problems.push({ row: 1, column: c.zh, code: 'missing_column', zh: `缺少必填列“${c.zh}”`, en: `the required column "${c.zh}" (${c.en}) is missing` });
    }
  }
  return { index, problems };
}

/** What an import knows of an entry already stored under a code. */
export type StoredEntryFacts = { status: CatalogueStatus; summary: string; taskTypes: readonly string[] };

/** A row read into an entry: the fields (defaults filled in), which of them the file gave, and the publication status it asks for. */
export type SheetRow = {
  row: number;
  code: string;
  fields: CatalogueEntryInput;
  /** the fields the file's columns give (an existing entry keeps the others) */
  given: (keyof CatalogueEntryInput)[];
  /** the 发布状态 asked for, or null to keep (new entries: draft) */
  status: CatalogueStatus | null;
};

/** The result of reading one row: the entry, or its problems. */
export type SheetRowResult = { ok: true; value: SheetRow } | { ok: false; code: string | null; problems: SheetProblem[] };

const LIST_SEPARATORS = /[、,，;；|\n]+/;
const SUFFIXES = ['共享', '开放', '数据'];

/** The code of a label as typed, also without its common suffix (有条件 for 有条件开放, 一般 for 一般数据). */
function matchLabel<C extends string>(list: readonly Labelled<C>[], text: string): C | null {
  const exact = codeOfLabel(list, text);
  if (exact) return exact;
  const t = text.trim().replace(/\s+/g, '');
  return list.find((x) => x.zh.replace(/\s+/g, '') === t || SUFFIXES.some((s) => x.zh === `${t}${s}`))?.code ?? null;
}

const YES = ['是', '有', 'y', 'yes', 'true', '1', '含'];
const NO = ['否', '无', 'n', 'no', 'false', '0', '不含', ''];

/** A date as typed (2021-09-01, 2021/9/1, 2021.9.1, 2021年9月1日) in ISO form, or null if not a real date. */
export function parseSheetDate(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

// the column a zod issue's path belongs to
const FIELD_COLUMN: Record<string, SheetKey> = {
  code: 'code', title: 'title', summary: 'summary', agencyId: 'agency', sector: 'sector', modality: 'modality', taskTypes: 'taskTypes',
  coverageFrom: 'coverageFrom', coverageTo: 'coverageTo', updateFrequency: 'updateFrequency', sharingType: 'sharingType',
  openType: 'openType', dataLevel: 'dataLevel', containsPersonalInfo: 'containsPersonalInfo', accessConditions: 'accessConditions',
  annotationStatus: 'annotationStatus', county: 'county', tags: 'tags',
};
function columnOfPath(path: readonly PropertyKey[]): SheetKey {
  const [field, sub] = path.map(String);
  if (field === 'volume') return sub === 'unit' ? 'volumeUnit' : 'volumeQuantity';
  if (field === 'contact') return sub === 'phone' ? 'contactPhone' : sub === 'email' ? 'contactEmail' : 'contactName';
  return FIELD_COLUMN[field ?? ''] ?? 'code';
}

/** A zod issue in words for a secretariat official. */
function issueText(issue: z.core.$ZodIssue): { zh: string; en: string } {
  const en = issue.message;
  if (issue.code === 'too_small') {
    const n = Number(issue.minimum);
    return { zh: issue.origin === 'string' ? `至少 ${n} 个字` : issue.origin === 'array' ? `至少 ${n} 项` : `不能小于 ${n}`, en };
  }
  if (issue.code === 'too_big') {
    const n = Number(issue.maximum);
    return { zh: issue.origin === 'string' ? `至多 ${n} 个字` : issue.origin === 'array' ? `至多 ${n} 项` : `不能大于 ${n}`, en };
  }
  if (issue.code === 'invalid_format') return { zh: '格式不正确', en };
  if (issue.code === 'invalid_value' || issue.code === 'invalid_type') return { zh: '不是可选的值', en };
  if (/hidden|control|bidi|zero-width/i.test(en)) return { zh: '含有不可见或控制字符', en };
  if (/repeat/.test(en)) return { zh: '有重复的项', en };
  if (/coverage ends before/.test(en)) return { zh: '时间范围止早于时间范围起', en };
  return { zh: `不符合要求（${en}）`, en };
}

/** Where the import looks up what a row names: agencies by full or short name, and entries stored under a code. */
export type SheetContext = {
  agencyIdOf: (name: string) => string | null;
  stored: (code: string) => StoredEntryFacts | null;
};

/**
 * Reads one row of the sheet (`cells` in the header's order; `row` its sheet row number) into an entry's fields,
 * or every problem found in it. A column absent from the header is left as stored (defaults for a new entry);
 * an empty cell in a present column clears the field — except 标注状态 and 发布状态, which an empty cell keeps.
 */
export function readSheetRow(header: SheetHeader, cells: readonly string[], row: number, ctx: SheetContext): SheetRowResult {
  const problems: SheetProblem[] = [];
  const columnOf = (key: SheetKey) => CATALOGUE_SHEET_COLUMNS.find((c) => c.key === key)!;
  const has = (key: SheetKey) => header.index[key] !== undefined;
  const cell = (key: SheetKey) => (has(key) ? (cells[header.index[key]!] ?? '').trim() : '');
  const problem = (key: SheetKey, code: string, zh: string, en: string) => problems.push({ row, column: columnOf(key).zh, code, zh, en });
  const candidate: Record<string, unknown> = {};
  const given = new Set<keyof CatalogueEntryInput>();
  const give = (field: keyof CatalogueEntryInput, value: unknown) => {
    candidate[field] = value;
    given.add(field);
  };

  for (const c of CATALOGUE_SHEET_COLUMNS) {
    if (c.required && cell(c.key) === '') problem(c.key, 'required', `“${c.zh}”必填`, `${c.en} is required`);
  }
  const code = normalizeCatalogueCode(cell('code'));
  give('code', code);
  give('title', cell('title'));
  if (has('summary')) give('summary', cells[header.index.summary!] ?? '');
  if (has('accessConditions')) give('accessConditions', cell('accessConditions'));

  const agencyName = cell('agency');
  if (agencyName) {
    const id = ctx.agencyIdOf(agencyName);
    if (id) give('agencyId', id);
    else problem('agency', 'unknown_agency', `部门名录中没有“${agencyName}”`, `no agency named "${agencyName}" in the list of agencies`);
  }

  const one = <C extends string>(key: SheetKey & keyof CatalogueEntryInput, list: readonly Labelled<C>[], keepWhenEmpty = false) => {
    if (!has(key)) return;
    const text = cell(key);
    if (text === '') {
      if (!keepWhenEmpty && !columnOf(key).required) give(key, null);
      return;
    }
    const value = matchLabel(list, text);
    if (value) give(key, value);
    else problem(key, 'unknown_value', `“${text}”不是可选的值（${zhLabels(list)}）`, `"${text}" is not one of: ${list.map((x) => x.en).join(', ')}`);
  };
  one('sector', CATALOGUE_SECTOR_LIST);
  one('modality', MODALITY_LIST);
  one('updateFrequency', UPDATE_FREQUENCY_LIST);
  one('sharingType', SHARING_TYPE_LIST);
  one('openType', OPEN_TYPE_LIST);
  one('dataLevel', DATA_LEVEL_LIST);
  one('county', COUNTY_LIST);
  one('annotationStatus', ANNOTATION_STATUS_LIST, true);

  const many = <C extends string>(key: 'taskTypes' | 'tags', list: readonly Labelled<C>[] | null) => {
    if (!has(key)) return;
    const items = cell(key).split(LIST_SEPARATORS).map((s) => s.trim()).filter(Boolean);
    if (!list) return give(key, items);
    const codes: C[] = [];
    for (const item of items) {
      const value = matchLabel(list, item);
      if (value) codes.push(value);
      else problem(key, 'unknown_value', `“${item}”不是可选的值`, `"${item}" is not a known ${columnOf(key).en.toLowerCase()}`);
    }
    give(key, codes);
  };
  many('taskTypes', TASK_TYPE_LIST);
  many('tags', null);

  if (has('volumeQuantity') || has('volumeUnit')) {
    const q = cell('volumeQuantity').replace(/[,，\s]/g, '');
    const u = cell('volumeUnit');
    if (q === '' && u === '') give('volume', null);
    else if (q === '' || u === '') {
      problem(q === '' ? 'volumeQuantity' : 'volumeUnit', 'volume_incomplete', '数据量与数据量单位须同时填写', 'give both the raw volume and its unit');
    } else {
      const unit = matchLabel(RAW_VOLUME_UNIT_LIST, u);
      if (!unit) problem('volumeUnit', 'unknown_value', `“${u}”不是可选的单位（${zhLabels(RAW_VOLUME_UNIT_LIST)}）`, `"${u}" is not a known unit`);
      if (!/^\d+$/.test(q)) problem('volumeQuantity', 'not_a_number', `“${q}”不是整数`, `"${q}" is not a whole number`);
      else if (unit) give('volume', { quantity: Number(q), unit });
    }
  }

  for (const key of ['coverageFrom', 'coverageTo'] as const) {
    if (!has(key)) continue;
    const text = cell(key);
    if (text === '') give(key, null);
    else {
      const iso = parseSheetDate(text);
      if (iso) give(key, iso);
      else problem(key, 'not_a_date', `“${text}”不是日期（如 2021-09-01）`, `"${text}" is not a date (e.g. 2021-09-01)`);
    }
  }

  if (has('containsPersonalInfo')) {
    const t = cell('containsPersonalInfo').toLowerCase();
    if (YES.includes(t)) give('containsPersonalInfo', true);
    else if (NO.includes(t)) give('containsPersonalInfo', false);
    else problem('containsPersonalInfo', 'unknown_value', `“${t}”应为 是 或 否`, `"${t}" should be 是 (yes) or 否 (no)`);
  }

  if (has('contactName')) {
    const name = cell('contactName');
    const phone = cell('contactPhone');
    const email = cell('contactEmail');
    if (name) give('contact', { name, phone: phone || null, email: email || null });
    else if (phone || email) problem('contactName', 'required', '填写联系电话或邮箱时须填写联系人', 'a contact phone or e-mail needs a contact name');
    else give('contact', null);
  }

  let status: CatalogueStatus | null = null;
  const statusText = cell('status');
  if (statusText) {
    status = matchLabel(CATALOGUE_STATUS_LIST, statusText);
    if (!status) problem('status', 'unknown_value', `“${statusText}”不是可选的值（${zhLabels(CATALOGUE_STATUS_LIST)}）`, `"${statusText}" is not one of: draft, published, archived`);
  }

  // the agency's id stands in when unknown (already reported), so that the row's other problems are found too
  const parsed = CatalogueEntryInput.safeParse({ agencyId: '00000000-0000-4000-8000-000000000000', ...candidate });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = columnOf(columnOfPath(issue.path));
      if (problems.some((p) => p.column === key.zh)) continue;
      const text = issueText(issue);
      problem(key.key, 'invalid', `“${key.zh}”${text.zh}`, `${key.en}: ${text.en}`);
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, code: code || null, problems };

  const stored = ctx.stored(parsed.data.code);
  const effective = {
    status: status ?? stored?.status ?? 'draft',
    summary: given.has('summary') || !stored ? parsed.data.summary : stored.summary,
    taskTypes: given.has('taskTypes') || !stored ? parsed.data.taskTypes : stored.taskTypes,
  };
  if (effective.status === 'published') {
    for (const field of cataloguePublishProblems(effective as Parameters<typeof cataloguePublishProblems>[0])) {
      const key = field === 'summary' ? 'summary' : 'taskTypes';
      problem(key, 'required_to_publish', `已发布的条目须填写“${columnOf(key).zh}”`, `a published entry needs ${columnOf(key).en.toLowerCase()}`);
    }
    if (problems.length > 0) return { ok: false, code: parsed.data.code, problems };
  }
  return { ok: true, value: { row, code: parsed.data.code, fields: parsed.data, given: [...given], status } };
}

/** Problems for every row whose code another row of the file has too (each names the first row with it). */
export function duplicateCodeProblems(rows: readonly { row: number; code: string | null }[]): SheetProblem[] {
  const first = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const r of rows) {
    if (!r.code) continue;
    if (!first.has(r.code)) first.set(r.code, r.row);
    counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  }
  return rows
    .filter((r) => r.code && (counts.get(r.code) ?? 0) > 1)
    .map((r) => {
      const at = first.get(r.code!)!;
      const other = at === r.row ? rows.find((x) => x.code === r.code && x.row !== r.row)!.row : at;
      return {
        row: r.row, column: '资源编码', code: 'duplicate_code',
        zh: `资源编码 ${r.code} 在第 ${other} 行也出现`, en: `the resource code ${r.code} is also on row ${other}`,
      };
    });
}

/** An entry as a row of the sheet (export, and the template's example row), in the columns' order. */
export function sheetRowOf(e: {
  code: string; title: string; summary: string; agency: { name: string }; sector: string; modality: string; taskTypes: readonly string[];
  volume: { quantity: number; unit: string } | null; coverageFrom: string | null; coverageTo: string | null; updateFrequency: string;
  sharingType: string; openType: string; dataLevel: string; containsPersonalInfo: boolean; accessConditions: string; annotationStatus: string;
  county: string | null; tags: readonly string[]; contact: { name: string; phone: string | null; email: string | null } | null; status: string;
}): string[] {
  const zh = (list: readonly Labelled<string>[], code: string) => labelOf(list, code).zh;
  const values: Record<SheetKey, string> = {
    code: e.code, title: e.title, summary: e.summary, agency: e.agency.name, sector: zh(CATALOGUE_SECTOR_LIST, e.sector),
    modality: zh(MODALITY_LIST, e.modality), taskTypes: e.taskTypes.map((t) => zh(TASK_TYPE_LIST, t)).join('、'),
    volumeQuantity: e.volume ? String(e.volume.quantity) : '', volumeUnit: e.volume ? zh(RAW_VOLUME_UNIT_LIST, e.volume.unit) : '',
    coverageFrom: e.coverageFrom ?? '', coverageTo: e.coverageTo ?? '', updateFrequency: zh(UPDATE_FREQUENCY_LIST, e.updateFrequency),
    sharingType: zh(SHARING_TYPE_LIST, e.sharingType), openType: zh(OPEN_TYPE_LIST, e.openType), dataLevel: zh(DATA_LEVEL_LIST, e.dataLevel),
    containsPersonalInfo: e.containsPersonalInfo ? '是' : '否', accessConditions: e.accessConditions,
    annotationStatus: zh(ANNOTATION_STATUS_LIST, e.annotationStatus), county: e.county ? zh(COUNTY_LIST, e.county) : '', tags: e.tags.join('、'),
    contactName: e.contact?.name ?? '', contactPhone: e.contact?.phone ?? '', contactEmail: e.contact?.email ?? '',
    status: zh(CATALOGUE_STATUS_LIST, e.status),
  };
  return CATALOGUE_SHEET_COLUMNS.map((c) => values[c.key]);
}
