import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type SheetFormat, type SheetProblem } from '@annex/contracts';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { AppError } from '../errors.ts';

// Spreadsheets in and out: CSV (UTF-8, UTF-8 with BOM, or GB18030 — what Excel on Chinese Windows writes) and
// XLSX, read into rows of cell texts with csv-parse and exceljs, and written with csv-stringify and exceljs.
// Whatever is wrong with a file is an AppError with a 4xx code, never an exception of a library.

/** A sheet as read: its header, the data rows (empty lines skipped) with their row numbers, and cells that could not be read. */
export type ReadSheet = {
  format: SheetFormat;
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | null;
  header: string[];
  rows: { row: number; cells: string[] }[];
  /** cells whose value could not be taken (a formula without a cached result, an error value) */
  problems: SheetProblem[];
};

/** Largest total an XLSX may unpack to, and the most its parts may be compressed (a zip bomb is refused before it is opened). */
const MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024;
const MAX_XLSX_RATIO = 200;
const MAX_XLSX_PARTS = 2_000;

// CSV injection: what a spreadsheet would evaluate, and the same kept as text by a leading apostrophe
const FORMULA_START = /^[=+\-@\t\r]/;
const FORMULA_ESCAPED = /^'[=+\-@\t\r]/;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const BOM = [0xef, 0xbb, 0xbf];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

const unsupported = (why: string) =>
  new AppError('import_unsupported_file', `${why}: upload the catalogue as a CSV or XLSX file (the template shows the columns)`);
const unreadable = (why: string) => new AppError('import_unreadable_file', why);

/** The text of a CSV: BOM → UTF-8; valid UTF-8 → UTF-8; anything else → GB18030. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' } {
  if (startsWith(bytes, BOM)) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'), encoding: 'gb18030' };
  }
}

const blank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

function finish(format: SheetFormat, encoding: ReadSheet['encoding'], all: { row: number; cells: string[] }[], problems: SheetProblem[]): ReadSheet {
  const first = all.findIndex((r) => !blank(r.cells));
  if (first < 0) throw new AppError('import_bad_header', 'the file is empty: its first row must be the header (资源编码, 资源名称, …)');
  const header = all[first]!.cells;
  const rows = all.slice(first + 1).filter((r) => !blank(r.cells));
  if (rows.length === 0) throw new AppError('import_no_rows', 'the file has a header but no rows of entries');
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('import_too_many_rows', `the file has ${rows.length} rows; an import takes at most ${MAX_IMPORT_ROWS} (split the file)`);
  }
  return { format, encoding, header, rows, problems };
}

function readCsv(bytes: Uint8Array): ReadSheet {
  if (bytes.includes(0)) throw unsupported('the file is binary, not text');
  const { text, encoding } = decodeCsv(bytes);
  let records: string[][];
  try {
    // relax_column_count: a short or long row is the row's problem (its cells are checked), not the file's; empty
    // lines stay records so that row numbers are the ones Excel shows (they are skipped afterwards)
    records = parse(text, { relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    throw unreadable(`the CSV cannot be read: ${(err as Error).message}`);
  }
  const cells = (r: string[]) => r.map((c) => (FORMULA_ESCAPED.test(c) ? c.slice(1) : c));
  return finish('csv', encoding, records.map((r, i) => ({ row: i + 1, cells: cells(r) })), []);
}

/** Refuses an XLSX that would unpack to too much, by reading its central directory only. */
async function checkZip(bytes: Uint8Array): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true }, (err, z) =>
      err || !z ? reject(err ?? new Error('no zip')) : resolve(z)),
  ).catch(() => {
    throw unreadable('the XLSX file is damaged (its zip structure cannot be read)');
  });
  await new Promise<void>((resolve, reject) => {
    let total = 0;
    let parts = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      parts += 1;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (parts > MAX_XLSX_PARTS || total > MAX_XLSX_UNPACKED_BYTES || (entry.uncompressedSize > 1024 * 1024 && ratio > MAX_XLSX_RATIO)) {
        zip.close();
        reject(new AppError('import_file_too_large', 'the XLSX file unpacks to far more than it holds (a zip bomb?); save it again from Excel or upload a CSV'));
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', () => reject(unreadable('the XLSX file is damaged (its zip structure cannot be read)')));
    zip.readEntry();
  });
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The text of a cell value; null when it cannot be taken (the reason in `why`). */
function cellText(value: ExcelJS.CellValue, why: (reason: { zh: string; en: string; code: string }) => void): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return isoDay(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return String(value.text ?? '');
  if ('error' in value) {
    why({ code: 'cell_error', zh: `单元格的值是错误 ${value.error}`, en: `the cell holds the error ${value.error}` });
    return '';
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    if (result === undefined || result === null) {
      why({ code: 'formula_without_result', zh: '公式没有计算结果：请在 Excel 中重新计算并保存，或填写数值', en: 'a formula without a calculated result: recalculate and save in Excel, or type the value' });
      return '';
    }
    return cellText(result as ExcelJS.CellValue, why);
  }
  return '';
}

async function readXlsx(bytes: Uint8Array): Promise<ReadSheet> {
  await checkZip(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw unreadable('the XLSX file cannot be read: save it again from Excel, or upload a CSV');
  }
  const sheet = workbook.worksheets.find((w) => w.state !== 'hidden' && w.rowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) throw new AppError('import_bad_header', 'the workbook has no sheet');
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1000) {
    throw new AppError('import_too_many_rows', `the sheet has ${sheet.rowCount} rows; an import takes at most ${MAX_IMPORT_ROWS} (split the file)`);
  }
  const width = sheet.columnCount;
  const all: { row: number; cells: string[] }[] = [];
  const pending: { row: number; col: number; reason: { zh: string; en: string; code: string } }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      cells.push(cellText(row.getCell(c).value, (reason) => pending.push({ row: rowNumber, col: c, reason })));
    }
    all.push({ row: rowNumber, cells });
  });
  const read = finish('xlsx', null, all, []);
  const headerRow = all.find((r) => r.cells === read.header)?.row ?? 1;
  read.problems = pending
    .filter((p) => p.row > headerRow)
    .map((p) => ({ row: p.row, column: read.header[p.col - 1]?.trim() || null, code: p.reason.code, zh: p.reason.zh, en: p.reason.en }));
  return read;
}

/**
 * Reads an uploaded catalogue sheet. XLSX is recognised by its content (a zip), anything else must be text to be
 * taken as CSV; `fileName`'s extension must agree. Throws AppError: import_file_too_large, import_unsupported_file,
 * import_unreadable_file, import_bad_header (no header), import_no_rows, import_too_many_rows.
 */
export async function readSheetFile(fileName: string, bytes: Uint8Array): Promise<ReadSheet> {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new AppError('import_file_too_large', `the file has ${bytes.byteLength} bytes; an import takes at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  }
  if (bytes.byteLength === 0) throw new AppError('import_bad_header', 'the file is empty');
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const zip = startsWith(bytes, ZIP_MAGIC);
  if (ext === 'xls') throw unsupported('the old Excel format (.xls) is not read');
  if (zip && ext === 'xlsx') return await readXlsx(bytes);
  if (!zip && (ext === 'csv' || ext === 'txt')) return readCsv(bytes);
  if (ext === 'xlsx' || ext === 'csv') throw unsupported(`the file's content is not ${ext.toUpperCase()}`);
  throw unsupported(`a .${ext || '(no extension)'} file`);
}

/** Media types of the sheet's formats. */
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A sheet as CSV in UTF-8 with a BOM (Excel then reads the Chinese right). A cell that Excel would take for a formula
 * (=, +, -, @ first) is written with a leading apostrophe, which imports take off again.
 */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): Uint8Array {
  const safe = (r: readonly string[]) => r.map((c) => (FORMULA_START.test(c) ? `'${c}` : c));
  return new TextEncoder().encode(stringify([header, ...rows].map(safe), { bom: true, record_delimiter: 'windows' }));
}

/**
 * A CSV written as it is read: the BOM and header first, then each batch of rows (the same escaping as writeCsv), so a
 * large export never sits in memory whole.
 */
export async function* streamCsv(header: readonly string[], batches: AsyncIterable<readonly (readonly string[])[]>): AsyncGenerator<Uint8Array> {
  const safe = (r: readonly string[]) => r.map((c) => (FORMULA_START.test(c) ? `'${c}` : c));
  const encoder = new TextEncoder();
  yield encoder.encode(stringify([safe(header)], { bom: true, record_delimiter: 'windows' }));
  for await (const rows of batches) {
    if (rows.length > 0) yield encoder.encode(stringify(rows.map(safe), { record_delimiter: 'windows' }));
  }
}

/** A sheet as XLSX: the header bold and frozen, columns wide enough; `notes` (if any) on a second sheet 填写说明. */
export async function writeXlsx(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  notes?: readonly (readonly string[])[],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...header]).font = { bold: true };
  for (const r of rows) sheet.addRow([...r]);
  sheet.columns.forEach((c, i) => {
    c.width = Math.min(40, Math.max(10, header[i]!.length * 2 + 4));
  });
  if (notes) {
    const help = workbook.addWorksheet('填写说明');
    for (const r of notes) help.addRow([...r]);
    help.getRow(1).font = { bold: true };
    help.columns.forEach((c) => {
      c.width = 30;
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A table to export: its title (the sheet's name), header and rows of texts and numbers. */
export type ExportTable = { title: string; header: readonly string[]; rows: readonly (readonly (string | number | null)[])[] };

const csvCell = (c: string | number | null) => (c === null ? '' : typeof c === 'number' ? String(c) : c);

/** Several tables in one CSV, one after the other: each under a line with its title, a blank line between them. */
export function writeCsvTables(tables: readonly ExportTable[]): Uint8Array {
  const lines = tables.flatMap((t, i) => [...(i > 0 ? [[]] : []), [t.title], [...t.header], ...t.rows.map((r) => r.map(csvCell))]);
  const safe = (r: readonly string[]) => r.map((c) => (FORMULA_START.test(c) ? `'${c}` : c));
  return new TextEncoder().encode(stringify(lines.map(safe), { bom: true, record_delimiter: 'windows' }));
}

/** Several tables as XLSX, a sheet per table: the header bold and frozen, numbers kept as numbers. */
export async function writeWorkbook(tables: readonly ExportTable[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const t of tables) {
    const sheet = workbook.addWorksheet(t.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow([...t.header]).font = { bold: true };
    for (const r of t.rows) sheet.addRow(r.map((c) => (typeof c === 'string' && FORMULA_START.test(c) ? `'${c}` : c)));
    sheet.columns.forEach((c, i) => {
      c.width = Math.min(40, Math.max(10, (t.header[i]?.length ?? 4) * 2 + 4));
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
