import { createHash } from 'node:crypto';
import {
  CATALOGUE_SHEET_COLUMNS, IMPORT_PREVIEW_HOURS, type ImportMode, type ImportPreview, type ImportResult, type SheetFormat, type SheetProblem,
  type SheetRow, duplicateCodeProblems, mapSheetHeader, readSheetRow,
} from '@annex/contracts';
import {
  type CatalogueActor, type CatalogueEntryFields, type CatalogueEntryRow, type CatalogueImportRow, type ImportRow, agencies, catalogue,
  catalogueImports, importOutcome,
} from '@annex/db';
import { normalizeCatalogueCode } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { CSV_TYPE, XLSX_TYPE, readSheetFile, writeCsv, writeXlsx } from '../lib/sheet-file.ts';
import { actorOf } from './catalogue-view.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireOrgKind } from './guards.ts';

// Importing the catalogue from a spreadsheet (the secretariat): upload → preview with every problem (row, column,
// message in zh/en) → confirm, all rows in one transaction or the valid ones only; upsert by resource code. The
// preview is stored (migration 0010) so that the confirmation applies exactly what was shown.

/** An uploaded file. */
export type UploadedSheet = { name: string; bytes: Uint8Array };

const CODE_CHUNK = 1000;

async function storedByCode(deps: Deps, codes: string[]): Promise<Map<string, CatalogueEntryRow>> {
  const out = new Map<string, CatalogueEntryRow>();
  for (let i = 0; i < codes.length; i += CODE_CHUNK) {
    for (const [k, v] of await catalogue.getByCodes(db(deps), codes.slice(i, i + CODE_CHUNK))) out.set(k, v);
  }
  return out;
}

/** The agencies by full and short name. */
async function agencyIndex(deps: Deps): Promise<(name: string) => string | null> {
  const byName = new Map<string, string>();
  for (const a of await agencies.list(db(deps))) {
    byName.set(a.name, a.id);
    if (a.shortName && !byName.has(a.shortName)) byName.set(a.shortName, a.id);
  }
  return (name) => byName.get(name.trim()) ?? null;
}

const sortProblems = (ps: SheetProblem[]) => ps.sort((a, b) => a.row - b.row);

/** Reads and checks a file as `actor` and stores the preview (the CLI's way in; the API checks the caller first). */
export async function previewImportAs(deps: Deps, actor: CatalogueActor, file: UploadedSheet): Promise<ImportPreview> {
  const sheet = await readSheetFile(file.name, file.bytes);
  const header = mapSheetHeader(sheet.header);
  if (header.problems.length > 0) {
    throw new AppError('import_bad_header', `the header row is not the template's: ${header.problems.map((p) => p.en).join('; ')}`, {
      errors: header.problems.map((p) => ({ path: p.column ?? 'header', message: `${p.zh} / ${p.en}` })),
    });
  }
  const agencyIdOf = await agencyIndex(deps);
  const codeColumn = header.index.code!;
  const codes = [...new Set(sheet.rows.map((r) => normalizeCatalogueCode(r.cells[codeColumn] ?? '')).filter(Boolean))];
  const stored = await storedByCode(deps, codes);
  const cellProblemRows = new Set(sheet.problems.map((p) => p.row));
  const read = sheet.rows.map((r) =>
    readSheetRow(header, r.cells, r.row, {
      agencyIdOf,
      stored: (code) => stored.get(code) ?? null,
    }),
  );

  const problems: SheetProblem[] = [...sheet.problems];
  // a cell the file layer could not read is reported once, as such, not again as empty
  const unreadable = new Set(sheet.problems.map((p) => `${p.row}\u0000${p.column}`));
  read.forEach((r) => {
    if (!r.ok) problems.push(...r.problems.filter((p) => !unreadable.has(`${p.row}\u0000${p.column}`)));
  });
  const duplicates = duplicateCodeProblems(read.map((r, i) => ({ row: sheet.rows[i]!.row, code: r.ok ? r.value.code : r.code })));
  problems.push(...duplicates);
  const bad = new Set([...cellProblemRows, ...duplicates.map((p) => p.row)]);
  const valid = read.filter((r): r is { ok: true; value: SheetRow } => r.ok && !bad.has(r.value.row)).map((r) => r.value);

  const rows: ImportRow[] = valid.map((v) => {
    const fields = v.fields as CatalogueEntryFields;
    const given = v.given as ImportRow['given'];
    return { row: v.row, code: v.code, title: v.fields.title, fields, given, status: v.status, outcome: importOutcome({ fields, given, status: v.status }, stored.get(v.code)) };
  });
  const count = (o: ImportRow['outcome']) => rows.filter((r) => r.outcome === o).length;
  const saved = await catalogueImports.create(db(deps), {
    createdBy: actor.userId,
    fileName: file.name.slice(0, 255) || 'catalogue',
    format: sheet.format,
    encoding: sheet.encoding,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    counts: {
      rows: sheet.rows.length, valid: rows.length, invalid: sheet.rows.length - rows.length,
      created: count('created'), updated: count('updated'), unchanged: count('unchanged'),
    },
    problems: sortProblems(problems),
    rows,
    expiresAt: new Date(deps.now().getTime() + IMPORT_PREVIEW_HOURS * 3600_000),
  });
  return toPreview(saved);
}

/** POST /catalogue/imports: the secretariat uploads a file; nothing changes in the catalogue until it is confirmed. */
export async function previewImport(deps: Deps, auth: AuthContext, file: UploadedSheet, meta: RequestMeta): Promise<ImportPreview> {
  requireOrgKind(auth, 'secretariat', 'import the catalogue');
  return previewImportAs(deps, actorOf(auth, meta), file);
}

/** GET /catalogue/imports/{id}: a preview again (the web shows it after a redirect). */
export async function getImport(deps: Deps, auth: AuthContext, id: string): Promise<ImportPreview> {
  requireOrgKind(auth, 'secretariat', 'import the catalogue');
  const row = await catalogueImports.get(db(deps), id);
  if (!row) throw new AppError('not_found', 'no catalogue import with this id');
  return toPreview(row);
}

/** Applies a previewed import as `actor` (the CLI's way in); `onProgress` hears of each row. */
export async function confirmImportAs(
  deps: Deps,
  actor: CatalogueActor,
  id: string,
  mode: ImportMode,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportResult> {
  const r = await catalogueImports.confirm(db(deps), id, mode, actor, deps.now(), onProgress);
  if (!r.ok) {
    throw {
      not_found: () => new AppError('not_found', 'no catalogue import with this id'),
      expired: () => new AppError('import_expired', `a preview waits ${IMPORT_PREVIEW_HOURS} hours for its confirmation; upload the file again`),
      already_confirmed: () => new AppError('import_already_confirmed', 'this import has been confirmed already'),
      has_problems: () =>
        new AppError('import_has_problems', 'some rows have problems: correct the file and upload it again, or import the valid rows only (mode valid_only)'),
    }[r.reason]();
  }
  const result = r.row.result!;
  return { id: r.row.id, mode, ...result, confirmedAt: r.row.confirmedAt!.toISOString() };
}

/** POST /catalogue/imports/{id}/confirm: the secretariat applies a preview, all rows or the valid ones only. */
export async function confirmImport(deps: Deps, auth: AuthContext, id: string, mode: ImportMode, meta: RequestMeta): Promise<ImportResult> {
  requireOrgKind(auth, 'secretariat', 'import the catalogue');
  return confirmImportAs(deps, actorOf(auth, meta), id, mode);
}

function toPreview(r: CatalogueImportRow): ImportPreview {
  return {
    id: r.id, fileName: r.fileName, format: r.format, sha256: r.sha256, encoding: r.encoding, counts: r.counts, problems: r.problems,
    rows: r.rows.map((x) => ({ row: x.row, code: x.code, title: x.title, outcome: x.outcome })),
    createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString(), confirmedAt: r.confirmedAt?.toISOString() ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Templates

const EXAMPLE = CATALOGUE_SHEET_COLUMNS.map((c) => c.example);
const HEADER = CATALOGUE_SHEET_COLUMNS.map((c) => c.zh);

/** GET /catalogue/imports/template: the sheet's header and an example row; the XLSX explains each column on a second sheet. */
export async function importTemplate(auth: AuthContext, format: SheetFormat): Promise<{ bytes: Uint8Array; fileName: string; contentType: string }> {
  requireOrgKind(auth, 'secretariat', 'import the catalogue');
  if (format === 'csv') return { bytes: writeCsv(HEADER, [EXAMPLE]), fileName: '公共数据标注目录模板.csv', contentType: CSV_TYPE };
  const notes = [['列', 'Column', '必填', '填写说明'], ...CATALOGUE_SHEET_COLUMNS.map((c) => [c.zh, c.en, c.required ? '是' : '', c.hint])];
  return { bytes: await writeXlsx('公共数据标注目录', HEADER, [EXAMPLE], notes), fileName: '公共数据标注目录模板.xlsx', contentType: XLSX_TYPE };
}
