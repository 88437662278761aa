import { ATTACHMENT_KINDS, AmendmentReason } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, jsonResponse, problems } from '../../openapi.ts';
import * as cases from '../../use-cases/attachments.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, fileDownload, fileField, fileResponse, orderParams, signedIn } from './shared.ts';

const tags = ['attachments'];
const params = z.object({ id: PathId, attachmentId: PathId });

/** /orders/{id}/attachments: the order's guidelines and samples. */
export const attachmentRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/attachments', tags,
        summary: 'Add a guideline or sample to a draft, or to an open order as an amendment (multipart; type checked by content; at most 20 MB)',
        description:
          'Accepted: PDF, PNG, JPEG, ZIP, DOCX, XLSX (recognised by content, the extension must agree) and UTF-8 text named .txt, .md or .csv. ' +
          'On an open order the change is an amendment: logged, live bids must be re-confirmed, bidders are told (with `reason`), and ' +
          'the bid deadline must still leave the minimum bidding window.',
        request: {
          params: orderParams,
          body: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: z.object({
                  file: fileField,
                  kind: z.enum(ATTACHMENT_KINDS).default('other'),
                  /** why an open order's files change, for its bidders */
                  reason: AmendmentReason.optional(),
                }),
              },
            },
          },
        },
        responses: { 201: jsonResponse(S.Attachment, 'The stored file'), ...problems(...WRITE, 403, 409, 422) },
      }),
      async (c) => {
        const form = c.req.valid('form');
        const bytes = new Uint8Array(await form.file.arrayBuffer());
        const file = { name: form.file.name, bytes, kind: form.kind, reason: form.reason };
        return c.json(await cases.uploadAttachment(deps, requireAuth(c), c.req.valid('param').id, file, requestMeta(c)), 201);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/attachments/{attachmentId}', tags,
        summary: 'Download a file of an order (always as an attachment)',
        request: { params },
        responses: { 200: fileResponse, ...problems(401, 404) },
      }),
      async (c) => {
        const { id, attachmentId } = c.req.valid('param');
        const { row, bytes } = await cases.downloadAttachment(deps, requireAuth(c), id, attachmentId);
        return fileDownload(c, row, bytes);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'delete', path: '/{id}/attachments/{attachmentId}', tags,
        summary: 'Remove a file from a draft, or from an open order as an amendment (see the upload)',
        request: { params, query: z.object({ reason: AmendmentReason.optional() }) },
        responses: { 204: { description: 'Removed' }, ...problems(...WRITE, 403, 409) },
      }),
      async (c) => {
        const { id, attachmentId } = c.req.valid('param');
        await cases.deleteAttachment(deps, requireAuth(c), id, attachmentId, c.req.valid('query').reason ?? null, requestMeta(c));
        return c.body(null, 204);
      },
    );
