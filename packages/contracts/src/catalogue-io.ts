import { z } from 'zod';
import { CatalogueListQuery } from './catalogue.ts';
import { Id, IsoDateTime } from './common.ts';

// The catalogue's import and export over the API: upload → preview (every problem with its row and column) →
// confirm, the templates, the export of a selection, and the DCAT feed.

/** How long a preview waits for its confirmation. */
export const IMPORT_PREVIEW_HOURS = 24;

/** File formats of the catalogue sheet. */
export const SHEET_FORMATS = ['csv', 'xlsx'] as const;
export type SheetFormat = (typeof SHEET_FORMATS)[number];

/** A problem of an import: the sheet row (1 = the header), the column's header (null: the row or the file), a stable code, and the message in both languages. */
export const ImportProblem = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  code: z.string(),
  zh: z.string(),
  en: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

/** What a confirmed import would do to a row: add an entry, change one, or nothing (already as in the file). */
export const IMPORT_OUTCOMES = ['created', 'updated', 'unchanged'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

/** Counts of an import's rows. */
export const ImportCounts = z.object({
  /** data rows read (empty lines skipped) */
  rows: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type ImportCounts = z.infer<typeof ImportCounts>;

/** POST /catalogue/imports: the file read and checked, nothing stored in the catalogue yet. */
export const ImportPreview = z.object({
  id: Id,
  fileName: z.string(),
  format: z.enum(SHEET_FORMATS),
  /** SHA-256 of the file, hex */
  sha256: z.string(),
  /** the CSV's character set as detected (null for XLSX) */
  encoding: z.enum(['utf-8', 'utf-8-bom', 'gb18030']).nullable(),
  counts: ImportCounts,
  /** every problem, by row */
  problems: z.array(ImportProblem),
  /** the valid rows: sheet row, resource code, and what confirming would do */
  rows: z.array(z.object({ row: z.number().int(), code: z.string(), title: z.string(), outcome: z.enum(IMPORT_OUTCOMES) })),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  /** set once confirmed */
  confirmedAt: IsoDateTime.nullable(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** all: import only if no row has a problem (one transaction); valid_only: import the valid rows, skip the others. */
export const IMPORT_MODES = ['all', 'valid_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** POST /catalogue/imports/{id}/confirm. */
export const ConfirmImportRequest = z.strictObject({ mode: z.enum(IMPORT_MODES).default('all') });
export type ConfirmImportRequest = z.infer<typeof ConfirmImportRequest>;

/** What a confirmed import did. */
export const ImportResult = z.object({
  id: Id,
  mode: z.enum(IMPORT_MODES),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** rows with problems left out (valid_only) */
  skipped: z.number().int(),
  confirmedAt: IsoDateTime,
});
export type ImportResult = z.infer<typeof ImportResult>;

/** GET /catalogue/imports/template?format=. */
export const TemplateQuery = z.object({ format: z.enum(SHEET_FORMATS).default('xlsx') });

/** GET /catalogue/export: the list's filters and the file format; every matching entry (up to MAX_EXPORT_ROWS), by code. */
export const ExportQuery = CatalogueListQuery.omit({ cursor: true, limit: true, sort: true }).extend({
  format: z.enum(SHEET_FORMATS).default('xlsx'),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

/** Most entries one export holds. */
export const MAX_EXPORT_ROWS = 50_000;
