import { CATALOGUE_SHEET_COLUMNS, type ExportQuery, MAX_EXPORT_ROWS, sheetRowOf } from '@annex/contracts';
import { type CatalogueEntryRow, type CatalogueFilters, catalogue } from '@annex/db';
import { catalogueContactVisible, catalogueToDcat } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { CSV_TYPE, XLSX_TYPE, writeCsv, writeXlsx } from '../lib/sheet-file.ts';
import { catalogueViewerOf } from './catalogue-view.ts';
import { type Deps, db } from './context.ts';

// The catalogue out of Annex: the current selection as a spreadsheet in the import's columns (so an export edited
// in Excel imports back), and the published catalogue as DCAT-AP 3.0 JSON-LD for open-data portals.

/** Every entry matching the filters, by resource code (the list's database query, page by page). */
async function allEntries(deps: Deps, filters: CatalogueFilters): Promise<CatalogueEntryRow[]> {
  const out: CatalogueEntryRow[] = [];
  let cursor: string | null = null;
  do {
    const page = await catalogue.list(db(deps), filters, { sort: 'code', cursor, limit: 100 });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (out.length > MAX_EXPORT_ROWS) {
      throw new AppError('rule_violation', `the selection has more than ${MAX_EXPORT_ROWS} entries: narrow it with the filters`);
    }
  } while (cursor);
  return out;
}

/** GET /catalogue/export: the entries of the list's selection as CSV (UTF-8 with BOM) or XLSX; contacts only for verified members. */
export async function exportEntries(
  deps: Deps,
  auth: AuthContext | null,
  q: ExportQuery,
): Promise<{ bytes: Uint8Array; fileName: string; contentType: string }> {
  const viewer = await catalogueViewerOf(deps, auth);
  const status = q.status?.length ? q.status : ['published' as const];
  if (viewer.kind !== 'secretariat' && status.some((s) => s !== 'published')) {
    throw new AppError('forbidden', 'only the secretariat exports draft and archived entries');
  }
  const { format, ...filters } = q;
  const rows = await allEntries(deps, { ...filters, status });
  const showContact = catalogueContactVisible(viewer);
  const header = CATALOGUE_SHEET_COLUMNS.map((c) => c.zh);
  const cells = rows.map((r) => sheetRowOf({ ...r, contact: showContact ? r.contact : null }));
  const day = deps.now().toISOString().slice(0, 10);
  return format === 'csv'
    ? { bytes: writeCsv(header, cells), fileName: `公共数据标注目录-${day}.csv`, contentType: CSV_TYPE }
    : { bytes: await writeXlsx('公共数据标注目录', header, cells), fileName: `公共数据标注目录-${day}.xlsx`, contentType: XLSX_TYPE };
}

/** GET /catalogue/dcat.jsonld: every published entry as DCAT-AP 3.0 JSON-LD (public). */
export async function dcatCatalogue(deps: Deps): Promise<Record<string, unknown>> {
  const rows = await allEntries(deps, { status: ['published'] });
  return catalogueToDcat(rows, { origin: deps.config.publicOrigin.replace(/\/$/, ''), now: deps.now() });
}
