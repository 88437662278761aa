import { ConfirmImportRequest, ExportQuery, ImportPreview, ImportResult, TemplateQuery } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env.ts';
import { contentDisposition } from '../../lib/file-policy.ts';
import { requireAuth } from '../../middleware/session.ts';
import { createRouter, jsonBody, jsonResponse, named, problems } from '../../openapi.ts';
import * as exports from '../../use-cases/catalogue-export.ts';
import * as imports from '../../use-cases/catalogue-import.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requestMeta } from '../meta.ts';
import { fileField } from '../orders/shared.ts';
import { WRITE, idParams, signedIn } from './shared.ts';

const tags = ['catalogue import and export'];
const Preview = named(ImportPreview, 'CatalogueImportPreview');

const sheetResponse = {
  description: 'The file (CSV in UTF-8 with a BOM, or XLSX)',
  content: {
    'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
  },
};

const download = (c: Context<AppEnv>, f: { bytes: Uint8Array; fileName: string; contentType: string }, cache: string) =>
  c.body(f.bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': f.contentType,
    'Content-Disposition': contentDisposition(f.fileName),
    'Content-Length': String(f.bytes.byteLength),
    'Cache-Control': cache,
  }) as never;

/**
 * /catalogue/imports, /catalogue/export, /catalogue/dcat.jsonld: the secretariat imports the catalogue from CSV or
 * XLSX (upload → preview → confirm), anyone exports the selection, and the published catalogue as DCAT-AP.
 */
export const catalogueIoRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/imports/template', tags,
        summary: 'The import template: the Chinese header row (资源编码, 资源名称, …) and an example row; the XLSX explains each column (the secretariat)',
        request: { query: TemplateQuery },
        responses: { 200: sheetResponse, ...problems(400, 401, 403) },
      }),
      async (c) => download(c, await imports.importTemplate(requireAuth(c), c.req.valid('query').format), 'private, no-store'),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/imports', tags,
        summary: 'Upload a CSV (UTF-8, UTF-8 with BOM or GB18030) or XLSX of entries and get the preview: every problem with its row and column, and what confirming would do (the secretariat; at most 20 MB, 20,000 rows)',
        description:
          'Nothing changes in the catalogue until the preview is confirmed (within 24 hours). Rows are matched to entries by resource code; ' +
          'a column left out of the file leaves that field of an existing entry as it is. Bad files answer 4xx: import_unsupported_file, ' +
          'import_file_too_large, import_unreadable_file, import_bad_header, import_no_rows, import_too_many_rows.',
        request: { body: { required: true, content: { 'multipart/form-data': { schema: z.object({ file: fileField }) } } } },
        responses: { 201: jsonResponse(Preview, 'The preview'), ...problems(...WRITE, 422) },
      }),
      async (c) => {
        const form = c.req.valid('form');
        const file = { name: form.file.name, bytes: new Uint8Array(await form.file.arrayBuffer()) };
        return c.json(await imports.previewImport(deps, requireAuth(c), file, requestMeta(c)), 201);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/imports/{id}', tags,
        summary: 'A preview again, with its confirmation once confirmed (the secretariat)',
        request: { params: idParams },
        responses: { 200: jsonResponse(Preview, 'The preview'), ...problems(401, 403, 404) },
      }),
      async (c) => c.json(await imports.getImport(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/imports/{id}/confirm', tags,
        summary: 'Apply a preview in one transaction: mode `all` (refused while a row has problems) or `valid_only` (the secretariat; once)',
        request: { params: idParams, body: jsonBody(named(ConfirmImportRequest, 'ConfirmCatalogueImportRequest')) },
        responses: { 200: jsonResponse(named(ImportResult, 'CatalogueImportResult'), 'What the import did'), ...problems(...WRITE, 409, 410, 422) },
      }),
      async (c) =>
        c.json(await imports.confirmImport(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json').mode, requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/export', tags,
        summary: 'The entries of a selection (the list\'s filters) as CSV or XLSX in the import\'s columns; contacts only for verified members',
        request: { query: ExportQuery },
        responses: { 200: sheetResponse, ...problems(400, 403, 422) },
      }),
      async (c) => download(c, await exports.exportEntries(deps, c.get('auth'), c.req.valid('query')), 'private, no-store'),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/dcat.jsonld', tags,
        summary: 'The published catalogue as DCAT-AP 3.0 JSON-LD: a dcat:Catalog with a dcat:Dataset per entry (public)',
        responses: {
          200: { description: 'JSON-LD', content: { 'application/ld+json': { schema: z.record(z.string(), z.unknown()) } } },
        },
      }),
      async (c) =>
        c.body(JSON.stringify(await exports.dcatCatalogue(deps)), 200, {
          'Content-Type': 'application/ld+json; charset=utf-8',
          'Cache-Control': 'public, max-age=300',
        }) as never,
    );
